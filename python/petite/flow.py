"""The official ExecuTorch export flow, one stage at a time, and a report of what each did.

    module --torch.export--> ATen graph --to_edge--> Edge graph [--fold constants-->]
           --to_executorch (memory planning)--> Program --serialize--> .pte

Everything the report says about the program (operators, constants, arena offsets,
lifetimes) is read from the emitted Program, the same data the .pte holds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import torch
from executorch.exir import ExecutorchProgramManager, to_edge
from executorch.exir.pass_base import ExportedProgramPassBase, ExportedProgramPassResult
from executorch.exir.passes.constant_prop_pass import constant_prop_pass
from executorch.exir.schema import KernelCall, Program, Tensor

from petite import ptv

# ExecuTorch ScalarType number -> (short name, bytes per element).
SCALAR_NAMES: dict[int, tuple[str, int]] = {
    0: ("u8", 1), 1: ("i8", 1), 2: ("i16", 2), 3: ("i32", 4), 4: ("i64", 8), 5: ("f16", 2),
    6: ("f32", 4), 7: ("f64", 8), 11: ("bool", 1), 12: ("qi8", 1), 13: ("qu8", 1),
    14: ("qi32", 4), 15: ("bf16", 2),
}


class FoldConstants(ExportedProgramPassBase):
    """ExecuTorch's constant_prop_pass as a pass for EdgeProgramManager.transform: any op
    whose inputs are all constants (the weight transposes) is computed once at export."""

    def call(self, exported_program: torch.export.ExportedProgram) -> ExportedProgramPassResult:
        before = len(exported_program.graph.nodes)
        folded = constant_prop_pass(exported_program)
        return ExportedProgramPassResult(folded, len(folded.graph.nodes) != before)


def op_name(name: str, overload: str) -> str:
    """The key the runtime looks a kernel up by: "aten::addmm.out"."""
    return f"{name}.{overload}" if overload else name


def program_ops(program: Program) -> list[str]:
    return [op_name(o.name, o.overload) for o in program.execution_plan[0].operators]


def graph_ops(gm: torch.fx.GraphModule) -> list[str]:
    """Distinct call targets of a graph, in first-use order (e.g. "aten.addmm.default")."""
    seen: dict[str, None] = {}
    for n in gm.graph.nodes:
        if n.op == "call_function":
            seen.setdefault(_target_name(n.target), None)
    return list(seen)


def _target_name(t: Any) -> str:
    return (getattr(t, "__name__", None) or str(t)).replace("torch.ops.", "")


def _fmt_val(v: Any) -> str:
    if isinstance(v, torch.Tensor):
        return _dtype_short(v.dtype) + str(list(v.shape))
    if isinstance(v, (list, tuple)):
        return "(" + ", ".join(_fmt_val(x) for x in v) + ")"
    return type(v).__name__


def _dtype_short(dt: torch.dtype) -> str:
    return {torch.float32: "f32", torch.float64: "f64", torch.int64: "i64", torch.int32: "i32",
            torch.int8: "i8", torch.uint8: "u8", torch.bool: "bool", torch.float16: "f16",
            torch.int16: "i16", torch.bfloat16: "bf16"}.get(dt, str(dt))


def format_graph(ep: torch.export.ExportedProgram) -> str:
    """One line per node: what it is, what it computes from what, and the result's shape."""
    sig = ep.graph_signature
    kinds = {**{k: "parameter" for k in sig.inputs_to_parameters},
             **{k: "buffer" for k in sig.inputs_to_buffers},
             **{k: "constant" for k in sig.inputs_to_lifted_tensor_constants}}
    lines = []

    def arg(a: Any) -> str:
        if isinstance(a, torch.fx.Node):
            return "%" + a.name
        if isinstance(a, (list, tuple)):
            return "[" + ", ".join(arg(x) for x in a) + "]"
        return repr(a)

    for n in ep.graph.nodes:
        val = n.meta.get("val")
        shape = _fmt_val(val) if val is not None else ""
        if n.op == "placeholder":
            lines.append(f"  %{n.name:<34} {kinds.get(n.name, 'user input'):<11} {shape}")
        elif n.op == "call_function":
            args = ", ".join([arg(a) for a in n.args] + [f"{k}={arg(v)}" for k, v in n.kwargs.items()])
            lines.append(f"  %{n.name:<34} = {_target_name(n.target)}({args})  -> {shape}")
        elif n.op == "output":
            lines.append(f"  return {arg(n.args[0])}")
    return "\n".join(lines)


