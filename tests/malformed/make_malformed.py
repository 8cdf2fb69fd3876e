"""Writes the malformed-file corpus: broken variants of real exported .pte files, each with the
exact status petite must return and a word its message must contain.

Usage: make_malformed.py MODELS_DIR OUT_DIR

Two kinds of damage:
  * bytes: the real file with a few bytes patched at a structural position found by walking
    the flatbuffer (header, extended header, vtables, offsets, union tags...);
  * schema: the real program read back with ExecuTorch's own deserializer, one field edited
    in its dataclasses, and serialized again (shapes, plans, indices, operators, arguments).
tests/runtime/make_test_programs.py already covers 22 hostile edits of a small MLP; these
cases are different positions, boundaries (off by one) and the rest of issue 8's list.

OUT_DIR/manifest.txt has one case a line: `name file stage STATUS mention...`
  stage: load | needs | init | run | unaligned1 | unaligned4 | short_metadata | short_buffer0 |
         few_buffers | misaligned_metadata | misaligned_buffer0 | input_size | input_index
  mention: text the error message must contain (the thing it names).
"""

from __future__ import annotations

import copy
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from executorch.exir._serialize._program import PTEFile, deserialize_pte_binary, serialize_pte_binary
from executorch.exir.schema import (
    Chain,
    EValue,
    FreeCall,
    Instruction,
    Int,
    IntList,
    JumpFalseCall,
    KernelCall,
    MoveCall,
    Operator,
    Program,
    Tensor,
)

# Flatbuffer field ids (declaration order in program.fbs; a union takes two ids).
PROGRAM_PLANS, PROGRAM_SEGMENTS, PROGRAM_CONSTANT_SEGMENT = 1, 4, 5
PLAN_NAME, PLAN_VALUES, PLAN_CHAINS, PLAN_OPERATORS = 0, 2, 5, 6
CHAIN_INSTRUCTIONS = 2
EVALUE_TYPE, EVALUE_VAL = 0, 1
TENSOR_SCALAR_TYPE = 0
SUBSEG_INDEX = 0


@dataclass
class Case:
    name: str
    data: bytes
    stage: str
    status: str
    mention: str


class Flat:
    """Just enough flatbuffer reading to find where to patch (positions are file offsets)."""

    def __init__(self, data: bytes) -> None:
        self.b = bytearray(data)

    def u16(self, o: int) -> int:
        return struct.unpack_from("<H", self.b, o)[0]

    def u32(self, o: int) -> int:
        return struct.unpack_from("<I", self.b, o)[0]

    def i32(self, o: int) -> int:
        return struct.unpack_from("<i", self.b, o)[0]

    def root(self) -> int:
        return self.u32(0)

    def vtable(self, table: int) -> int:
        return table - self.i32(table)

    def field(self, table: int, fid: int) -> int:
        """File offset of field fid of the table (it must be present)."""
        vt = self.vtable(table)
        off = self.u16(vt + 4 + 2 * fid)
        assert off != 0 and 4 + 2 * fid < self.u16(vt), f"field {fid} absent"
        return table + off

    def deref(self, table: int, fid: int) -> int:
        at = self.field(table, fid)
        return at + self.u32(at)

    def vector(self, table: int, fid: int) -> tuple[int, int]:
        """(file offset of the length word, length)."""
        v = self.deref(table, fid)
        return v, self.u32(v)

    def element(self, table: int, fid: int, i: int) -> int:
        v, n = self.vector(table, fid)
        assert i < n
        at = v + 4 + 4 * i
        return at + self.u32(at)

    def plan(self) -> int:
        return self.element(self.root(), PROGRAM_PLANS, 0)


def patched(data: bytes, edit: Callable[[Flat], None]) -> bytes:
    f = Flat(data)
    edit(f)
    return bytes(f.b)


def put(f: Flat, fmt: str, at: int, value: int) -> None:
    struct.pack_into(fmt, f.b, at, value)


