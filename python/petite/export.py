"""Export the sine model with the official ExecuTorch flow and write its reference vectors.

    python -m petite.export [--out-dir DIR] [--weights PATH] [--retrain] [--no-fold-transposes] [--quiet]

Writes DIR/sine_model.{pte,ptv,eager.ptv,ops.txt,report.txt,metrics.json}. Reuses the trained
weights (DIR/sine_weights.pt unless --weights) and trains them first when there are none.
Does nothing ("up to date") when every output is newer than the weights and petite's sources.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

from petite.env import DEFAULT_BUILD, check_versions, fail, quiet_stderr, run_main

NAME = "sine_model"
NCASES = 100  # the firmware's default sweep: x_i = 2*pi*i/99, i = 0..99
OUTPUT_SUFFIXES = (".pte", ".ptv", ".eager.ptv", ".ops.txt", ".report.txt", ".metrics.json")
SOURCES = ("env.py", "train.py", "flow.py", "export.py", "ptv.py")


def outputs(out_dir: Path, name: str = NAME) -> list[Path]:
    return [out_dir / f"{name}{s}" for s in OUTPUT_SUFFIXES]


def is_up_to_date(out_dir: Path, weights: Path, options: dict[str, object], sources: list[Path],
                  name: str = NAME) -> bool:
    """True when every output exists, is newer than the inputs, and was made with these options."""
    outs = outputs(out_dir, name)
    if not all(p.is_file() for p in outs) or not weights.is_file():
        return False
    try:
        made_with = json.loads((out_dir / f"{name}.metrics.json").read_text()).get("options")
    except (OSError, ValueError):
        return False
    if made_with != options:
        return False
    newest_input = max(p.stat().st_mtime for p in [weights, *sources] if p.is_file())
    return min(p.stat().st_mtime for p in outs) >= newest_input


def ensure_writable(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        fail(f"cannot create output directory {out_dir}: {e.strerror or e}")
    if not out_dir.is_dir():
        fail(f"output path {out_dir} is not a directory")
    probe = out_dir / f".petite-write-test-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        fail(f"output directory {out_dir} is not writable: {e.strerror or e}")


def sine_cases(n: int = NCASES) -> "list[list[torch.Tensor]]":  # noqa: F821
    """n inputs of shape [1, 1], evenly spaced over [0, 2*pi], both ends included."""
    import torch

    xs = [2.0 * math.pi * i / (n - 1) for i in range(n)]
    return [[torch.tensor([[x]], dtype=torch.float32)] for x in xs]


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    t0 = time.perf_counter()
    check_versions()
    out_dir: Path = a.out_dir
    weights: Path = a.weights or out_dir / "sine_weights.pt"
    if a.weights is not None and not a.weights.is_file() and not a.retrain:
        fail(f"weights file not found: {a.weights} (train it with `python -m petite.train --out {a.weights}`, "
             f"or drop --weights)")
    ensure_writable(out_dir)
    here = Path(__file__).resolve().parent
    options = {"fold_transposes": a.fold}
    if not a.retrain and is_up_to_date(out_dir, weights, options, [here / s for s in SOURCES]):
        print(f"{NAME}: up to date in {out_dir} ({time.perf_counter() - t0:.2f} s)")
        return 0
    with quiet_stderr():
        return build(a, out_dir, weights, options, t0)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m petite.export", description=__doc__.splitlines()[0])
    p.add_argument("--out-dir", type=Path, default=DEFAULT_BUILD / "models", help="default %(default)s")
    p.add_argument("--weights", type=Path, help="trained state_dict to export (default OUT_DIR/sine_weights.pt; "
                   "trained if absent unless given explicitly)")
    p.add_argument("--retrain", action="store_true", help="train again even if weights exist")
    p.add_argument("--no-fold-transposes", dest="fold", action="store_false",
                   help="keep the weight transposes (aten::permute_copy) as run-time ops")
    p.add_argument("--quiet", action="store_true", help="print only the summary")
    return p.parse_args(argv)


def build(a: argparse.Namespace, out_dir: Path, weights: Path, options: dict[str, object], t0: float) -> int:
    from petite import train

    if a.retrain or not weights.is_file():
        print(f"stage 0: training ({'--retrain' if a.retrain else 'no weights at ' + str(weights)})")
        model, fit = train.train(quiet=a.quiet)
        train.save(model, fit, weights)
        train.print_fit(fit)
    else:
        print(f"stage 0: reusing trained weights {weights}")
        model = train.load(weights)
    mx, rmse = train.measure_fit(model)
    train_metrics_file = train.metrics_path(weights)
    train_metrics = json.loads(train_metrics_file.read_text()) if train_metrics_file.is_file() else {}

    from petite import flow
    import torch

    print("stage 1-3: torch.export -> to_edge -> " + ("constant folding -> " if a.fold else "") + "to_executorch")
    ex = flow.export(NAME, model, (torch.zeros(1, 1),), fold=a.fold)
    fit_text = (f"model: 1-16-16-1 ReLU MLP for sin(x), weights {weights}\n"
                f"fit on {train.DENSE_POINTS} points in [0, 2pi]: max|err| {mx:.5f}, rmse {rmse:.5f} "
                f"(target max|err| <= {train.TARGET_MAX_ERR})")
    try:
        metrics = flow.write_outputs(ex, model, sine_cases(), out_dir, fit_text, quiet=a.quiet)
    except OSError as e:
        fail(f"cannot write to {out_dir}: {e.strerror or e}")
    metrics.update({"options": options, "max_abs_err": mx, "rmse": rmse, "fit_points": train.DENSE_POINTS,
                    "train_seconds": train_metrics.get("seconds"), "weights": str(weights)})
    flow.write_json(out_dir / f"{NAME}.metrics.json", metrics)
    print(f"{NAME}: wrote {', '.join(p.name for p in outputs(out_dir))} to {out_dir}")
    print(f"{NAME}: .pte {metrics['pte_bytes']} bytes, arena {metrics['arena_bytes']} bytes, "
          f"ops {' '.join(ex.ops)}; fit max|err| {mx:.5f} rmse {rmse:.5f}; "
          f"executorch vs eager max|diff| {metrics['oracle_max_abs_diff']:.3g} "
          f"({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(run_main(main))