@dataclass
class Planned:
    """One tensor of the memory plan, read from the emitted program."""

    value: int  # EValue index
    sizes: list[int]
    dtype: int
    nbytes: int
    memory_id: int
    offset: int
    first: int | None  # first instruction index that uses it (None: only the caller does)
    last: int | None
    role: str  # "input 0", "output 0", "out of #3 aten::relu.out", ...
    node: str = ""  # the graph node it came from, when known
    spec_lifetime: list[int] | None = None  # node.meta["spec"].lifetime (graph-node indices)


@dataclass
class Constant:
    value: int
    name: str
    sizes: list[int]
    dtype: int
    nbytes: int
    buffer_idx: int


@dataclass
class Exported:
    name: str
    aten: torch.export.ExportedProgram
    edge_text: str  # the Edge graph that went into to_executorch
    edge_unfolded_text: str
    folded: bool
    manager: ExecutorchProgramManager
    ops: list[str]
    ops_unfolded: list[str]
    arena_unfolded: list[int]
    pte: bytes = b""
    planned: list[Planned] = field(default_factory=list)
    constants: list[Constant] = field(default_factory=list)
    instructions: list[str] = field(default_factory=list)

    @property
    def program(self) -> Program:
        return self.manager.executorch_program

    @property
    def buffer_sizes(self) -> list[int]:
        return list(self.program.execution_plan[0].non_const_buffer_sizes)


def export(name: str, module: torch.nn.Module, example_inputs: tuple[Any, ...], fold: bool = True,
           dynamic_shapes: Any = None) -> Exported:
    """torch.export -> to_edge -> (constant folding) -> to_executorch, keeping every stage."""
    module = module.eval().requires_grad_(False)  # inference: folded constants must not need grad
    aten = torch.export.export(module, example_inputs, dynamic_shapes=dynamic_shapes, strict=True)
    # to_edge/transform/to_executorch share and rewrite graph modules in place, so each
    # variant starts from its own to_edge (cheap for these sizes).
    edge = to_edge(aten)
    edge_unfolded_text = format_graph(edge.exported_program())
    unfolded_prog = edge.to_executorch().executorch_program
    chosen = to_edge(aten)
    if fold:
        chosen = chosen.transform([FoldConstants()])
    edge_text = format_graph(chosen.exported_program())
    manager = chosen.to_executorch()
    ex = Exported(name, aten, edge_text, edge_unfolded_text, fold, manager,
                  program_ops(manager.executorch_program), program_ops(unfolded_prog),
                  list(unfolded_prog.execution_plan[0].non_const_buffer_sizes))
    ex.pte = bytes(manager.buffer)
    _read_plan(ex)
    return ex


def _tensor_nbytes(t: Tensor) -> int:
    return int(np.prod(t.sizes, dtype=np.int64)) * SCALAR_NAMES.get(int(t.scalar_type), ("?", 0))[1]


