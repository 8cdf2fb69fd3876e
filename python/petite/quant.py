"""int8 models for Cortex-M: ExecuTorch's Cortex-M quantization flow, with reference vectors.

    python -m petite.quant [--out-dir DIR] [--only NAME ...] [--quiet]

The flow is the official one (executorch.backends.cortex_m):
  torch.export -> prepare_pt2e(CortexMQuantizer) -> calibrate -> convert_pt2e -> torch.export
  -> to_edge(cortex_m_edge_compile_config) -> CortexMPassManager(target M33).transform()
  -> to_executorch(extract_delegate_segments=False).

Models: sine_int8 (the trained sine MLP), mnist_mlp_int8, lenet_int8 (the zoo's modules and
seeded weights) and ds_cnn_int8 (the zoo's DS-CNN keyword spotter, trained briefly on synthetic
MFCC-like data). Each model M gets M.pte, M.ptv, M.ops.txt, M.report.txt and M.metrics.json.

M.ptv's outputs come from ExecuTorch's Python reference implementations of the cortex_m ops
(executorch/backends/cortex_m/ops/operators.py): the lowered edge program is run as a torch
graph before to_executorch, so every cortex_m op dispatches to its Python implementation.
When executorch.runtime can also run M.pte, its outputs are compared (second oracle).
A model whose files are newer than its inputs is skipped ("up to date").
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

from petite.env import DEFAULT_BUILD, check_versions, fail, quiet_stderr, run_main

MODEL_NAMES = ("sine_int8", "mnist_mlp_int8", "lenet_int8", "ds_cnn_int8")
# One graph per cortex_m op family, so that every kernel meets the exporter's real arguments.
OPS_NAMES = ("ops_int8_elementwise", "ops_int8_conv_pool", "ops_int8_matmul")
NAMES = MODEL_NAMES + OPS_NAMES
SOURCES = ("env.py", "quant.py", "zoo.py", "train.py", "ptv.py", "flow.py")
SUFFIXES = (".pte", ".ptv", ".ops.txt", ".report.txt", ".metrics.json")
NCASES = 10
NCALIB = 32
TARGET_CPU = "M33"  # DSP backend: quantized_linear gets its bias (not an MVE kernel_sum)


def outputs(out_dir: Path, name: str) -> list[Path]:
    return [out_dir / f"{name}{s}" for s in SUFFIXES]


def up_to_date(out_dir: Path, name: str) -> bool:
    """Every output exists and is newer than the sources (and the sine weights for sine_int8)."""
    here = Path(__file__).resolve().parent
    inputs = [here / s for s in SOURCES]
    if name == "sine_int8":
        w = out_dir / "sine_weights.json"  # written by petite.export: the weights it exported
        if not w.is_file():
            return False
        inputs.append(w)
    outs = outputs(out_dir, name)
    if not all(p.is_file() for p in outs):
        return False
    return min(p.stat().st_mtime for p in outs) >= max(p.stat().st_mtime for p in inputs if p.is_file())


# ----------------------------------------------------------------------------- models

def _sine(out_dir: Path) -> "tuple[Any, list[list[Any]], list[list[Any]]]":
    import torch

    from petite import train
    from petite.export import sine_cases

    w = out_dir / "sine_weights.json"
    if not w.is_file():
        fail(f"sine_int8 needs the trained weights {w}: run `python -m petite.export --out-dir {out_dir}` first")
    m = train.load(w)
    calib = [[torch.tensor([[2.0 * math.pi * i / 255]], dtype=torch.float32)] for i in range(256)]
    return m, calib, sine_cases(NCASES)


def _zoo_model(zoo_name: str) -> "tuple[Any, list[list[Any]], list[list[Any]]]":
    import torch

    from petite import zoo

    entry = next(e for e in zoo._zoo() if e.name == zoo_name)
    torch.manual_seed(sum(map(ord, zoo_name)))  # the zoo's seed: same weights and cases as the fp32 model
    m, cases = entry.build()
    g = torch.Generator().manual_seed(1234)
    calib = [[torch.randn(t.shape, generator=g) for t in cases[0]] for _ in range(NCALIB)]
    return m, calib, cases[:NCASES]


def _synthetic_mfcc(n: int, classes: int, g: "Any") -> "tuple[Any, Any]":
    """MFCC-like maps [n,1,49,10]: each class is a path of energy through the 10 coefficients
    over the 49 frames (a 'formant track'), at a random offset and loudness, plus noise."""
    import torch

    labels = torch.randint(0, classes, (n,), generator=g)
    t = torch.arange(49, dtype=torch.float32)
    k = torch.arange(10, dtype=torch.float32)
    x = 0.3 * torch.randn(n, 1, 49, 10, generator=g)
    for i in range(n):
        c = int(labels[i])
        shift = float(torch.randint(-4, 5, (1,), generator=g))
        gain = 0.8 + 0.4 * float(torch.rand(1, generator=g))
        centre = 4.5 + 3.5 * torch.sin((t + shift) * (0.08 + 0.03 * c) + c)
        x[i, 0] += gain * torch.exp(-((k.unsqueeze(0) - centre.unsqueeze(1)) ** 2) / 2.0)
    return x, labels


def _ds_cnn() -> "tuple[Any, list[list[Any]], list[list[Any]]]":
    import torch

    from petite import zoo

    entry = next(e for e in zoo._zoo() if e.name == "ds_cnn_bn")
    torch.manual_seed(sum(map(ord, "ds_cnn_int8")))
    m, _ = entry.build()
    g = torch.Generator().manual_seed(7)
    x, y = _synthetic_mfcc(768, 12, g)
    m.train()
    opt = torch.optim.Adam(m.parameters(), lr=3e-3)
    for _ in range(4):
        for i in range(0, len(x), 64):
            opt.zero_grad()
            logits = torch.log(m(x[i:i + 64]) + 1e-9)  # the module ends in softmax
            torch.nn.functional.nll_loss(logits, y[i:i + 64]).backward()
            opt.step()
    m.eval()
    xt, yt = _synthetic_mfcc(200, 12, torch.Generator().manual_seed(8))
    with torch.no_grad():
        acc = float((m(xt).argmax(1) == yt).float().mean())
    m.train_accuracy = acc  # type: ignore[attr-defined]
    calib = [[x[i:i + 1]] for i in range(NCALIB)]
    cases = [[xt[i:i + 1]] for i in range(NCASES)]
    return m, calib, cases


def _ops_graph(name: str) -> "tuple[Any, list[list[Any]], list[list[Any]]]":
    import torch
    from torch import nn

    class Elementwise(nn.Module):
        def forward(self, a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, ...]:
            return (a + b, torch.relu(a - b), a * b, a / (b.abs() + 0.5), torch.sigmoid(a), torch.tanh(b),
                    torch.maximum(a, b), torch.minimum(a, b))

    class ConvPool(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.t = nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1)
            self.c = nn.Conv2d(4, 6, 3, stride=2, padding=2)  # the reference cannot run dilated int32 convs
            self.d = nn.Conv2d(4, 8, 3, padding=1, groups=4)  # depth multiplier 2
            self.d1 = nn.Conv2d(6, 6, 3, stride=(1, 2), padding=1, groups=6)  # multiplier 1, 6 channels

        def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, ...]:
            x = x.to(memory_format=torch.channels_last)
            c = self.c(x)
            outs = (self.t(x), c, torch.relu(self.d(x)), self.d1(c),
                    nn.functional.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
                    nn.functional.max_pool2d(x, 3, stride=2, padding=1), nn.functional.pad(x, (1, 2, 0, 1)))
            # Contiguous outputs: .ptv holds logical (NCHW) order and `petite run` compares bytes.
            return tuple(o.contiguous() for o in outs)

    class Matmul(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            # A constant operand (quantized_add against a folded int8 constant); it also keeps the
            # constant segment non-empty, which petite's loader requires without an extended header.
            self.register_buffer("offset", torch.randn(2, 3, 8))

        def forward(self, a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, ...]:
            y = torch.matmul(a, b)
            return y, y.permute(0, 2, 1), a + self.offset

    torch.manual_seed(sum(map(ord, name)))
    m, shapes = {"ops_int8_elementwise": (Elementwise(), [(1, 4, 5, 6), (1, 4, 5, 6)]),
                 "ops_int8_conv_pool": (ConvPool(), [(1, 4, 7, 6)]),
                 "ops_int8_matmul": (Matmul(), [(2, 3, 8), (2, 8, 5)])}[name]
    calib = [[torch.randn(s) for s in shapes] for _ in range(NCALIB)]
    cases = [[torch.randn(s) for s in shapes] for _ in range(NCASES)]
    return m, calib, cases


MODELS = {
    "sine_int8": ("sine MLP 1-16-16-1 (trained weights)", "sine"),
    "mnist_mlp_int8": ("zoo MNIST MLP 784-32-16-10 + softmax (seeded weights)", "mnist_mlp"),
    "lenet_int8": ("zoo LeNet-5 style CNN on 28x28 (seeded weights)", "lenet"),
    "ds_cnn_int8": ("zoo DS-CNN keyword spotter, 49x10 MFCC, trained on synthetic MFCC-like data", "ds_cnn"),
    "ops_int8_elementwise": ("add, sub+relu, mul, div, sigmoid/tanh (LUT), maximum, minimum", "ops"),
    "ops_int8_conv_pool": ("transpose conv, strided padded conv, depthwise x2 and x1 (6 channels), avg/max pool with padding, pad", "ops"),
    "ops_int8_matmul": ("batched matmul of two activations, and its transpose", "ops"),
}


def _channels_last(inner: "Any") -> "Any":
    """CortexMQuantizer lowers only channels-last convolutions: the wrapper converts the NCHW
    input inside the graph (a dim_order copy), so the .pte's input stays contiguous NCHW."""
    import torch

    class ChannelsLast(torch.nn.Module):
        def __init__(self, m: torch.nn.Module) -> None:
            super().__init__()
            self.m = m.to(memory_format=torch.channels_last)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            if x.shape[1] != 1:  # one channel is already channels-last: no copy in the graph
                x = x.to(memory_format=torch.channels_last)
            return self.m(x)

    w = ChannelsLast(inner)
    if hasattr(inner, "train_accuracy"):
        w.train_accuracy = inner.train_accuracy  # type: ignore[attr-defined]
    return w


