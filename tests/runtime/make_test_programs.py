"""Writes the .pte files the runtime tests load: a small float MLP exported with the official
ExecuTorch flow, the same program in legacy layouts, and hostile variants made by editing the
exported Program (ExecuTorch's own schema dataclasses) before serializing it.

Usage: make_test_programs.py OUT_DIR
Also writes mlp_plan.txt (facts of the exported plan, "name value" lines) and mlp_io.bin: u32 n, then n float32 inputs, then n float32 outputs of PyTorch eager.
"""

from __future__ import annotations

import copy
import math
import struct
import sys
from pathlib import Path
from typing import Callable

import torch
from executorch.exir import ExecutorchBackendConfig, to_edge
from executorch.exir._serialize._flatbuffer_program import _program_to_flatbuffer
from executorch.exir._serialize._program import PTEFile, serialize_pte_binary
from executorch.exir.passes import MemoryPlanningPass
from executorch.exir.schema import (
    AllocationDetails,
    DelegateCall,
    ExtraTensorInfo,
    Instruction,
    Int,
    IntList,
    JumpFalseCall,
    KernelCall,
    Program,
    Tensor,
    TensorDataLocation,
    TensorShapeDynamism,
)


def make_mlp() -> torch.nn.Module:
    torch.manual_seed(1234)
    return torch.nn.Sequential(
        torch.nn.Linear(1, 8), torch.nn.ReLU(), torch.nn.Linear(8, 8), torch.nn.ReLU(),
        torch.nn.Linear(8, 1),
    ).eval()