def byte_cases(sine: bytes) -> list[Case]:
    f0 = Flat(sine)
    assert sine[8:12] == b"eh00", "the sine model is expected to have an extended header"
    eh_len = f0.u32(12)
    prog_size, seg_base = struct.unpack_from("<QQ", sine, 16)
    root, plan = f0.root(), f0.plan()
    value0 = f0.element(plan, PLAN_VALUES, 0)
    instr0 = f0.element(f0.element(plan, PLAN_CHAINS, 0), CHAIN_INSTRUCTIONS, 0)
    c: list[Case] = []

    def add(name: str, edit: Callable[[Flat], None], stage: str, status: str, mention: str) -> None:
        c.append(Case(name, patched(sine, edit), stage, status, mention))

    # --- truncated at every structural boundary (the extended header is the first structure
    # that tells the real size, so from byte 12 on the error is TRUNCATED) ---
    boundaries = {"empty": 0, "in_root_offset": 3, "before_identifier": 4, "after_identifier": 8,
                  "in_eh_magic": 10, "before_eh_length": 12, "in_eh_fields": 20,
                  "before_segment_size": 8 + 24, "end_of_eh": 8 + eh_len,
                  "at_root_table": root, "at_plan_table": plan, "last_program_byte": prog_size - 1,
                  "at_segment_base": seg_base, "last_byte": len(sine) - 1}
    for what, n in boundaries.items():
        c.append(Case(f"truncated_{what}", sine[:n], "load", "PT_ERR_TRUNCATED", "" if n < 12 else "bytes"))

    # --- wrong identifier ---
    add("identifier_et13", lambda f: f.b.__setitem__(slice(4, 8), b"ET13"), "load", "PT_ERR_BAD_MAGIC", "ET13")
    add("identifier_zeroed", lambda f: f.b.__setitem__(slice(4, 8), b"\0\0\0\0"), "load", "PT_ERR_BAD_MAGIC", "ET12")
    c.append(Case("not_a_pte_text", b"this is a text file, not a model\n" * 4, "load", "PT_ERR_BAD_MAGIC", "ET12"))

    # --- extended header inconsistent ---
    add("eh_length_23", lambda f: put(f, "<I", 12, 23), "load", "PT_ERR_BAD_HEADER", "23")
    add("eh_length_huge", lambda f: put(f, "<I", 12, 0xFFFFFF00), "load", "PT_ERR_TRUNCATED", "4294967040")
    add("eh_program_size_zero", lambda f: put(f, "<Q", 16, 0), "load", "PT_ERR_BAD_HEADER", "program size 0")
    add("eh_program_size_past_end", lambda f: put(f, "<Q", 16, len(sine) + 1), "load", "PT_ERR_TRUNCATED",
        str(len(sine) + 1))
    add("eh_segment_base_in_program", lambda f: put(f, "<Q", 24, prog_size - 8), "load", "PT_ERR_BAD_HEADER",
        str(prog_size - 8))
    add("eh_segment_base_past_end", lambda f: put(f, "<Q", 24, len(sine) + 16), "load", "PT_ERR_TRUNCATED",
        str(len(sine) + 16))
    add("eh_segment_data_size_2e63", lambda f: put(f, "<Q", 32, 1 << 63), "load", "PT_ERR_TRUNCATED",
        str(1 << 63))
    add("eh_magic_gone_with_segments", lambda f: f.b.__setitem__(slice(8, 12), b"xx00"), "load",
        "PT_ERR_BAD_HEADER", "segment 0 (1296 bytes at 0) but the file has no extended header")

    # --- segments out of range (segment 0 holds the constants) ---
    seg0 = f0.element(root, PROGRAM_SEGMENTS, 0)
    seg_data = len(sine) - seg_base
    add("segment_size_2e63", lambda f: put(f, "<Q", f.field(seg0, 1), 1 << 63), "load",
        "PT_ERR_BAD_HEADER", "segment 0")
    add("segment_size_past_data", lambda f: put(f, "<Q", f.field(seg0, 1), seg_data + 1), "load",
        "PT_ERR_BAD_HEADER", "segment 0")
    cseg = f0.deref(root, PROGRAM_CONSTANT_SEGMENT)
    coffs = f0.deref(cseg, 1)  # constant_segment.offsets: u64 per constant
    add("constant_offset_past_segment", lambda f: put(f, "<Q", coffs + 4 + 8 * (f.u32(coffs) - 1), seg_data),
        "load", "PT_ERR_BAD_INDEX", f"constant {f0.u32(coffs) - 1}")
    # segment_index is 0 (absent, the default): point its vtable slot at the offsets field, so
    # the index reads as that uoffset (a small number > 0, past the one segment)
    add("constant_segment_index_past", lambda f: put(f, "<H", f.vtable(cseg) + 4 + 2 * SUBSEG_INDEX,
                                                      f.u16(f.vtable(cseg) + 6)), "load",
        "PT_ERR_BAD_INDEX", "constant segment index")

    # --- offsets outside the buffer, misaligned, or into a cycle; vtables too big ---
    add("root_offset_odd", lambda f: put(f, "<I", 0, root + 2), "load", "PT_ERR_BAD_FLATBUFFER",
        f"offset {root + 2}")
    add("root_vtable_before_file", lambda f: put(f, "<i", root, root + 64), "load", "PT_ERR_BAD_FLATBUFFER",
        f"offset {root}")
    add("root_vtable_is_itself", lambda f: put(f, "<i", root, 0), "load", "PT_ERR_BAD_FLATBUFFER",
        f"offset {root}")  # soffset 0: the table is its own vtable (a cycle), size 0
    add("root_vtable_size_huge", lambda f: put(f, "<H", f.vtable(root), 0xFFFE), "load", "PT_ERR_BAD_FLATBUFFER",
        "65534")
    add("root_table_size_huge", lambda f: put(f, "<H", f.vtable(root) + 2, 0xFFF0), "load",
        "PT_ERR_BAD_FLATBUFFER", "65520")
    add("root_field_outside_buffer", lambda f: put(f, "<H", f.vtable(root) + 4 + 2 * PROGRAM_PLANS, 0xFFF0),
        "load", "PT_ERR_BAD_FLATBUFFER", f"field {PROGRAM_PLANS}")
    add("plans_offset_past_end", lambda f: put(f, "<I", f.field(root, PROGRAM_PLANS), 0x7FFFFFF0), "load",
        "PT_ERR_BAD_FLATBUFFER", "past the end")
    add("plans_length_huge", lambda f: put(f, "<I", f.vector(root, PROGRAM_PLANS)[0], 0x40000000), "load",
        "PT_ERR_BAD_FLATBUFFER", "1073741824")
    add("plan_element_points_at_itself", lambda f: put(f, "<I", f.vector(root, PROGRAM_PLANS)[0] + 4, 0),
        "load", "PT_ERR_BAD_FLATBUFFER", "offset")
    add("method_name_length_huge", lambda f: put(f, "<I", f.deref(plan, PLAN_NAME), 0x10000000), "load",
        "PT_ERR_BAD_FLATBUFFER", "268435456")
    add("values_offset_misaligned", lambda f: put(f, "<I", f.field(plan, PLAN_VALUES),
                                                  f.u32(f.field(plan, PLAN_VALUES)) + 2), "load",
        "PT_ERR_BAD_FLATBUFFER", "misaligned")

    # --- unions with unknown tags (first value past the last known one) ---
    add("evalue_tag_12", lambda f: put(f, "<B", f.field(value0, EVALUE_TYPE), 12), "load", "PT_ERR_BAD_ENUM",
        "value 0")
    add("instruction_tag_6", lambda f: put(f, "<B", f.field(instr0, 0), 6), "load", "PT_ERR_BAD_ENUM",
        "instruction 0")
    tensor0 = f0.deref(value0, EVALUE_VAL)
    add("scalar_type_255", lambda f: put(f, "<B", f.field(tensor0, TENSOR_SCALAR_TYPE), 255), "load",
        "PT_ERR_BAD_DTYPE", "value 0")
    add("scalar_type_16", lambda f: put(f, "<B", f.field(tensor0, TENSOR_SCALAR_TYPE), 16), "load",
        "PT_ERR_BAD_DTYPE", "16")

    # --- the program bytes themselves, and caller memory (stage does the damage) ---
    for stage, status, mention in [
        ("unaligned1", "PT_ERR_MISALIGNED", "aligned"), ("unaligned4", "PT_ERR_MISALIGNED", "aligned"),
        ("short_metadata", "PT_ERR_BUFFER_TOO_SMALL", "metadata"),
        ("short_buffer0", "PT_ERR_BUFFER_TOO_SMALL", "buffer 0"),
        ("few_buffers", "PT_ERR_BUFFER_TOO_SMALL", "buffers"),
        ("misaligned_metadata", "PT_ERR_MISALIGNED", "metadata"),
        ("misaligned_buffer0", "PT_ERR_MISALIGNED", "buffer 0"),
        ("input_size", "PT_ERR_BAD_INPUT", "input 0"), ("input_index", "PT_ERR_BAD_INPUT", "input 1"),
    ]:
        c.append(Case(f"caller_{stage}", sine, stage, status, mention))
    c.append(Case("control_sine_runs", sine, "run", "PT_OK", ""))
    return c