def _build_model(name: str, out_dir: Path) -> "tuple[Any, list[list[Any]], list[list[Any]]]":
    kind = MODELS[name][1]
    if kind == "sine":
        return _sine(out_dir)
    if kind == "ops":
        return _ops_graph(name)
    m, calib, cases = _ds_cnn() if kind == "ds_cnn" else _zoo_model(kind)
    if cases[0][0].dim() == 4:
        m = _channels_last(m)
    return m, calib, cases


# ----------------------------------------------------------------------------- flow

def quantize(module: "Any", calib: list[list[Any]], example: tuple[Any, ...]) -> "tuple[Any, Any, Any]":
    """The Cortex-M flow up to the lowered edge program. Returns (converted pt2e module,
    edge program manager after CortexMPassManager, fx graph of the pt2e convert)."""
    import torch
    from executorch.backends.cortex_m.edge_compile_config import cortex_m_edge_compile_config
    from executorch.backends.cortex_m.passes.cortex_m_pass_manager import CortexMPassManager
    from executorch.backends.cortex_m.quantizer.quantizer import CortexMQuantizer
    from executorch.backends.cortex_m.target_config import CortexM, CortexMTargetConfig
    from executorch.exir import to_edge
    from torchao.quantization.pt2e.quantize_pt2e import convert_pt2e, prepare_pt2e

    import executorch.backends.cortex_m.ops.operators  # noqa: F401  (registers the cortex_m ops)

    module = module.eval().requires_grad_(False)
    # torch 2.13 adds a guard-check submodule that ExecuTorch's passes cannot trace.
    captured = torch.export.export(module, example, strict=True).module(check_guards=False)
    prepared = prepare_pt2e(captured, CortexMQuantizer())
    with torch.no_grad():
        for c in calib:
            prepared(*c)
    converted = convert_pt2e(prepared)
    aten = torch.export.export(converted, example, strict=True)
    edge = to_edge(aten, compile_config=cortex_m_edge_compile_config())
    target = CortexMTargetConfig(cpu=getattr(CortexM, TARGET_CPU))
    lowered = CortexMPassManager(edge.exported_program(), target_config=target).transform()
    edge._edge_programs["forward"] = lowered  # the pass manager returns a new ExportedProgram
    return converted, edge, lowered


