"""The fp32 model zoo: the models people put on microcontrollers, plus one awkward graph per
op family, each exported with the official ExecuTorch flow and checked by its two oracles.

    python -m petite.zoo [--out-dir DIR] [--only NAME ...] [--list] [--quiet]

Weights are random but seeded (the runtime's job is to compute what ExecuTorch computes, not
to be accurate). Each model M gets M.pte, M.ptv (executorch.runtime), M.eager.ptv, M.ops.txt,
M.report.txt and M.metrics.json; DIR/zoo.txt sums them up. A model whose files are newer than
petite's sources is skipped ("up to date").
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from petite.env import DEFAULT_BUILD, check_versions, fail, quiet_stderr, run_main

NCASES = 10
# The zoo's models in build order; kept here so "up to date" needs no torch import.
NAMES = ("mnist_mlp", "lenet", "ds_cnn_bn", "ds_cnn_folded", "accel_conv1d", "autoencoder", "gru", "lstm",
         "ops_broadcast", "ops_unary", "ops_reduce", "ops_shape", "ops_int_bool", "ops_channels_last",
         "ops_channels_last_io",
         "ops_pool_pad", "ops_conv", "ops_prim_scalar", "ops_matmul")
SOURCES = ("env.py", "flow.py", "ptv.py", "zoo.py", "export.py")


@dataclass
class Entry:
    name: str
    what: str
    build: Callable[[], "tuple[torch.nn.Module, list[list[torch.Tensor]]]"]  # noqa: F821
    dynamic: Callable[[], dict] | None = None  # torch.export dynamic_shapes, built lazily


def _zoo() -> list[Entry]:
    import torch
    from torch import nn

    def randn(*shape: int) -> torch.Tensor:
        return torch.randn(*shape)

    def cases(*shapes: tuple[int, ...]) -> list[list[torch.Tensor]]:
        return [[randn(*s) for s in shapes] for _ in range(NCASES)]

    def randomize_bn(m: nn.Module) -> None:
        """Random running statistics and affine terms, so batch norm is not the identity."""
        for bn in m.modules():
            if isinstance(bn, (nn.BatchNorm1d, nn.BatchNorm2d)):
                with torch.no_grad():
                    bn.running_mean.uniform_(-0.5, 0.5)
                    bn.running_var.uniform_(0.5, 2.0)
                    bn.weight.uniform_(0.5, 1.5)
                    bn.bias.uniform_(-0.2, 0.2)

    class MnistMlp(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = nn.Sequential(nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 10))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return torch.softmax(self.net(x), dim=-1)

    class LeNet(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.c1 = nn.Conv2d(1, 6, 5)
            self.c2 = nn.Conv2d(6, 16, 5)
            self.f1 = nn.Linear(16 * 4 * 4, 64)
            self.f2 = nn.Linear(64, 10)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            x = torch.max_pool2d(torch.relu(self.c1(x)), 2)
            x = torch.max_pool2d(torch.relu(self.c2(x)), 2)
            return self.f2(torch.relu(self.f1(torch.flatten(x, 1))))

    class DsCnn(nn.Module):
        """DS-CNN keyword spotter (Hello Edge shape, 32 channels) on a 49x10 MFCC map."""

        def __init__(self, ch: int = 32, blocks: int = 2, classes: int = 12) -> None:
            super().__init__()
            layers: list[nn.Module] = [nn.Conv2d(1, ch, (10, 4), stride=(2, 2), padding=(5, 1), bias=False),
                                       nn.BatchNorm2d(ch), nn.ReLU()]
            for _ in range(blocks):
                layers += [nn.Conv2d(ch, ch, 3, padding=1, groups=ch, bias=False), nn.BatchNorm2d(ch), nn.ReLU(),
                           nn.Conv2d(ch, ch, 1, bias=False), nn.BatchNorm2d(ch), nn.ReLU()]
            self.features = nn.Sequential(*layers)
            self.pool = nn.AvgPool2d((25, 5))
            self.fc = nn.Linear(ch, classes)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            x = self.pool(self.features(x))
            return torch.softmax(self.fc(torch.flatten(x, 1)), dim=1)

    def ds_cnn(folded: bool) -> tuple[nn.Module, list[list[torch.Tensor]]]:
        m = DsCnn()
        randomize_bn(m)
        m.eval()
        if folded:
            layers = list(m.features)
            fused: list[nn.Module] = []
            i = 0
            while i < len(layers):
                if isinstance(layers[i], nn.Conv2d) and i + 1 < len(layers) and isinstance(layers[i + 1], nn.BatchNorm2d):
                    fused.append(torch.nn.utils.fusion.fuse_conv_bn_eval(layers[i], layers[i + 1]))
                    i += 2
                else:
                    fused.append(layers[i])
                    i += 1
            m.features = nn.Sequential(*fused)
        return m, cases((1, 1, 49, 10))

    class AccelNet(nn.Module):
        """1-D conv net over a 3-axis accelerometer window of 128 samples, 6 activities."""

        def __init__(self) -> None:
            super().__init__()
            self.c1 = nn.Conv1d(3, 16, 5, padding=2)
            self.c2 = nn.Conv1d(16, 32, 5, stride=2, dilation=2)
            self.pool = nn.MaxPool1d(2)
            self.fc = nn.Linear(32, 6)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            x = self.pool(torch.relu(self.c1(x)))
            x = torch.relu(self.c2(x))
            return self.fc(x.mean(dim=2))

    class AutoEncoder(nn.Module):
        """MLPerf Tiny anomaly detection shape (640 in, bottleneck 8), hidden 128 -> 32 to fit."""

        def __init__(self) -> None:
            super().__init__()
            dims = [640, 32, 32, 8, 32, 32, 640]
            layers: list[nn.Module] = []
            for i, (a, b) in enumerate(zip(dims, dims[1:])):
                layers.append(nn.Linear(a, b))
                if i < len(dims) - 2:
                    layers += [nn.BatchNorm1d(b), nn.ReLU()]
            self.net = nn.Sequential(*layers)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.net(x)

    class Gru(nn.Module):
        """A small GRU over 8 steps of 4 features, classifying from the last hidden state."""

        def __init__(self) -> None:
            super().__init__()
            self.gru = nn.GRU(4, 16, batch_first=True)
            self.fc = nn.Linear(16, 3)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            out, _ = self.gru(x)
            return self.fc(out[:, -1])

    class Lstm(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.lstm = nn.LSTM(4, 16, batch_first=True)
            self.fc = nn.Linear(16, 3)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            out, _ = self.lstm(x)
            return self.fc(out[:, -1])

    # -- one awkward graph per op family -------------------------------------------------
    class Broadcast(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.register_buffer("row", torch.randn(5))
            self.register_buffer("col", torch.randn(3, 1))

        def forward(self, a: torch.Tensor, b: torch.Tensor, s: torch.Tensor) -> tuple[torch.Tensor, ...]:
            x = a + b                      # [2,3,1] + [3,5] -> [2,3,5]
            y = x * self.row - self.col    # trailing and middle broadcast against constants
            z = y / s                      # 0-d tensor divisor
            w = torch.where(z > 0.5, z, s * 2.5 + 1.0)  # python scalars, 0-d in where
            return w, torch.maximum(a, b), torch.minimum(b, s)

    class Unary(nn.Module):
        def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, ...]:
            return (torch.sigmoid(x), torch.tanh(x), torch.exp(x), torch.sqrt(x.abs() + 0.1),
                    torch.rsqrt(x.abs() + 0.1), nn.functional.gelu(x), nn.functional.gelu(x, approximate="tanh"),
                    nn.functional.hardtanh(x, -0.5, 0.5), torch.clamp(x, min=-1.0), torch.neg(x),
                    torch.log_softmax(x, dim=1), torch.softmax(x, dim=0))

    class Reduce(nn.Module):
        def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, ...]:
            return (x.sum(dim=(1, 3)), x.mean(dim=-1, keepdim=True), x.sum(), x.amax(dim=2),
                    torch.argmax(x, dim=1), torch.argmax(x), torch.var(x, dim=2, unbiased=False))

    class Shape(nn.Module):
        def forward(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, ...]:
            t = x.permute(0, 2, 1) + 1.0           # non-contiguous view materialized
            c = torch.cat([x, y], dim=1)
            s = c[:, 1:5:2, :]                      # slice with step
            sel = c[:, 2]                           # select
            e = x[:, :1, :].expand(2, 3, 4) * 2.0   # expand_copy
            u = sel.unsqueeze(1).squeeze(0) * 3.0   # view_copy
            r = torch.reshape(t, (2, 12)) - 1.0
            p = nn.functional.pad(x, (1, 2, 0, 1), value=-1.0)
            z = torch.zeros_like(x) + torch.full((1, 1, 4), 0.25)
            return t, c, s, sel, e, u, r, p, z

    class IntBool(nn.Module):
        def forward(self, i: torch.Tensor, j: torch.Tensor, x: torch.Tensor) -> tuple[torch.Tensor, ...]:
            k = i + j * 3                    # int32 arithmetic
            m = (i > j) & (x > 0)            # comparisons -> bool, logical and (bitwise_and on bool)
            n = torch.where(m, x, -x)
            cnt = m.to(torch.int64).sum(dim=1)  # bool -> int64 then sum
            f = i.to(torch.float32) * x      # int -> float
            return k, m, n, cnt, f, torch.logical_not(m), i.eq(2)

    class ChannelsLast(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.conv = nn.Conv2d(4, 8, 3, padding=1)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            y = x.to(memory_format=torch.channels_last)
            y = torch.relu(self.conv(y))
            return y.contiguous()

    class ChannelsLastIO(nn.Module):
        """Takes and returns channels-last tensors: the program's input and output dim_order is
        (0, 2, 3, 1), while .ptv files hold row-major data (petite run converts)."""
        def __init__(self) -> None:
            super().__init__()
            self.conv = nn.Conv2d(3, 4, 3, padding=1)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return torch.relu(self.conv(x))

    class PoolPad(nn.Module):
        def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, ...]:
            v, idx = nn.functional.max_pool2d(x, 3, stride=2, padding=1, return_indices=True)
            a = nn.functional.avg_pool2d(x, 2, stride=2, ceil_mode=True, count_include_pad=False)
            a2 = nn.functional.avg_pool2d(x, 3, stride=1, padding=1)
            return v, idx, a, a2, nn.functional.pad(x, (2, 0, 1, 1))

    class Conv(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.dil = nn.Conv2d(4, 6, 3, padding=2, dilation=2)
            self.grp = nn.Conv2d(4, 8, (3, 1), stride=(2, 1), groups=2)
            self.c1 = nn.Conv1d(4, 4, 3, padding=1, groups=4, bias=False)

        def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, ...]:
            return self.dil(x), self.grp(x), self.c1(x[:, :, 0, :])

    class Matmul(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.w = nn.Parameter(torch.randn(6, 5))

        def forward(self, a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, ...]:
            return torch.bmm(a, b), a @ self.w[:4, :], torch.addmm(torch.ones(5), a[0], self.w[:4, :]), torch.mm(a[1], b[1])

    class PrimScalar(nn.Module):
        """A dynamic batch (upper bound 8): its size flows through executorch_prim scalar ops."""

        def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, ...]:
            n = x.shape[0]
            y = x.reshape(n * 2, -1) + 1.0
            return y * (n + 1), y.sum(dim=0) / n

    def ints(lo: int, hi: int, *shape: int, dtype=torch.int32) -> torch.Tensor:
        return torch.randint(lo, hi, shape, dtype=dtype)

    return [
        Entry("mnist_mlp", "MNIST MLP 784-32-16-10 + softmax", lambda: (MnistMlp(), cases((1, 784)))),
        Entry("lenet", "LeNet-5 style CNN on 28x28", lambda: (LeNet(), cases((1, 1, 28, 28)))),
        Entry("ds_cnn_bn", "DS-CNN keyword spotter, 49x10 MFCC, batch norm kept", lambda: ds_cnn(False)),
        Entry("ds_cnn_folded", "DS-CNN keyword spotter, batch norm folded into the convs", lambda: ds_cnn(True)),
        Entry("accel_conv1d", "1-D conv net on 3x128 accelerometer windows", lambda: (AccelNet(), cases((1, 3, 128)))),
        Entry("autoencoder", "FC autoencoder 640-32-32-8-32-32-640 (MLPerf Tiny AD shape)",
              lambda: (_with_bn(AutoEncoder(), randomize_bn), cases((1, 640)))),
        Entry("gru", "GRU(4->16) over 8 steps + linear", lambda: (Gru(), cases((1, 8, 4)))),
        Entry("lstm", "LSTM(4->16) over 8 steps + linear", lambda: (Lstm(), cases((1, 8, 4)))),
        Entry("ops_broadcast", "broadcasting every direction, 0-d tensors, python scalars",
              lambda: (Broadcast(), [[randn(2, 3, 1), randn(3, 5), torch.tensor(0.5 + torch.rand(()).item())]
                                     for _ in range(NCASES)])),
        Entry("ops_unary", "activations and pointwise math", lambda: (Unary(), cases((4, 6)))),
        Entry("ops_reduce", "sum/mean/amax/argmax/var over dims", lambda: (Reduce(), cases((2, 3, 4, 5)))),
        Entry("ops_shape", "permute, cat, slice, select, expand, view, pad, full",
              lambda: (Shape(), cases((2, 3, 4), (2, 3, 4)))),
        Entry("ops_int_bool", "int32/int64/bool arithmetic, comparisons, where, casts",
              lambda: (IntBool(), [[ints(-5, 5, 3, 4), ints(-5, 5, 3, 4), randn(3, 4)] for _ in range(NCASES)])),
        Entry("ops_channels_last", "channels-last dim_order through a conv",
              lambda: (ChannelsLast(), cases((1, 4, 6, 5)))),
        Entry("ops_channels_last_io", "channels-last input and output (dim_order 0,2,3,1)",
              lambda: (ChannelsLastIO(), [[randn(1, 3, 5, 6).to(memory_format=torch.channels_last)]
                                          for _ in range(NCASES)])),
        Entry("ops_pool_pad", "max_pool2d with indices, avg_pool2d variants, constant_pad_nd",
              lambda: (PoolPad(), cases((1, 2, 7, 6)))),
        Entry("ops_conv", "dilated, grouped, strided conv2d; depthwise conv1d", lambda: (Conv(), cases((1, 4, 7, 6)))),
        Entry("ops_prim_scalar", "dynamic batch dim (<= 8): sym_size, executorch_prim mul/add, et_view",
              lambda: (PrimScalar(), cases((3, 4))),
              dynamic=lambda: {"x": {0: torch.export.Dim("n", min=1, max=8)}}),
        Entry("ops_matmul", "bmm, mm, addmm, matmul with constant slices",
              lambda: (Matmul(), cases((2, 3, 4), (2, 4, 3)))),
    ]


def _with_bn(m: "torch.nn.Module", randomize: Callable[["torch.nn.Module"], None]) -> "torch.nn.Module":  # noqa: F821
    randomize(m)
    return m.eval()


def up_to_date(out_dir: Path, name: str) -> bool:
    from petite.export import is_up_to_date

    here = Path(__file__).resolve().parent
    return is_up_to_date(out_dir, {"zoo": True}, [here / s for s in SOURCES], name)


def build_one(e: Entry, out_dir: Path, quiet: bool) -> dict:
    import torch

    from petite import flow

    torch.manual_seed(sum(map(ord, e.name)))  # each model's weights and cases depend only on its name
    module, cases = e.build()
    module = module.eval()
    t0 = time.perf_counter()
    ex = flow.export(e.name, module, tuple(cases[0]), fold=True, dynamic_shapes=e.dynamic() if e.dynamic else None)
    params = sum(p.numel() for p in module.parameters())
    metrics = flow.write_outputs(ex, module, cases, out_dir, f"model: {e.what}; {params} parameters", quiet=True)
    metrics.update({"options": {"zoo": True}, "what": e.what, "params": params,
                    "seconds": round(time.perf_counter() - t0, 2)})
    flow.write_json(out_dir / f"{e.name}.metrics.json", metrics)
    if not quiet:
        print(f"  ops: {' '.join(ex.ops)}")
    return metrics


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m petite.zoo", description=__doc__.splitlines()[0])
    p.add_argument("--out-dir", type=Path, default=DEFAULT_BUILD / "models", help="default %(default)s")
    p.add_argument("--only", nargs="+", metavar="NAME", help="build only these models")
    p.add_argument("--list", action="store_true", help="list the models and exit")
    p.add_argument("--force", action="store_true", help="rebuild even when up to date")
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args(argv)
    check_versions()
    from petite.export import ensure_writable

    names = list(NAMES)
    unknown = sorted(set(a.only or []) - set(names))
    if unknown:
        fail(f"unknown zoo model(s) {', '.join(unknown)}; the zoo has: {', '.join(names)}")
    wanted = [n for n in names if not a.only or n in a.only]
    if not a.list:
        ensure_writable(a.out_dir)
        if not a.force and all(up_to_date(a.out_dir, n) for n in wanted):
            print(f"zoo: {len(wanted)} models up to date in {a.out_dir}")
            return 0
    with quiet_stderr():
        entries = _zoo()
    assert [e.name for e in entries] == names, "zoo.NAMES is out of step with _zoo()"
    if a.list:
        for e in entries:
            print(f"{e.name:<18} {e.what}")
        return 0
    failures = []
    for e in entries:
        if e.name not in wanted:
            continue
        if not a.force and up_to_date(a.out_dir, e.name):
            print(f"{e.name}: up to date")
            continue
        print(f"{e.name}: {e.what}")
        try:
            with quiet_stderr():
                m = build_one(e, a.out_dir, a.quiet)
        except Exception as ex:  # one model failing to export must not hide the others
            msg = f"{type(ex).__name__}: {str(ex).strip().splitlines()[0] if str(ex).strip() else ''}"
            print(f"  FAILED to export: {msg}")
            failures.append((e.name, msg))
            continue
        print(f"  .pte {m['pte_bytes']} B, arena {m['arena_bytes']} B, {len(m['ops'])} ops, "
              f"{m['cases']} cases, executorch vs eager max|diff| {m['oracle_max_abs_diff']:.3g}")
    write_summary(a.out_dir, names, failures)
    if failures:
        print(f"zoo: {len(failures)} model(s) failed: {', '.join(n for n, _ in failures)}", file=sys.stderr)
        return 1
    return 0


def write_summary(out_dir: Path, names: list[str], failures: list[tuple[str, str]]) -> None:
    rows = [f"{'model':<18} {'params':>7} {'pte bytes':>10} {'arena':>7} {'max|diff|':>10}  operators"]
    for n in names:
        f = out_dir / f"{n}.metrics.json"
        if not f.is_file():
            continue
        m = json.loads(f.read_text())
        rows.append(f"{n:<18} {m.get('params', 0):>7} {m['pte_bytes']:>10} {m['arena_bytes']:>7} "
                    f"{m['oracle_max_abs_diff']:>10.3g}  {' '.join(m['ops'])}")
    for n, msg in failures:
        rows.append(f"{n:<18} FAILED: {msg}")
    (out_dir / "zoo.txt").write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    sys.exit(run_main(main))
