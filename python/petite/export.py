"""Export the sine model with the official ExecuTorch flow and write its reference vectors.

    python -m petite.export [--out-dir DIR] [--weights PATH | --retrain] [--no-fold-transposes] [--quiet]

Writes DIR/sine_model.{pte,ptv,eager.ptv,ops.txt,report.txt,metrics.json} and DIR/sine_weights.json
(the weights exported, which `petite.quant` quantizes). By default it exports the trained weights
petite ships (python/petite/sine_weights.json, checked against their sha256), so the .pte and
everything downstream are the same on every machine; --weights exports others (a JSON file like
it, or a torch state_dict), --retrain trains afresh (float training differs slightly between CPUs).
Does nothing ("up to date") when the outputs were made from the same weights and options and are
newer than petite's sources.
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
WEIGHTS_COPY = "sine_weights.json"  # in OUT_DIR: the weights the .pte was exported from


def outputs(out_dir: Path, name: str = NAME) -> list[Path]:
    return [out_dir / f"{name}{s}" for s in OUTPUT_SUFFIXES]


def is_up_to_date(out_dir: Path, options: dict[str, object], sources: list[Path], name: str = NAME,
                  also: tuple[Path, ...] = ()) -> bool:
    """True when every output (and every file in `also`) exists, the outputs are newer than the
    sources, and they were made with these options (for the sine model: the weights' sha256)."""
    outs = outputs(out_dir, name)
    if not all(p.is_file() for p in [*outs, *also]):
        return False
    try:
        made_with = json.loads((out_dir / f"{name}.metrics.json").read_text()).get("options")
    except (OSError, ValueError):
        return False
    if made_with != options:
        return False
    newest_input = max(p.stat().st_mtime for p in sources if p.is_file())
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
    from petite import train

    if a.retrain and a.weights is not None:
        fail("--retrain and --weights exclude each other: --retrain trains new weights, --weights exports given ones")
    weights: Path = a.weights or train.SHIPPED_WEIGHTS
    if not a.retrain and not weights.is_file():
        fail(f"weights file not found: {weights} (train it with `python -m petite.train --out {weights}`, "
             f"or drop --weights to export the shipped ones)")
    ensure_writable(out_dir)
    here = Path(__file__).resolve().parent
    if not a.retrain:
        options = {"fold_transposes": a.fold, "weights_sha256": train.sha256_file(weights)}
        if is_up_to_date(out_dir, options, [here / s for s in SOURCES], also=(out_dir / WEIGHTS_COPY,)):
            print(f"{NAME}: up to date in {out_dir} ({time.perf_counter() - t0:.2f} s)")
            return 0
    with quiet_stderr():
        return build(a, out_dir, weights, t0)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m petite.export", description=__doc__.splitlines()[0])
    p.add_argument("--out-dir", type=Path, default=DEFAULT_BUILD / "models", help="default %(default)s")
    p.add_argument("--weights", type=Path, help="trained weights to export: a .json like the shipped "
                   "python/petite/sine_weights.json (the default), or a torch state_dict")
    p.add_argument("--retrain", action="store_true", help="train new weights instead of exporting the shipped ones "
                   "(float training differs slightly between CPUs, so the outputs will too)")
    p.add_argument("--no-fold-transposes", dest="fold", action="store_false",
                   help="keep the weight transposes (aten::permute_copy) as run-time ops")
    p.add_argument("--quiet", action="store_true", help="print only the summary")
    return p.parse_args(argv)


def shown_path(p: Path) -> str:
    """A path as the user would name it: repository-relative when inside the checkout."""
    try:
        return str(p.resolve().relative_to(Path(__file__).resolve().parents[2]))
    except ValueError:
        return str(p)


def build(a: argparse.Namespace, out_dir: Path, weights: Path, t0: float) -> int:
    from petite import train

    copy = out_dir / WEIGHTS_COPY
    train_seconds = None
    if a.retrain:
        print("stage 0: training (--retrain)")
        model, fit = train.train(quiet=a.quiet)
        train.save(model, fit, copy)
        train.print_fit(fit)
        train_seconds = fit.seconds
        weights = copy
        source = f"trained now (--retrain), saved as {copy}"
    else:
        model = train.load(weights)
        shipped = weights.resolve() == train.SHIPPED_WEIGHTS
        source = f"{'shipped' if shipped else 'given'}: {shown_path(weights)}"
        print(f"stage 0: trained weights {source}")
        if not copy.is_file() or copy.read_bytes() != weights.read_bytes():
            if weights.suffix == ".json":
                copy.write_bytes(weights.read_bytes())
            else:
                copy.write_text(train.weights_json(model, None, f"exported from {weights}"))
    options = {"fold_transposes": a.fold, "weights_sha256": train.sha256_file(weights)}
    mx, rmse = train.measure_fit(model)

    from petite import flow
    import torch

    print("stage 1-3: torch.export -> to_edge -> " + ("constant folding -> " if a.fold else "") + "to_executorch")
    ex = flow.export(NAME, model, (torch.zeros(1, 1),), fold=a.fold)
    fit_text = (f"model: 1-16-16-1 ReLU MLP for sin(x), weights {source}\n"
                f"fit on {train.DENSE_POINTS} points in [0, 2pi]: max|err| {mx:.5f}, rmse {rmse:.5f} "
                f"(target max|err| <= {train.TARGET_MAX_ERR})")
    try:
        metrics = flow.write_outputs(ex, model, sine_cases(), out_dir, fit_text, quiet=a.quiet)
    except OSError as e:
        fail(f"cannot write to {out_dir}: {e.strerror or e}")
    metrics.update({"options": options, "max_abs_err": mx, "rmse": rmse, "fit_points": train.DENSE_POINTS,
                    "train_seconds": train_seconds, "weights": source})
    flow.write_json(out_dir / f"{NAME}.metrics.json", metrics)
    print(f"{NAME}: wrote {', '.join(p.name for p in outputs(out_dir))} to {out_dir}")
    print(f"{NAME}: .pte {metrics['pte_bytes']} bytes, arena {metrics['arena_bytes']} bytes, "
          f"ops {' '.join(ex.ops)}; fit max|err| {mx:.5f} rmse {rmse:.5f}; "
          f"executorch vs eager max|diff| {metrics['oracle_max_abs_diff']:.3g} "
          f"({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(run_main(main))