def _read_plan(ex: Exported) -> None:
    """Fill ex.planned / ex.constants / ex.instructions from the emitted Program."""
    plan = ex.program.execution_plan[0]
    ops = program_ops(ex.program)
    uses: dict[int, list[int]] = {}
    writes: dict[int, int] = {}
    instr_no = 0
    kernel_nodes = _kernel_call_nodes(ex.manager)
    kernel_calls = [ins.instr_args for c in plan.chains for ins in c.instructions]
    nodes_match = len(kernel_nodes) == sum(isinstance(k, KernelCall) for k in kernel_calls)
    k_index = 0
    node_of_value: dict[int, Any] = {}
    for args in kernel_calls:
        if isinstance(args, KernelCall):
            op = ops[args.op_index]
            refs = list(args.args)
            # The out tensor is the last argument (appended again as the return value).
            out = refs[-1]
            writes.setdefault(out, instr_no)
            for v in _expand(plan, refs):
                uses.setdefault(v, []).append(instr_no)
            if nodes_match:
                node_of_value.setdefault(out, kernel_nodes[k_index])
            # Scalar ops (sym_size, executorch_prim::*) read and write Int values at run time:
            # name those by index; elsewhere a scalar argument is a constant, show its value.
            scalar_op = op.startswith("executorch_prim::") or "::sym_" in op
            ex.instructions.append(f"#{instr_no:<3} {op}({', '.join(_arg_text(plan, a, scalar_op) for a in refs)})")
            k_index += 1
        else:
            ex.instructions.append(f"#{instr_no:<3} {type(args).__name__} {args}")
        instr_no += 1

    const_names = _constant_names(ex.manager)
    for i, ev in enumerate(plan.values):
        t = ev.val
        if not isinstance(t, Tensor):
            continue
        if t.allocation_info is not None:
            role = ""
            if i in plan.inputs:
                role = f"input {list(plan.inputs).index(i)}"
            if i in plan.outputs:
                role = (role + ", " if role else "") + f"output {list(plan.outputs).index(i)}"
            if not role and i in writes:
                role = f"out of #{writes[i]} {ops[kernel_calls[writes[i]].op_index]}"
            used = uses.get(i, [])
            node = node_of_value.get(i)
            spec = node.meta.get("spec") if node is not None else None
            ex.planned.append(Planned(
                i, list(t.sizes), int(t.scalar_type), _tensor_nbytes(t), t.allocation_info.memory_id,
                (t.allocation_info.memory_offset_high << 32) | t.allocation_info.memory_offset_low,
                min(used) if used else None, max(used) if used else None, role or "unused",
                node.name if node is not None else "",
                list(spec.lifetime) if spec is not None and getattr(spec, "lifetime", None) else None))
        elif t.data_buffer_idx > 0:
            ex.constants.append(Constant(i, "", list(t.sizes), int(t.scalar_type), _tensor_nbytes(t), t.data_buffer_idx))
    if len(const_names) == len(ex.constants):
        for c, (nm, shape) in zip(ex.constants, const_names):
            c.name = nm if list(shape) == c.sizes else "?"


def _expand(plan: Any, refs: Sequence[int]) -> list[int]:
    """Value indices an argument list touches, looking inside tensor lists."""
    out = []
    for r in refs:
        out.append(r)
        v = plan.values[r].val
        items = getattr(v, "items", None)
        if items is not None and type(v).__name__ in ("TensorList", "OptionalTensorList"):
            out.extend(x for x in items if x >= 0)
    return out


def _arg_text(plan: Any, idx: int, by_index: bool = False) -> str:
    v = plan.values[idx].val
    kind = type(v).__name__
    if kind == "Tensor":
        return f"v{idx}"
    if kind in ("Int", "Bool", "Double"):
        value = list(vars(v).values())[0]
        return f"v{idx}({value})" if by_index else f"{value}"
    if kind == "IntList":
        return "[" + ", ".join(str(plan.values[j].val.int_val) for j in v.items) + "]"
    if kind == "Null":
        return "None"
    if kind in ("TensorList", "OptionalTensorList"):
        return "[" + ", ".join(f"v{j}" if j >= 0 else "None" for j in v.items) + "]"
    return kind


def _kernel_call_nodes(manager: ExecutorchProgramManager) -> list[torch.fx.Node]:
    """Graph nodes that became KernelCall instructions, in emit order."""
    from executorch.exir import memory

    gm = manager.exported_program().graph_module
    nodes = []
    for n in gm.graph.nodes:
        if n.op != "call_function" or n.target in (memory.alloc, memory.view) or "getitem" in str(n.target):
            continue
        nodes.append(n)
    return nodes


def _constant_names(manager: ExecutorchProgramManager) -> list[tuple[str, list[int]]]:
    ep = manager.exported_program()
    sig = ep.graph_signature
    names = {**sig.inputs_to_parameters, **sig.inputs_to_buffers, **sig.inputs_to_lifted_tensor_constants}
    out = []
    for n in ep.graph.nodes:
        if n.op == "placeholder" and n.name in names:
            val = n.meta.get("val")
            out.append((names[n.name], list(val.shape) if isinstance(val, torch.Tensor) else []))
    return out


# ----------------------------------------------------------------------------- report

def _shape(sizes: Sequence[int], dtype: int) -> str:
    return f"{SCALAR_NAMES.get(dtype, ('?',))[0]}[{', '.join(map(str, sizes))}]"