def quant_params(lowered: "Any") -> list[str]:
    """One line per cortex_m node: its quantization parameters as the kernels receive them."""
    import torch

    ep = lowered
    consts = {**dict(ep.named_parameters()), **dict(ep.named_buffers()), **ep.constants}
    sig_inputs = {s.arg.name: s.target for s in ep.graph_signature.input_specs if s.target is not None}

    def const_of(n: Any) -> Any:
        if isinstance(n, torch.fx.Node) and n.name in sig_inputs:
            return consts.get(sig_inputs[n.name])
        return None

    def ints(v: Any) -> str:
        vals = [int(x) for x in (v.flatten().tolist() if isinstance(v, torch.Tensor) else v)]
        if len(vals) == 1:
            return f"{vals[0]} (per-tensor)"
        lo, hi = min(vals), max(vals)
        return f"{len(vals)} values in [{lo}, {hi}] (per-channel)"

    lines = []
    for n in ep.graph.nodes:
        if n.op != "call_function" or "cortex_m" not in str(n.target):
            continue
        op = str(n.target).split(".")[-2]
        a = list(n.args)
        if op in ("quantize_per_tensor", "dequantize_per_tensor"):
            lines.append(f"{n.name}: scale={a[1]:.9g} zero_point={a[2]} range=[{a[3]}, {a[4]}]")
        elif op == "quantized_linear":
            w = const_of(a[1])
            lines.append(f"{n.name}: weights {list(w.shape) if w is not None else '?'} int8, input_offset={a[4]} "
                         f"filter_offset={a[5]} output_offset={a[6]}, multiplier {ints(a[7])}, shift {ints(a[8])}, "
                         f"activation [{a[10]}, {a[9]}], {'bias' if a[2] is not None else 'no bias'}"
                         f"{', kernel_sum' if a[3] is not None else ''}")
        elif op in ("quantized_conv2d", "quantized_depthwise_conv2d"):
            off = 1 if op == "quantized_depthwise_conv2d" else 0
            w = const_of(a[1])
            mult, shift = const_of(a[8 + off]), const_of(a[9 + off])
            lines.append(f"{n.name}: weights {list(w.shape) if w is not None else '?'} int8, stride={list(a[3])} "
                         f"padding={list(a[4])} input_offset={a[6 + off]} output_offset={a[7 + off]}, multiplier "
                         f"{ints(mult) if mult is not None else '?'}, shift {ints(shift) if shift is not None else '?'}, "
                         f"activation [{a[10 + off]}, {a[11 + off]}]")
        else:
            scalars = [x for x in a if isinstance(x, (int, float, list, bool))]
            lines.append(f"{n.name}: {op} {scalars}")
    return lines


