"""Train the 1-16-16-1 ReLU MLP that learns sin(x) on [0, 2*pi].

    python -m petite.train [--out PATH] [--epochs N] [--seed S]

PATH ending in .json writes the weights as JSON (the form petite ships: SHIPPED_WEIGHTS);
any other suffix writes a torch state_dict.

Full-batch Adam with a cosine learning-rate schedule on a fixed grid: deterministic on CPU,
a few seconds. The first layer starts with its 16 ReLU kinks spread evenly over [0, 2*pi]
(alternating slope +1/-1) instead of at random places: with raw, unscaled x a random init
leaves several kinks outside the range, and those units never learn. The fit is measured on a dense grid (DENSE_POINTS) that is not the training
grid, and saved next to the weights as <weights>.metrics.json.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from petite.env import DEFAULT_BUILD, check_versions, fail, run_main

TWO_PI = 2.0 * math.pi
TRAIN_POINTS = 512
DENSE_POINTS = 2001
TARGET_MAX_ERR = 0.03
DEFAULT_EPOCHS = 4000
DEFAULT_SEED = 0


# The trained weights petite ships, so that the default export (and everything downstream:
# the .pte bytes, the device outputs, the README's figures) is the same on every machine.
# Float training is not bit-reproducible across CPUs; these were made once with
#   python -m petite.train --out python/petite/sine_weights.json
# (torch 2.13.0, seed 0, 4000 epochs). If the file is regenerated, update this checksum.
SHIPPED_WEIGHTS = Path(__file__).resolve().parent / "sine_weights.json"
SHIPPED_WEIGHTS_SHA256 = "96c8599b13f3b96d78a51542051e82620c4ae373518e5d8bad72cdc440f02323"


def default_weights_path() -> Path:
    return DEFAULT_BUILD / "models" / "sine_weights.pt"


def sha256_file(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Fit:
    max_abs_err: float
    rmse: float
    points: int
    epochs: int
    seed: int
    seconds: float
    params: int


def make_model() -> "torch.nn.Module":  # noqa: F821 - torch imported lazily
    import torch

    class SineMLP(torch.nn.Module):
        """x[N,1] -> Linear(1,16) -> ReLU -> Linear(16,16) -> ReLU -> Linear(16,1)."""

        def __init__(self) -> None:
            super().__init__()
            self.fc1 = torch.nn.Linear(1, 16)
            self.fc2 = torch.nn.Linear(16, 16)
            self.fc3 = torch.nn.Linear(16, 1)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            x = torch.relu(self.fc1(x))
            x = torch.relu(self.fc2(x))
            return self.fc3(x)

    return SineMLP()


def spread_kinks(model: "torch.nn.Module") -> None:
    """Put unit i's kink (where w*x + b = 0) at knot i of an even grid inside [0, 2*pi]."""
    import torch

    with torch.no_grad():
        n = model.fc1.out_features
        knots = torch.linspace(0.2, TWO_PI - 0.2, n)
        sign = torch.where(torch.arange(n) % 2 == 0, 1.0, -1.0)
        model.fc1.weight.copy_(sign.unsqueeze(1))
        model.fc1.bias.copy_(-sign * knots)


def measure_fit(model: "torch.nn.Module", points: int = DENSE_POINTS) -> tuple[float, float]:
    """Max |error| and RMSE against sin(x) on `points` evenly spaced x in [0, 2*pi]."""
    import torch

    x = torch.linspace(0.0, TWO_PI, points).unsqueeze(1)
    with torch.no_grad():
        err = model(x) - torch.sin(x)
    return float(err.abs().max()), float(err.pow(2).mean().sqrt())