def timeline(ex: Exported) -> str:
    """Lifetimes over instructions: W = written, R = read, = live in between.

    Column "in" is before instruction 0 (the caller copies inputs in), "out" after the last
    (the caller reads outputs)."""
    n = len(ex.instructions)
    w = 4
    head = f"{'':>26}  in " + "".join(f"{('#' + str(i)):>{w}}" for i in range(n)) + "  out"
    lines = [head]
    plan = ex.program.execution_plan[0]
    kernel_calls = [ins.instr_args for c in plan.chains for ins in c.instructions]
    def order(p: Planned) -> tuple[int, int]:
        return (-1 if p.role.startswith("input") else p.first if p.first is not None else n, p.offset)

    for p in sorted(ex.planned, key=order):
        cells = []
        is_in = p.role.startswith("input") or ", input" in p.role
        is_out = "output" in p.role
        start = -1 if is_in else (p.first if p.first is not None else n)
        end = n if is_out else (p.last if p.last is not None else -1)
        for i in range(n):
            k = kernel_calls[i]
            if i < start or i > end:
                cells.append(".")
            elif isinstance(k, KernelCall) and k.args and k.args[-1] == p.value:
                cells.append("W")
            elif isinstance(k, KernelCall) and p.value in _expand(plan, list(k.args)):
                cells.append("R")
            else:
                cells.append("=")
        label = f"v{p.value} @{p.offset}+{p.nbytes}"
        lines.append(f"{label:>26}  {'W' if is_in else '.':>2} " + "".join(f"{c:>{w}}" for c in cells)
                     + f"  {'R' if is_out else '.':>3}")
    return "\n".join(lines)


def arena_map(ex: Exported) -> str:
    """Which tensors share which bytes of each buffer: the planner's reuse, by offset."""
    lines = []
    by_buf: dict[int, list[Planned]] = {}
    for p in ex.planned:
        by_buf.setdefault(p.memory_id, []).append(p)
    sizes = ex.buffer_sizes
    for mid in sorted(by_buf):
        size = sizes[mid] if mid < len(sizes) else 0
        lines.append(f"  buffer memory_id {mid}: {size} bytes")
        for off in sorted({p.offset for p in by_buf[mid]}):
            here = [p for p in by_buf[mid] if p.offset == off]
            span = max(p.nbytes for p in here)
            who = ", ".join(f"v{p.value} (#{p.first if p.first is not None else 'in'}..#"
                            f"{p.last if p.last is not None else 'out'})" for p in here)
            lines.append(f"    [{off:>7} .. {off + span - 1:>7}]  {who}")
    return "\n".join(lines)


def report(ex: Exported, extra: str = "") -> str:
    plan = ex.program.execution_plan[0]
    const_bytes = sum(c.nbytes for c in ex.constants)
    parts = [
        f"petite export report: {ex.name}",
        f"torch {torch.__version__}, executorch {_et_version()}",
        "",
    ]
    if extra:
        parts += [extra, ""]
    parts += [
        "== 1. ATen graph (torch.export.export) ==",
        format_graph(ex.aten),
        "",
        "== 2. Edge graph (to_edge: core ATen ops, decomposed) ==",
        ex.edge_unfolded_text,
        "",
    ]
    if ex.folded:
        parts += [
            "== 2b. Edge graph after constant folding (executorch.exir.passes.constant_prop_pass) ==",
            ex.edge_text,
            "",
        ]
    parts += [
        "== 3. Operators, as the runtime looks them up (name.overload) ==",
        *[f"  {i}: {op}" for i, op in enumerate(ex.ops)],
        "",
        "  constant folding: " + ("ON" if ex.folded else "OFF (--no-fold-transposes)"),
        f"  without folding: {', '.join(ex.ops_unfolded)}  (arena {sum(ex.arena_unfolded)} bytes)",
        f"  with    folding: {', '.join(ex.ops) if ex.folded else '(not run)'}"
        + (f"  (arena {sum(ex.buffer_sizes)} bytes)" if ex.folded else ""),
        "",
        "== 4. Instructions (the chain the runtime executes; vN = EValue N) ==",
        *[f"  {s}" for s in ex.instructions],
        "",
        f"== 5. Constants ({len(ex.constants)} tensors, {const_bytes} bytes, stored in the .pte) ==",
        f"  {'value':>6}  {'name':<28} {'shape':<16} {'bytes':>7}  data_buffer_idx",
        *[f"  {'v' + str(c.value):>6}  {c.name:<28} {_shape(c.sizes, c.dtype):<16} {c.nbytes:>7}  {c.buffer_idx}"
          for c in ex.constants],
        "",
        "== 6. Memory plan (ExecuTorch's default planner, from the emitted program) ==",
        f"  non_const_buffer_sizes = {ex.buffer_sizes}   (entry 0 is reserved; the caller supplies "
        f"buffer i of size entry i)",
        f"  {'value':>6}  {'shape':<12} {'bytes':>6} {'mem':>4} {'offset':>7}  {'first':>5} {'last':>5}  role / graph node (spec.lifetime)",
    ]
    for p in sorted(ex.planned, key=lambda p: p.value):
        first = "in" if p.first is None else str(p.first)
        last = "out" if p.last is None else str(p.last)
        node = f"  %{p.node} {p.spec_lifetime}" if p.node else ""
        parts.append(f"  {'v' + str(p.value):>6}  {_shape(p.sizes, p.dtype):<12} {p.nbytes:>6} {p.memory_id:>4} "
                     f"{p.offset:>7}  {first:>5} {last:>5}  {p.role}{node}")
    parts += [
        "",
        "  Lifetimes over instructions (W written, R read, = alive, . free):",
        timeline(ex),
        "",
        "  Arena by offset (tensors on the same bytes never live at the same time):",
        arena_map(ex),
        "",
        f"== 7. File ==",
        f"  .pte: {len(ex.pte)} bytes; {len(plan.values)} values, {len(ex.instructions)} instructions, "
        f"{len(ex.ops)} operators, constants {const_bytes} bytes, arena {sum(ex.buffer_sizes)} bytes",
    ]
    return "\n".join(parts) + "\n"