def weight_quant(converted: "Any") -> list[str]:
    """Weight and bias quantization as pt2e chose it: per-channel (axis, scale range) or
    per-tensor (scale, zero point), one line per constant, named by the op that uses it."""
    import torch

    lines = []
    for n in converted.graph.nodes:
        target = str(n.target)
        if n.op != "call_function" or not n.args or not isinstance(n.args[0], torch.fx.Node):
            continue
        src = n.args[0]
        if src.op != "get_attr" or "dequantize_per_" not in target:
            continue
        t = getattr(converted, src.target)
        user = next(iter(n.users), None)
        used_by = str(user.target).split(".")[-2] if user is not None else "?"
        kind = f"{used_by} {'bias' if t.dim() == 1 else 'weight'} {list(t.shape)} {str(t.dtype).replace('torch.', '')}"
        if "per_channel" in target:
            sc = n.args[1]
            s = getattr(converted, sc.target) if isinstance(sc, torch.fx.Node) else torch.as_tensor(sc)
            lines.append(f"{kind}: per-channel (axis {n.args[3]}), {s.numel()} scales in "
                         f"[{float(s.min()):.3g}, {float(s.max()):.3g}], zero points 0")
        else:
            lines.append(f"{kind}: per-tensor, scale {float(n.args[1]):.3g}, zero point {int(n.args[2])}")
    return lines