def empty_segment_case(models: Path) -> list[Case]:
    """A program without constants: ExecuTorch writes one EMPTY segment and no extended
    header. That is valid (ExecuTorch loads it) and must load and size."""
    for name in ("ops_reduce.pte", "ops_pool_pad.pte"):
        data = (models / name).read_bytes()
        f = Flat(data)
        if data[8:12] != b"eh00" and f.vector(f.root(), PROGRAM_SEGMENTS)[1] >= 1:
            return [Case(f"control_empty_segment_no_header_{name[:-4]}", data, "needs", "PT_OK", "")]
    raise SystemExit("no exported model without constants (ops_reduce.pte) to check empty segments with")


def schema_cases(pte: PTEFile) -> list[Case]:
    plan0 = pte.program.execution_plan[0]
    vals = plan0.values
    ins = [i for i, v in enumerate(vals) if isinstance(v.val, Tensor) and i in plan0.inputs][0]
    planned = [i for i, v in enumerate(vals)
               if isinstance(v.val, Tensor) and v.val.allocation_info is not None and i != ins]
    consts = [i for i, v in enumerate(vals) if isinstance(v.val, Tensor) and v.val.data_buffer_idx > 0]
    ints = [i for i, v in enumerate(vals) if isinstance(v.val, Int)]
    ops = plan0.operators
    addmm = next(k for k, o in enumerate(ops) if o.name == "aten::addmm")
    first = plan0.chains[0].instructions[0].instr_args
    assert isinstance(first, KernelCall) and first.op_index == addmm
    ncons = len(pte.program.constant_segment.offsets) or len(pte.program.constant_buffer)
    bufsize = plan0.non_const_buffer_sizes[1]
    c: list[Case] = []

    def add(name: str, edit: Callable[[Program], None], stage: str, status: str, mention: str) -> None:
        p = copy.deepcopy(pte)
        edit(p.program)
        c.append(Case(name, bytes(serialize_pte_binary(p)), stage, status, mention))

    def t(p: Program, i: int) -> Tensor:
        return p.execution_plan[0].values[i].val

    def instrs(p: Program) -> list[Instruction]:
        return p.execution_plan[0].chains[0].instructions

    def set_shape(i: int, sizes: list[int]) -> Callable[[Program], None]:
        def edit(p: Program) -> None:
            t(p, i).sizes = sizes
            t(p, i).dim_order = list(range(len(sizes)))
        return edit

    add("control_reserialized", lambda p: None, "run", "PT_OK", "")
    # shapes
    add("rank_17_constant", set_shape(consts[0], [1] * 17), "load", "PT_ERR_BAD_SHAPE", f"value {consts[0]}")
    add("rank_16_wrong_for_addmm", set_shape(ins, [1] * 16), "needs", "PT_ERR_BAD_ARGUMENTS", "aten::addmm.out")
    add("nbytes_overflow_65535x65537", set_shape(planned[0], [65535, 65537]), "load", "PT_ERR_BAD_SHAPE",
        f"value {planned[0]}")
    add("size_int32_min", lambda p: t(p, consts[0]).sizes.__setitem__(0, -2**31), "load", "PT_ERR_BAD_SHAPE",
        "-2147483648")
    add("dim_order_short", lambda p: setattr(t(p, ins), "dim_order", [0]), "load", "PT_ERR_BAD_SHAPE",
        f"value {ins}")
    add("dim_order_out_of_range", lambda p: setattr(t(p, ins), "dim_order", [0, 2]), "load", "PT_ERR_BAD_SHAPE",
        f"value {ins}")
    add("shape_dynamism_7", lambda p: setattr(t(p, ins), "shape_dynamism", 7), "load", "PT_ERR_BAD_ENUM",
        f"value {ins}")
    # memory plan
    add("memory_id_2_of_1", lambda p: setattr(t(p, planned[0]).allocation_info, "memory_id", 2), "load",
        "PT_ERR_BAD_PLAN", f"value {planned[0]}")
    nb = 4 * max(1, int(__import__("math").prod(vals[planned[0]].val.sizes)))
    add("planned_overflows_buffer_by_16", lambda p: setattr(t(p, planned[0]).allocation_info, "memory_offset_low",
                                                            bufsize - nb + 16), "load", "PT_ERR_BAD_PLAN",
        f"value {planned[0]}")
    add("planned_offset_misaligned", lambda p: setattr(t(p, planned[0]).allocation_info, "memory_offset_low", 2),
        "load", "PT_ERR_BAD_PLAN", f"value {planned[0]}")
    add("buffer_size_negative", lambda p: p.execution_plan[0].non_const_buffer_sizes.__setitem__(1, -1), "load",
        "PT_ERR_BAD_PLAN", "buffer 1")
    add("nine_buffers", lambda p: p.execution_plan[0].non_const_buffer_sizes.extend([16] * 8), "load",
        "PT_ERR_UNSUPPORTED", "9")
    # indices
    add("constant_index_one_past", lambda p: setattr(t(p, consts[0]), "data_buffer_idx", ncons), "load",
        "PT_ERR_BAD_INDEX", f"value {consts[0]}")
    add("output_index_negative", lambda p: p.execution_plan[0].outputs.__setitem__(0, -1), "load",
        "PT_ERR_BAD_INDEX", "output 0")
    add("chain_input_one_past", lambda p: p.execution_plan[0].chains[0].inputs.append(len(vals)), "load",
        "PT_ERR_BAD_INDEX", "chain input")
    add("kernel_arg_negative", lambda p: instrs(p)[0].instr_args.args.__setitem__(1, -1), "load",
        "PT_ERR_BAD_INDEX", "instruction 0")
    add("op_index_one_past", lambda p: setattr(instrs(p)[0].instr_args, "op_index", len(ops)), "load",
        "PT_ERR_BAD_INDEX", "instruction 0")
    add("move_from_out_of_range", lambda p: instrs(p).append(Instruction(MoveCall(len(vals), 0))), "load",
        "PT_ERR_BAD_INDEX", f"instruction {len(plan0.chains[0].instructions)}")
    add("free_out_of_range", lambda p: instrs(p).append(Instruction(FreeCall(len(vals) + 5))), "load",
        "PT_ERR_BAD_INDEX", f"instruction {len(plan0.chains[0].instructions)}")
    add("int_list_item_out_of_range",
        lambda p: p.execution_plan[0].values.append(EValue(IntList([ints[0], len(vals) + 3]))), "load",
        "PT_ERR_BAD_INDEX", f"value {len(vals)}")
    add("four_chains", lambda p: p.execution_plan[0].chains.extend(
        [Chain(inputs=[], outputs=[], instructions=[], stacktrace=None)] * 3), "load", "PT_ERR_UNSUPPORTED",
        "4 chains")
    # a Move replaces a value after kernels were bound to it: only same-shape writable tensors
    add("move_changes_shape", lambda p: instrs(p).insert(0, Instruction(MoveCall(ins, planned[0]))), "load",
        "PT_ERR_BAD_ARGUMENTS", "instruction 0: move from value")
    const_twin = next((c, q) for c in consts for q in planned
                      if vals[c].val.sizes == vals[q].val.sizes and vals[c].val.scalar_type == vals[q].val.scalar_type)
    add("move_from_constant", lambda p: instrs(p).insert(0, Instruction(MoveCall(*const_twin))), "load",
        "PT_ERR_UNSUPPORTED", f"constant value {const_twin[0]}")
    add("move_of_an_int", lambda p: instrs(p).insert(0, Instruction(MoveCall(ints[0], ints[1]))), "load",
        "PT_ERR_UNSUPPORTED", "moves only tensors")
    # a jump whose condition is a float tensor: rejected at load, before any memory is asked for
    add("jump_condition_not_bool", lambda p: instrs(p).insert(0, Instruction(JumpFalseCall(ins, 1))), "load",
        "PT_ERR_BAD_ARGUMENTS", "instruction 0")
    # kernels: operators, argument counts, tags and dtypes (rejected when sizing, naming the op)
    add("unknown_operator", lambda p: setattr(p.execution_plan[0].operators[addmm], "name", "aten::frobnicate"),
        "needs", "PT_ERR_MISSING_OPERATOR", "aten::frobnicate.out")
    add("operator_name_300_chars", lambda p: setattr(p.execution_plan[0].operators[addmm], "name", "x" * 300),
        "needs", "PT_ERR_MISSING_OPERATOR", "xxxxxxxx")
    add("addmm_one_arg_short", lambda p: instrs(p)[0].instr_args.args.pop(3), "needs", "PT_ERR_BAD_ARGUMENTS",
        "aten::addmm.out")
    add("addmm_alpha_is_tensor", lambda p: instrs(p)[0].instr_args.args.__setitem__(4, consts[0]), "needs",
        "PT_ERR_BAD_ARGUMENTS", "aten::addmm.out")
    add("addmm_weight_int32", lambda p: setattr(t(p, first.args[2]), "scalar_type", 3), "needs",
        "PT_ERR_BAD_ARGUMENTS", "aten::addmm.out")
    add("addmm_out_wrong_shape", set_shape(first.args[5], [1, 3]), "needs", "PT_ERR_BAD_ARGUMENTS",
        "aten::addmm.out")
    add("relu_unknown_overload", lambda p: setattr(next(o for o in p.execution_plan[0].operators
                                                        if o.name == "aten::relu"), "overload", "Scalar_out"),
        "needs", "PT_ERR_MISSING_OPERATOR", "aten::relu.Scalar_out")
    _ = Operator
    return c


def main() -> None:
    models, out = Path(sys.argv[1]), Path(sys.argv[2])
    sine = (models / "sine_model.pte").read_bytes()
    out.mkdir(parents=True, exist_ok=True)
    cases = byte_cases(sine) + schema_cases(deserialize_pte_binary(sine)) + empty_segment_case(models)
    names = [k.name for k in cases]
    assert len(names) == len(set(names)), "case names must be distinct"
    datas = [k.data for k in cases if k.stage == "load"]
    assert len(datas) == len(set(datas)), "two load cases have the same bytes"
    lines = []
    for k in cases:
        (out / f"{k.name}.pte").write_bytes(k.data)
        lines.append(f"{k.name} {k.name}.pte {k.stage} {k.status} {k.mention}".rstrip())
    (out / "manifest.txt").write_text("\n".join(lines) + "\n")
    print(f"{len(cases)} malformed cases in {out}")


if __name__ == "__main__":
    main()