class ReluInt32(torch.nn.Module):
    """relu on an int32 tensor: a program a float32-only selective build must refuse."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(x)


class AddmmScaled(torch.nn.Module):
    """addmm with alpha and beta other than 1: a program an nn.Linear-only build must refuse."""

    def __init__(self) -> None:
        super().__init__()
        self.b = torch.nn.Parameter(torch.linspace(-1.0, 1.0, 3))
        self.w = torch.nn.Parameter(torch.linspace(-2.0, 2.0, 12).reshape(4, 3))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.addmm(self.b, x, self.w, beta=0.5, alpha=2.0)


def export(model: torch.nn.Module, alloc_input: bool = True) -> Program:
    ep = torch.export.export(model, (torch.zeros(1, 1),))
    cfg = ExecutorchBackendConfig(memory_planning_pass=MemoryPlanningPass(alloc_graph_input=alloc_input))
    return to_edge(ep).to_executorch(cfg).executorch_program


def pte(program: Program) -> bytes:
    return bytes(serialize_pte_binary(PTEFile(program=program)))


def legacy_pte(program: Program) -> bytes:
    """Inline constants (Program.constant_buffer) and no extended header, like pre-segment files."""
    return bytes(_program_to_flatbuffer(program).data)


def tensors(program: Program) -> list[Tensor]:
    return [v.val for v in program.execution_plan[0].values if isinstance(v.val, Tensor)]


def planned(program: Program) -> Tensor:
    return next(t for t in tensors(program) if t.allocation_info is not None)


def instr(program: Program, i: int) -> Instruction:
    return program.execution_plan[0].chains[0].instructions[i]


def hostile(base: Program) -> dict[str, Callable[[Program], None]]:
    def rank17(p: Program) -> None:
        t = planned(p)
        t.sizes = [1] * 17
        t.dim_order = list(range(17))

    def numel_overflow(p: Program) -> None:
        t = planned(p)
        t.sizes = [65536, 65536]
        t.dim_order = [0, 1]

    def negative_size(p: Program) -> None:
        planned(p).sizes[0] = -1

    def bad_dim_order(p: Program) -> None:
        t = planned(p)
        t.dim_order = [0, 0]

    def memory_id0(p: Program) -> None:
        planned(p).allocation_info.memory_id = 0

    def memory_id_oob(p: Program) -> None:
        planned(p).allocation_info.memory_id = 5

    def offset_high(p: Program) -> None:
        planned(p).allocation_info.memory_offset_high = 1

    def past_buffer_end(p: Program) -> None:
        size = p.execution_plan[0].non_const_buffer_sizes[1]
        biggest = max((t for t in tensors(p) if t.allocation_info is not None),
                      key=lambda t: math.prod(t.sizes))
        assert math.prod(biggest.sizes) * 4 > 16
        biggest.allocation_info = AllocationDetails(memory_id=1, memory_offset_low=size - 16,
                                                    memory_offset_high=0)

    def dynamic_unbound(p: Program) -> None:
        planned(p).shape_dynamism = TensorShapeDynamism.DYNAMIC_UNBOUND

    def bad_dtype(p: Program) -> None:
        planned(p).scalar_type = 40  # not a ScalarType

    def storage_offset(p: Program) -> None:
        planned(p).storage_offset = 4

    def external_data(p: Program) -> None:
        planned(p).extra_tensor_info = ExtraTensorInfo(
            mutable_data_segments_idx=0, fully_qualified_name="w", location=TensorDataLocation.EXTERNAL)

    def constant_idx_oob(p: Program) -> None:
        next(t for t in tensors(p) if t.data_buffer_idx > 0).data_buffer_idx = 99

    def unplanned_intermediate(p: Program) -> None:
        # an intermediate (not an input) with neither a plan nor constant data
        ins = set(p.execution_plan[0].inputs)
        for i, v in enumerate(p.execution_plan[0].values):
            if isinstance(v.val, Tensor) and v.val.allocation_info is not None and i not in ins:
                v.val.allocation_info = None
                return

    def input_oob(p: Program) -> None:
        p.execution_plan[0].inputs = [9999]

    def list_bad_item(p: Program) -> None:
        plan = p.execution_plan[0]
        lst = next(v.val for v in plan.values if isinstance(v.val, IntList))
        lst.items[0] = next(i for i, v in enumerate(plan.values) if isinstance(v.val, Tensor))

    def arg_oob(p: Program) -> None:
        instr(p, 0).instr_args.args[0] = 9999

    def op_index_oob(p: Program) -> None:
        instr(p, 0).instr_args.op_index = 77

    def delegate_call(p: Program) -> None:
        instr(p, 1).instr_args = DelegateCall(delegate_index=0, args=[0])

    def jump_oob(p: Program) -> None:
        plan = p.execution_plan[0]
        plan.chains[0].instructions.append(
            Instruction(instr_args=JumpFalseCall(cond_value_index=0, destination_instruction=500)))

    def missing_operator(p: Program) -> None:
        ops = p.execution_plan[0].operators
        ops[0].name = "aten::no_such_op"
        ops[-1].name = "aten::another_missing"

    def long_operator_name(p: Program) -> None:
        # 125 + ".out" = 129 characters: matched in place (no copy) and named whole in the message
        p.execution_plan[0].operators[0].name = "aten::" + "x" * 119

    def no_method(p: Program) -> None:
        p.execution_plan[0].name = "something_else"

    del base
    return {k: v for k, v in locals().items() if callable(v)}


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    model = make_mlp()
    program = export(model)
    (out / "mlp.pte").write_bytes(pte(program))
    (out / "mlp_legacy.pte").write_bytes(legacy_pte(program))
    (out / "mlp_unplanned_input.pte").write_bytes(pte(export(model, alloc_input=False)))
    ep = torch.export.export(ReluInt32(), (torch.zeros(4, dtype=torch.int32),))
    (out / "relu_int32.pte").write_bytes(pte(to_edge(ep).to_executorch().executorch_program))
    ep = torch.export.export(AddmmScaled().eval(), (torch.zeros(2, 4),))
    (out / "addmm_scaled.pte").write_bytes(pte(to_edge(ep).to_executorch().executorch_program))

    xs = torch.linspace(-3.0, 3.0, 13).reshape(-1, 1)
    with torch.no_grad():
        ys = torch.cat([model(x.reshape(1, 1)) for x in xs])
    io = struct.pack("<I", len(xs)) + xs.numpy().astype("<f4").tobytes() + ys.numpy().astype("<f4").tobytes()
    (out / "mlp_io.bin").write_bytes(io)

    plan = program.execution_plan[0]
    facts = {
        "buffer0": plan.non_const_buffer_sizes[1],
        "values": len(plan.values),
        "tensors": sum(isinstance(v.val, Tensor) for v in plan.values),
        "instructions": sum(len(c.instructions) for c in plan.chains),
        "inputs": len(plan.inputs),
        "outputs": len(plan.outputs),
    }
    (out / "mlp_plan.txt").write_text("".join(f"{k} {v}\n" for k, v in facts.items()))

    for name, edit in hostile(program).items():
        p = copy.deepcopy(program)
        edit(p)
        (out / f"bad_{name}.pte").write_bytes(pte(p))


if __name__ == "__main__":
    main()