def _first(r: "Any") -> "Any":
    return r[0] if isinstance(r, (tuple, list)) else r


def _np(t: "Any") -> "Any":
    import numpy as np

    return np.ascontiguousarray(t.detach().numpy()).copy()


def second_oracle(pte: Path, cases: list[list[Any]], ref: list[list[Any]]) -> str:
    """executorch.runtime on the .pte, when its build has the cortex_m kernels."""
    import numpy as np

    try:
        from executorch.runtime import Runtime

        method = Runtime.get().load_program(str(pte)).load_method("forward")
        got = [[_np(o) for o in method.execute(list(c))] for c in cases]
    except Exception as e:  # noqa: BLE001 - any failure means "not available", reported as such
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        return f"executorch.runtime: cannot run this .pte ({first[:160]})"
    same = all(np.array_equal(a, b) for ca, cb in zip(got, ref) for a, b in zip(ca, cb))
    return f"executorch.runtime: ran the .pte; {'bit-identical to' if same else 'DIFFERS from'} the Python reference"


def build_one(name: str, out_dir: Path, quiet: bool) -> dict[str, Any]:
    import numpy as np
    import torch
    from executorch.exir import ExecutorchBackendConfig

    from petite import flow, ptv

    t0 = time.perf_counter()
    module, calib, cases = _build_model(name, out_dir)
    module = module.eval()
    converted, edge, lowered = quantize(module, calib, tuple(cases[0]))
    ref_gm = lowered.module()
    with torch.no_grad():
        ref = [[_np(o) for o in (lambda r: r if isinstance(r, (tuple, list)) else (r,))(ref_gm(*c))] for c in cases]
        fp = [[_np(o) for o in (lambda r: r if isinstance(r, (tuple, list)) else (r,))(module(*c))] for c in cases]
    graph_text = flow.format_graph(lowered)
    params = quant_params(lowered)
    wq = weight_quant(converted)
    manager = edge.to_executorch(ExecutorchBackendConfig(extract_delegate_segments=False))
    pte = out_dir / f"{name}.pte"
    pte.write_bytes(bytes(manager.buffer))
    ops = flow.program_ops(manager.executorch_program)
    (out_dir / f"{name}.ops.txt").write_text("".join(op + "\n" for op in ops))
    inputs = [[_np(t) for t in c] for c in cases]
    from importlib.metadata import version

    ptv.write(out_dir / f"{name}.ptv",
              ptv.Vectors(name, f"executorch {version('executorch')} cortex_m operators.py (edge program)", inputs, ref))
    oracle2 = second_oracle(pte, cases, ref)

    # Accuracy versus the fp32 module.
    acc: dict[str, Any] = {}
    if name == "sine_int8":
        from petite.export import sine_cases

        sweep = sine_cases()  # the firmware demo's 100 points over [0, 2*pi]
        xs = [c[0] for c in sweep]
        with torch.no_grad():
            q = np.array([float(_first(ref_gm(*c))) for c in sweep])
            f = np.array([float(module(*c)) for c in sweep])
        s = np.array([math.sin(float(x)) for x in xs])
        acc = {"max_abs_err_vs_fp32": float(np.max(np.abs(q - f))), "max_abs_err_vs_sin_int8": float(np.max(np.abs(q - s))),
               "max_abs_err_vs_sin_fp32": float(np.max(np.abs(f - s)))}
        acc_text = (f"int8 vs fp32 max |diff| {acc['max_abs_err_vs_fp32']:.4f}; vs sin(x): int8 max |err| "
                    f"{acc['max_abs_err_vs_sin_int8']:.4f}, fp32 {acc['max_abs_err_vs_sin_fp32']:.4f} ({len(sweep)} points)")
    elif name in OPS_NAMES:
        diffs = [max(float(np.max(np.abs(a[k].astype(np.float64) - b[k]))) for a, b in zip(ref, fp))
                 for k in range(len(ref[0]))]
        acc = {"max_abs_diff_vs_fp32_per_output": diffs, "cases": len(cases)}
        acc_text = "max |int8 - fp32| per output: " + ", ".join(f"{d:.3g}" for d in diffs)
    else:
        agree = sum(int(np.argmax(a[0]) == np.argmax(b[0])) for a, b in zip(ref, fp))
        maxd = max(float(np.max(np.abs(a[0].astype(np.float64) - b[0]))) for a, b in zip(ref, fp))
        acc = {"top1_agreement": agree, "cases": len(cases), "max_abs_diff_vs_fp32": maxd}
        acc_text = f"top-1 agreement with fp32: {agree}/{len(cases)}; max |output diff| {maxd:.4f}"
        if hasattr(module, "train_accuracy"):
            acc["fp32_accuracy_synthetic"] = module.train_accuracy
            acc_text += f"; fp32 accuracy on held-out synthetic data {module.train_accuracy:.2f}"
    per_channel = any("per-channel" in p for p in params)
    what = MODELS[name][0]
    report = "\n".join([
        f"model: {name} — {what}",
        f"flow: CortexMQuantizer (pt2e), {len(calib)} calibration samples, CortexMPassManager target {TARGET_CPU}",
        f"pte: {len(manager.buffer)} bytes; arena {sum(manager.executorch_program.execution_plan[0].non_const_buffer_sizes)} bytes",
        "operators: " + " ".join(ops),
        "",
        "quantization parameters (as the cortex_m kernels receive them):",
        *["  " + p for p in params],
        "weight quantization (pt2e):",
        *(["  " + w for w in wq] or ["  (no quantized constants found)"]),
        "",
        f"accuracy: {acc_text}",
        f"reference vectors: {len(cases)} cases in {name}.ptv from the cortex_m Python reference (operators.py)",
        f"second oracle: {oracle2}",
        "",
        "lowered edge graph:",
        graph_text,
    ])
    (out_dir / f"{name}.report.txt").write_text(report + "\n")
    metrics = {"name": name, "what": what, "ops": ops, "pte_bytes": len(manager.buffer), "cases": len(cases),
               "quant_params": params, "weight_quant": wq, "per_channel": per_channel, "accuracy": acc,
               "oracle": "cortex_m operators.py", "second_oracle": oracle2,
               "seconds": round(time.perf_counter() - t0, 2)}
    flow.write_json(out_dir / f"{name}.metrics.json", metrics)
    if not quiet:
        print(report.split("\nlowered edge graph:")[0])
    return metrics


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m petite.quant", description=__doc__.splitlines()[0])
    p.add_argument("--out-dir", type=Path, default=DEFAULT_BUILD / "models", help="default %(default)s")
    p.add_argument("--only", nargs="+", choices=NAMES, help="build only these models")
    p.add_argument("--force", action="store_true", help="rebuild even when up to date")
    p.add_argument("--quiet", action="store_true", help="print one line per model")
    a = p.parse_args(argv)
    names = list(a.only or NAMES)
    out_dir: Path = a.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    todo = [n for n in names if a.force or not up_to_date(out_dir, n)]
    for n in names:
        if n not in todo:
            print(f"{n}: up to date in {out_dir}")
    if not todo:
        return 0
    check_versions()
    try:
        import tosa_serializer  # noqa: F401
    except ImportError:
        fail("the Cortex-M quantizer imports executorch.backends.arm, which needs the `tosa_serializer` module: "
             "pip install --no-deps tosa-tools==2026.8.0 ml-dtypes==0.5.3 (--no-deps: tosa-tools pins numpy<2.2 "
             "and flatbuffers 25.2.10, which would replace petite's numpy 2.4.6 and flatbuffers 25.12.19)")
    failures = []
    for n in todo:
        t0 = time.perf_counter()
        try:
            with quiet_stderr():
                m = build_one(n, out_dir, a.quiet)
        except Exception as e:  # noqa: BLE001 - report which model failed, keep going
            failures.append(n)
            print(f"{n}: FAILED: {type(e).__name__}: {e}", file=sys.stderr)
            continue
        print(f"{n}: {len(m['ops'])} ops, {m['pte_bytes']} B, {json.dumps(m['accuracy'])} "
              f"({time.perf_counter() - t0:.1f} s)")
    if failures:
        fail(f"int8 export failed for: {', '.join(failures)}")
    return 0


if __name__ == "__main__":
    sys.exit(run_main(main))