def train(epochs: int = DEFAULT_EPOCHS, seed: int = DEFAULT_SEED, quiet: bool = False) -> tuple["torch.nn.Module", Fit]:
    import torch

    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)  # same summation order on every machine

    model = make_model()
    spread_kinks(model)
    x = torch.linspace(0.0, TWO_PI, TRAIN_POINTS).unsqueeze(1)
    y = torch.sin(x)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs, eta_min=1e-5)
    params = sum(p.numel() for p in model.parameters())
    if not quiet:
        print(f"train: 1-16-16-1 ReLU MLP, {params} parameters (fc1 16+16, fc2 256+16, fc3 16+1), {TRAIN_POINTS} points, "
              f"full-batch Adam, cosine LR 1e-2 -> 1e-5, {epochs} epochs, seed {seed}")

    start = time.perf_counter()
    report_every = max(1, epochs // 10)
    for epoch in range(1, epochs + 1):
        opt.zero_grad()
        # Mean squared error plus a little of the worst case: the target is max |error|.
        diff = model(x) - y
        loss = diff.pow(2).mean() + 0.1 * diff.abs().max().pow(2)
        loss.backward()
        opt.step()
        sched.step()
        if not quiet and (epoch % report_every == 0 or epoch == 1):
            mx, rmse = measure_fit(model, TRAIN_POINTS)
            print(f"  epoch {epoch:5d}/{epochs}  loss {loss.item():.3e}  "
                  f"max|err| {mx:.4f}  rmse {rmse:.4f}  lr {sched.get_last_lr()[0]:.1e}")
    seconds = time.perf_counter() - start

    model.eval()
    mx, rmse = measure_fit(model)
    return model, Fit(mx, rmse, DENSE_POINTS, epochs, seed, round(seconds, 2), params)


def metrics_path(weights: Path) -> Path:
    return weights.with_suffix(".metrics.json")


def weights_json(model: "torch.nn.Module", fit: Fit | None, about: str) -> str:
    """The state_dict as JSON text, one row of a weight matrix per line: each float32 in its
    shortest decimal form that reads back to the same float32 (checked), so the file is
    small, reviewable and exact."""
    import numpy as np
    import torch

    def row(values: "np.ndarray") -> str:
        text = [np.format_float_positional(v, unique=True, trim="-") for v in values]
        back = np.array([float(v) for v in text], dtype=np.float64).astype(np.float32)
        assert np.array_equal(back.view(np.uint32), values.view(np.uint32)), "float32 round trip"
        return "[" + ", ".join(text) + "]"

    fit_doc = None if fit is None else {k: v for k, v in asdict(fit).items() if k != "seconds"}
    lines = ["{", f' "about": {json.dumps(about)},', f' "fit": {json.dumps(fit_doc)},', ' "state_dict": {']
    items = list(model.state_dict().items())
    for i, (name, t) in enumerate(items):
        a = t.detach().to(torch.float32).numpy()
        if a.ndim == 2:
            values = "[\n" + ",\n".join("   " + row(r) for r in a) + "\n  ]"
        else:
            values = row(a.reshape(-1))
        comma = "," if i + 1 < len(items) else ""
        lines.append(f'  {json.dumps(name)}: {{"shape": {json.dumps(list(a.shape))}, "values": {values}}}{comma}')
    lines += [" }", "}"]
    return "\n".join(lines) + "\n"


def save(model: "torch.nn.Module", fit: Fit, out: Path) -> None:
    import torch

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.suffix == ".json":
            about = (f"1-16-16-1 ReLU MLP for sin(x) on [0, 2pi]: `python -m petite.train --epochs {fit.epochs} "
                     f"--seed {fit.seed} --out {out.name}` (torch {torch.__version__})")
            out.write_text(weights_json(model, fit, about))  # the fit is inside; no timing
        else:
            torch.save(model.state_dict(), out)
            metrics_path(out).write_text(json.dumps(asdict(fit), indent=2) + "\n")
    except OSError as e:
        fail(f"cannot write weights to {out}: {e.strerror or e}")


def _state_dict_from_json(weights: Path) -> "dict[str, torch.Tensor]":
    import torch

    doc = json.loads(weights.read_text())
    out = {}
    for name, t in doc["state_dict"].items():
        v = torch.tensor(t["values"], dtype=torch.float64).to(torch.float32)
        if list(v.shape) != t["shape"]:
            raise ValueError(f"{name}: values have shape {list(v.shape)}, the file says {t['shape']}")
        out[name] = v
    return out


def load(weights: Path) -> "torch.nn.Module":
    import torch

    if not weights.is_file():
        fail(f"weights file not found: {weights} (run `python -m petite.train --out {weights}`)")
    if weights.resolve() == SHIPPED_WEIGHTS and sha256_file(weights) != SHIPPED_WEIGHTS_SHA256:
        fail(f"{weights} does not match its recorded sha256 {SHIPPED_WEIGHTS_SHA256} (petite/train.py): "
             f"it was changed or damaged; restore it (git checkout), or regenerate it with "
             f"`python -m petite.train --out {weights}` and record the new checksum")
    model = make_model()
    try:
        if weights.suffix == ".json":
            state = _state_dict_from_json(weights)
        else:
            state = torch.load(weights, map_location="cpu", weights_only=True)
        model.load_state_dict(state)
    except Exception as e:  # a truncated or foreign file: say which file and why
        fail(f"cannot load weights from {weights}: {type(e).__name__}: {str(e).splitlines()[0]}")
    return model.eval()


def print_fit(fit: Fit) -> None:
    verdict = "ok" if fit.max_abs_err <= TARGET_MAX_ERR else f"ABOVE the {TARGET_MAX_ERR} target"
    print(f"fit on {fit.points} points in [0, 2pi]: max|err| {fit.max_abs_err:.5f} ({verdict}), "
          f"rmse {fit.rmse:.5f}, trained in {fit.seconds:.1f} s")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m petite.train", description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=default_weights_path(), help="state_dict path (default %(default)s)")
    p.add_argument("--epochs", type=int, default=DEFAULT_EPOCHS)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args(argv)
    if a.epochs < 1:
        fail(f"--epochs must be >= 1, got {a.epochs}")
    check_versions()
    model, fit = train(a.epochs, a.seed, a.quiet)
    save(model, fit, a.out)
    print_fit(fit)
    print(f"saved weights to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(run_main(main))