def _et_version() -> str:
    from importlib.metadata import version

    return version("executorch")


# ----------------------------------------------------------------------------- oracles

def run_executorch(pte_path: Path, cases: list[list[torch.Tensor]]) -> list[list[np.ndarray]]:
    """Outputs of ExecuTorch's own runtime on the written .pte, case by case."""
    from executorch.runtime import Runtime

    method = Runtime.get().load_program(str(pte_path)).load_method("forward")
    return [[_np(o) for o in method.execute(list(c))] for c in cases]


def run_eager(module: torch.nn.Module, cases: list[list[torch.Tensor]]) -> list[list[np.ndarray]]:
    with torch.no_grad():
        outs = []
        for c in cases:
            o = module(*c)
            outs.append([_np(t) for t in (o if isinstance(o, (tuple, list)) else (o,))])
        return outs


def _np(t: Any) -> np.ndarray:
    if isinstance(t, torch.Tensor):
        return t.detach().contiguous().numpy().copy()
    return np.asarray(t)


def write_outputs(ex: Exported, module: torch.nn.Module, cases: list[list[torch.Tensor]], out_dir: Path,
                  extra_report: str = "", quiet: bool = False) -> dict[str, Any]:
    """Write M.pte, M.ptv, M.eager.ptv, M.ops.txt, M.report.txt (+ M.metrics.json)."""
    name = ex.name
    pte = out_dir / f"{name}.pte"
    pte.write_bytes(ex.pte)
    inputs = [[_np(t) for t in c] for c in cases]
    et_out = run_executorch(pte, cases)
    eager_out = run_eager(module, cases)
    ptv.write(out_dir / f"{name}.ptv", ptv.Vectors(name, f"executorch.runtime {_et_version()}", inputs, et_out))
    ptv.write(out_dir / f"{name}.eager.ptv", ptv.Vectors(name, f"torch {torch.__version__} eager", inputs, eager_out))
    diff = max(float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64)))) if a.size else 0.0
               for ca, cb in zip(et_out, eager_out) for a, b in zip(ca, cb))
    (out_dir / f"{name}.ops.txt").write_text("".join(op + "\n" for op in ex.ops))
    vec = (f"reference vectors: {len(cases)} cases; executorch.runtime vs eager max |diff| = {diff:.3g}\n"
           f"  {name}.ptv (executorch.runtime), {name}.eager.ptv (eager)")
    text = report(ex, extra_report) + "\n" + vec + "\n"
    (out_dir / f"{name}.report.txt").write_text(text)
    metrics = {"pte_bytes": len(ex.pte), "arena_bytes": sum(ex.buffer_sizes),
               "non_const_buffer_sizes": ex.buffer_sizes, "ops": ex.ops, "ops_unfolded": ex.ops_unfolded,
               "folded": ex.folded, "cases": len(cases), "oracle_max_abs_diff": diff,
               "constant_bytes": sum(c.nbytes for c in ex.constants)}
    if not quiet:
        print(text)
    return metrics


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=2) + "\n")
