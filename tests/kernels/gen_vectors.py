"""Generates vectors.h: kernel test cases whose expected outputs come from torch.

Run: .venv/bin/python tests/kernels/gen_vectors.py  (rewrites tests/kernels/vectors.h)
Each case names an operator, its arguments in ExecuTorch's KernelCall order, and the out
tensor with the values torch computes for it (with ExecuTorch's type-promotion rules applied
explicitly where they differ from eager torch, e.g. 0-d tensors take part in promotion).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

import torch

DTYPES: dict[torch.dtype, int] = {
    torch.uint8: 0, torch.int8: 1, torch.int16: 2, torch.int32: 3, torch.int64: 4,
    torch.float32: 6, torch.float64: 7, torch.bool: 11,
}


@dataclass
class T:
    """A tensor argument; dim_order gives its memory layout."""
    value: torch.Tensor
    dim_order: Optional[list[int]] = None

    def order(self) -> list[int]:
        return self.dim_order if self.dim_order is not None else list(range(self.value.dim()))

    def memory(self) -> bytes:
        v = self.value
        if v.dim() > 0:
            v = v.permute(self.order()).contiguous()
        return v.numpy().tobytes()


@dataclass
class Out(T):
    """The out tensor; `value` holds the expected result."""


@dataclass
class Int:
    v: int


@dataclass
class Double:
    v: float


@dataclass
class Bool:
    v: bool


@dataclass
class IntList:
    v: list[int]


@dataclass
class NoneArg:
    pass


@dataclass
class Str:
    v: str


@dataclass
class Extra(T):
    """A further out tensor of a multi-output op (checked when `expected`)."""
    expected: bool = False


@dataclass
class RetList:
    """The appended return value of a multi-output op: a TensorList of its outs."""
    n: int


@dataclass
class ListItem(T):
    """A tensor inside an input TensorList (a value, not an argument)."""


@dataclass
class OutItem(T):
    """An out tensor inside an out TensorList; `value` is expected."""


@dataclass
class ListArg:
    """The TensorList of the n ListItem/OutItem tensors just before it."""
    n: int
    out: bool = False


@dataclass
class ScalarOut:
    """A prim op's result value: Int, Double or Bool."""
    v: Union[int, float, bool]


def tlist(ts: list[torch.Tensor]) -> list:
    return [ListItem(t) for t in ts] + [ListArg(len(ts))]


def outlist(ts: list[torch.Tensor]) -> list:
    return [OutItem(t) for t in ts] + [ListArg(len(ts), out=True)]


Arg = Union[T, Out, Int, Double, Bool, IntList, NoneArg]


@dataclass
class Case:
    name: str
    op: str
    args: list[Arg]
    atol: float = 0.0
    out_in_schema: bool = True  # False for functional ops (et_view): out only appended
    expect_alias: bool = False  # out must share self's data after run


CASES: list[Case] = []


def case(name: str, op: str, args: list[Arg], atol: float = 0.0, **kw: bool) -> None:
    CASES.append(Case(name, op, args, atol, **kw))


def f32(*shape: int, seed: int = 0, lo: float = -2.0, hi: float = 2.0) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return (torch.rand(tuple(shape), generator=g, dtype=torch.float64) * (hi - lo) + lo).float()


def ints(*shape: int, dtype: torch.dtype, lo: int, hi: int, seed: int = 0) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return torch.randint(lo, hi, shape, generator=g, dtype=torch.int64).to(dtype)


def promote(a: torch.dtype, b: torch.dtype) -> torch.dtype:
    return torch.promote_types(a, b)  # on dtypes alone, as ExecuTorch does (no 0-d rule)


# ---- addmm / mm: reference in float64, tolerance for summation order ----

def addmm_case(name: str, bias: torch.Tensor, m: int, k: int, n: int, beta: Arg, alpha: Arg,
               seed: int) -> None:
    x, w = f32(m, k, seed=seed), f32(k, n, seed=seed + 1)
    be = float(beta.v) if not isinstance(beta, NoneArg) else 1.0
    al = float(alpha.v) if not isinstance(alpha, NoneArg) else 1.0
    ref = (x.double() @ w.double()) * al + bias.double() * be
    case(name, "aten::addmm.out", [T(bias), T(x), T(w), beta, alpha, Out(ref.float())], atol=1e-5)


addmm_case("addmm_sine_l1", f32(16, seed=3), 4, 1, 16, Int(1), Int(1), 10)
addmm_case("addmm_sine_l2", f32(1, seed=4), 4, 16, 1, Int(1), Int(1), 12)
addmm_case("addmm_bias_1xn", f32(1, 5, seed=5), 3, 4, 5, Int(1), Int(1), 14)
addmm_case("addmm_bias_full", f32(3, 5, seed=6), 3, 4, 5, Int(1), Int(1), 16)
addmm_case("addmm_bias_col", f32(3, 1, seed=7), 3, 4, 5, Int(1), Int(1), 18)
addmm_case("addmm_bias_0d", f32(seed=8), 2, 3, 2, Int(1), Int(1), 20)
addmm_case("addmm_alpha_beta", f32(5, seed=9), 3, 4, 5, Double(0.5), Double(2.0), 22)
addmm_case("addmm_int_alpha", f32(3, 5, seed=10), 3, 4, 5, Int(2), Int(3), 24)
addmm_case("addmm_beta0_col", f32(1, 1, seed=11), 2, 7, 3, Int(0), Double(-1.5), 26)
addmm_case("addmm_1x1", f32(1, seed=12), 1, 1, 1, Int(1), Int(1), 28)

for name, (m, k, n) in {"mm_3x4x5": (3, 4, 5), "mm_1x1x1": (1, 1, 1), "mm_2x16x1": (2, 16, 1)}.items():
    x, w = f32(m, k, seed=m + k), f32(k, n, seed=n + 7)
    case(name, "aten::mm.out", [T(x), T(w), Out((x.double() @ w.double()).float())], atol=1e-5)

# ---- permute_copy ----
for name, shape, dims, dtype in [
    ("permute_2d_f32", (16, 1), [1, 0], torch.float32),
    ("permute_3d_f32", (2, 3, 4), [2, 0, 1], torch.float32),
    ("permute_neg_i64", (2, 3, 4), [-1, 0, 1], torch.int64),
    ("permute_4d_u8", (2, 1, 3, 2), [0, 2, 3, 1], torch.uint8),
    ("permute_identity_i32", (3, 2), [0, 1], torch.int32),
    ("permute_0d", (), [], torch.float32),
]:
    x = f32(*shape, seed=len(shape)) if dtype == torch.float32 else ints(*shape, dtype=dtype, lo=0, hi=100)
    case(name, "aten::permute_copy.out", [T(x), IntList(dims), Out(x.permute(dims).contiguous())])

# ---- relu ----
rx = torch.tensor([[-1.5, 0.0, 2.25], [float("nan"), -0.0, 1e-30], [-1e-30, float("inf"), float("-inf")]])
case("relu_f32_special", "aten::relu.out", [T(rx), Out(torch.where(rx.isnan() | (rx >= 0), rx, torch.zeros(())))])
case("relu_f32_4x16", "aten::relu.out", [T(f32(4, 16, seed=30)), Out(torch.relu(f32(4, 16, seed=30)))])
case("relu_0d", "aten::relu.out", [T(torch.tensor(-3.0)), Out(torch.tensor(0.0))])
for dt in (torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8, torch.float64):
    x = ints(2, 5, dtype=dt, lo=-100 if dt != torch.uint8 else 0, hi=100, seed=31) if dt != torch.float64 else f32(2, 5, seed=31).double()
    case(f"relu_{str(dt)[6:]}", "aten::relu.out", [T(x), Out(torch.relu(x))])
cl = f32(1, 3, 2, 2, seed=32)
case("relu_channels_last", "aten::relu.out", [T(cl, [0, 2, 3, 1]), Out(torch.relu(cl), [0, 2, 3, 1])])

# ---- add / sub / mul ----
BIN = {"add": lambda a, b, al: a + al * b, "sub": lambda a, b, al: a - al * b, "mul": lambda a, b, al: a * b}


def binary(name: str, op: str, a: T, b: T, alpha: Optional[Arg] = None,
           out_dtype: Optional[torch.dtype] = None) -> None:
    common = promote(a.value.dtype, b.value.dtype)
    out_dtype = out_dtype or common
    al = alpha.v if alpha is not None else 1
    if common == torch.bool:
        r = BIN[op](a.value.to(torch.int64), b.value.to(torch.int64), int(al)).to(torch.bool)
    else:
        ca, cb = a.value.to(common), b.value.to(common)
        if common.is_floating_point:
            r = BIN[op](ca, cb, torch.tensor(al, dtype=common))
        else:  # wrap in the common type, as C++ arithmetic on CTYPE_COMPUTE does
            r = BIN[op](ca.to(torch.int64), cb.to(torch.int64), int(al)).to(common)
    r = r.to(out_dtype)
    args: list[Arg] = [a, b]
    if op != "mul":
        args.append(alpha if alpha is not None else Int(1))
    args.append(Out(r, a.dim_order if a.value.shape == r.shape else None))
    case(name, f"aten::{op}.out", args, atol=1e-6 if r.dtype.is_floating_point else 0.0)


for op in ("add", "sub", "mul"):
    binary(f"{op}_same_f32", op, T(f32(4, 1, seed=40)), T(f32(4, 1, seed=41)))
    binary(f"{op}_rowcol_f32", op, T(f32(3, 1, seed=42)), T(f32(1, 4, seed=43)))
    binary(f"{op}_lead_f32", op, T(f32(4, seed=44)), T(f32(2, 3, 4, seed=45)))
    binary(f"{op}_trail_f32", op, T(f32(2, 3, 4, seed=46)), T(f32(4, seed=47)))
    binary(f"{op}_mid_f32", op, T(f32(2, 1, 4, seed=48)), T(f32(3, 1, seed=49)))
    binary(f"{op}_0d_left_f32", op, T(f32(seed=50)), T(f32(3, seed=51)))
    binary(f"{op}_0d_right_f32", op, T(f32(2, 3, seed=52)), T(f32(seed=53)))
    binary(f"{op}_0d_both_f32", op, T(f32(seed=54)), T(f32(seed=55)))
    binary(f"{op}_size1_f32", op, T(f32(1, 1, 1, seed=56)), T(f32(1, seed=57)))
    binary(f"{op}_ones_vs_full", op, T(f32(1, 1, seed=58)), T(f32(2, 3, seed=59)))
    binary(f"{op}_i32", op, T(ints(2, 3, dtype=torch.int32, lo=-1000, hi=1000, seed=60)),
           T(ints(3, dtype=torch.int32, lo=-1000, hi=1000, seed=61)))
    binary(f"{op}_i8_i32", op, T(ints(2, 3, dtype=torch.int8, lo=-100, hi=100, seed=62)),
           T(ints(2, 3, dtype=torch.int32, lo=-1000, hi=1000, seed=63)))
    binary(f"{op}_u8_i8", op, T(ints(4, dtype=torch.uint8, lo=0, hi=255, seed=64)),
           T(ints(4, dtype=torch.int8, lo=-128, hi=127, seed=65)))
    binary(f"{op}_i8_wrap", op, T(torch.tensor([100, -100, 127], dtype=torch.int8)),
           T(torch.tensor([100, -100, 2], dtype=torch.int8)))
    binary(f"{op}_i8_wrap_to_i32", op, T(torch.tensor([100, -100, 127], dtype=torch.int8)),
           T(torch.tensor([100, -100, 2], dtype=torch.int8)), out_dtype=torch.int32)
    binary(f"{op}_f32_i64", op, T(f32(3, seed=66)), T(ints(2, 3, dtype=torch.int64, lo=-5, hi=5, seed=67)))
    binary(f"{op}_i32_to_f32", op, T(ints(3, dtype=torch.int32, lo=-9, hi=9, seed=68)),
           T(ints(3, dtype=torch.int32, lo=-9, hi=9, seed=69)), out_dtype=torch.float32)
    binary(f"{op}_i64", op, T(ints(2, 2, dtype=torch.int64, lo=-10**12, hi=10**12, seed=70)),
           T(ints(2, 2, dtype=torch.int64, lo=-10**6, hi=10**6, seed=71)))
    binary(f"{op}_f64_f32", op, T(f32(3, seed=72).double()), T(f32(3, seed=73)))
    binary(f"{op}_f32_0d_f64", op, T(f32(3, seed=74)), T(f32(seed=75).double()))  # ExecuTorch: float64
    cla, clb = f32(1, 2, 2, 3, seed=76), f32(1, 2, 2, 3, seed=77)
    binary(f"{op}_channels_last", op, T(cla, [0, 2, 3, 1]), T(clb, [0, 2, 3, 1]))
    if op != "sub":
        binary(f"{op}_bool", op, T(torch.tensor([True, False, True, False])), T(torch.tensor([True, True, False, False])))
        binary(f"{op}_bool_i32", op, T(torch.tensor([True, False, True])), T(torch.tensor([5, -6, 7], dtype=torch.int32)))
    if op != "mul":
        binary(f"{op}_alpha_f32", op, T(f32(2, 3, seed=78)), T(f32(3, seed=79)), Double(2.5))
        binary(f"{op}_alpha_int_f32", op, T(f32(2, 3, seed=80)), T(f32(2, 3, seed=81)), Int(-3))
        binary(f"{op}_alpha_i32", op, T(ints(2, 3, dtype=torch.int32, lo=-50, hi=50, seed=82)),
               T(ints(1, 3, dtype=torch.int32, lo=-50, hi=50, seed=83)), Int(3))


def binary_scalar(name: str, op: str, a: torch.Tensor, s: Arg, alpha: Optional[Arg] = None) -> None:
    sv = s.v
    if isinstance(s, Double):
        common = a.dtype if a.dtype.is_floating_point else torch.float32
    elif isinstance(s, Int) and a.dtype == torch.bool:
        common = torch.int64
    else:
        common = a.dtype
    al = alpha.v if alpha is not None else 1
    if common.is_floating_point:
        r = BIN[op](a.to(common), torch.tensor(sv, dtype=common), torch.tensor(al, dtype=common))
    else:
        r = BIN[op](a.to(torch.int64), int(sv), int(al)).to(common)
    args: list[Arg] = [T(a), s]
    if op != "mul":
        args.append(alpha if alpha is not None else Int(1))
    args.append(Out(r))
    case(name, f"aten::{op}.Scalar_out", args, atol=1e-6 if common.is_floating_point else 0.0)


for op in ("add", "sub", "mul"):
    binary_scalar(f"{op}_scalar_f32_double", op, f32(2, 3, seed=90), Double(2.5))
    binary_scalar(f"{op}_scalar_f32_int", op, f32(4, seed=91), Int(3))
    binary_scalar(f"{op}_scalar_i32_int", op, ints(5, dtype=torch.int32, lo=-100, hi=100, seed=92), Int(7))
    binary_scalar(f"{op}_scalar_i32_double", op, ints(5, dtype=torch.int32, lo=-100, hi=100, seed=93), Double(1.5))
    binary_scalar(f"{op}_scalar_0d", op, f32(seed=94), Double(-0.25))
    if op != "mul":
        binary_scalar(f"{op}_scalar_alpha", op, f32(3, seed=95), Double(2.0), Double(0.5))

# ---- views and copies ----
v = f32(2, 6, seed=100)
case("view_copy_2x6_3x4", "aten::view_copy.out", [T(v), IntList([3, 4]), Out(v.reshape(3, 4))])
case("view_copy_infer", "aten::view_copy.out", [T(v), IntList([-1, 2, 2]), Out(v.reshape(-1, 2, 2))])
vi = ints(4, 1, dtype=torch.int64, lo=-9, hi=9)
case("view_copy_i64_flat", "aten::view_copy.out", [T(vi), IntList([4]), Out(vi.reshape(4))])
case("view_copy_to_0d", "aten::view_copy.out", [T(torch.tensor([7.5])), IntList([]), Out(torch.tensor(7.5))])
case("et_view_4x1_4", "executorch_prim::et_view.default", [T(f32(4, 1, seed=101)), IntList([4]),
     Out(f32(4, 1, seed=101).reshape(4))], out_in_schema=False, expect_alias=True)
case("et_view_infer", "executorch_prim::et_view.default", [T(v), IntList([2, -1]), Out(v.reshape(2, -1))],
     out_in_schema=False, expect_alias=True)
case("clone_f32", "aten::clone.out", [T(v), NoneArg(), Out(v.clone())])
case("clone_i8_contig_fmt", "aten::clone.out", [T(ints(3, dtype=torch.int8, lo=-9, hi=9)), Int(0),
     Out(ints(3, dtype=torch.int8, lo=-9, hi=9))])
c4 = f32(1, 2, 3, 2, seed=102)
case("clone_dim_order_same", "dim_order_ops::_clone_dim_order.out", [T(c4), Bool(False), IntList([0, 1, 2, 3]), Out(c4)])
case("clone_dim_order_to_cl", "dim_order_ops::_clone_dim_order.out", [T(c4), Bool(False), IntList([0, 2, 3, 1]), Out(c4, [0, 2, 3, 1])])
case("clone_dim_order_from_cl", "dim_order_ops::_clone_dim_order.out", [T(c4, [0, 2, 3, 1]), Bool(False), IntList([0, 1, 2, 3]), Out(c4)])
case("clone_dim_order_none", "dim_order_ops::_clone_dim_order.out", [T(c4), Bool(False), NoneArg(), Out(c4)])
case("clone_dim_order_0d", "dim_order_ops::_clone_dim_order.out", [T(torch.tensor(3, dtype=torch.int64)), Bool(False), IntList([]), Out(torch.tensor(3, dtype=torch.int64))])
tx = torch.tensor([-1.7, -0.2, 0.0, 0.5, 1.9, 126.9, -128.5])
TO = "dim_order_ops::_to_dim_order_copy.out"
case("to_f32_i32", TO, [T(tx), Bool(False), IntList([0]), Out(tx.to(torch.int32))])
case("to_f32_i64", TO, [T(tx), Bool(False), IntList([0]), Out(tx.to(torch.int64))])
case("to_f32_i8", TO, [T(tx), Bool(False), IntList([0]), Out(tx.to(torch.int8))])
ux = torch.tensor([0.0, 0.9, 1.5, 200.2, 255.0])
case("to_f32_u8", TO, [T(ux), Bool(False), IntList([0]), Out(ux.to(torch.uint8))])
case("to_f32_bool", TO, [T(tx), Bool(False), IntList([0]), Out(tx.to(torch.bool))])
case("to_f32_f64", TO, [T(tx), Bool(False), IntList([0]), Out(tx.to(torch.float64))])
lx = torch.tensor([-(2**40) - 1, -3, 0, 2**24 + 1, 2**31 + 5], dtype=torch.int64)
case("to_i64_f32", TO, [T(lx), Bool(False), IntList([0]), Out(lx.to(torch.float32))])
case("to_i64_i32_wrap", TO, [T(lx), Bool(False), IntList([0]), Out(lx.to(torch.int32))])
case("to_i32_i8_wrap", TO, [T(torch.tensor([300, -129, 127, 128], dtype=torch.int32)), Bool(False), IntList([0]),
     Out(torch.tensor([300, -129, 127, 128], dtype=torch.int32).to(torch.int8))])
bx = torch.tensor([True, False, True])
case("to_bool_f32", TO, [T(bx), Bool(False), IntList([0]), Out(bx.to(torch.float32))])
case("to_i64_f32_0d", TO, [T(torch.tensor(2, dtype=torch.int64)), Bool(False), IntList([]), Out(torch.tensor(2.0))])
case("to_f32_i32_cl", TO, [T(c4 * 10), Bool(False), IntList([0, 2, 3, 1]), Out((c4 * 10).to(torch.int32), [0, 2, 3, 1])])

# ---- phase 2: float32 unary, clamp, softmax, reductions, batch norm, conv, pools ----
import torch.nn.functional as F

ux2 = torch.tensor([[-3.0, -0.5, 0.0, 0.25], [1.0, 2.5, -7.0, 9.0]])
pos = ux2.abs() + 0.1
for op, fn, x in [("sigmoid", torch.sigmoid, ux2), ("tanh", torch.tanh, ux2), ("exp", torch.exp, ux2),
                  ("sqrt", torch.sqrt, pos), ("rsqrt", torch.rsqrt, pos), ("abs", torch.abs, ux2),
                  ("neg", torch.neg, ux2)]:
    case(f"{op}_f32", f"aten::{op}.out", [T(x), Out(fn(x.double()).float())], atol=1e-6)
case("sigmoid_0d", "aten::sigmoid.out", [T(torch.tensor(0.5)), Out(torch.sigmoid(torch.tensor(0.5, dtype=torch.float64)).float())], atol=1e-6)
case("sqrt_negative_nan", "aten::sqrt.out", [T(torch.tensor([-1.0, 4.0])), Out(torch.tensor([float("nan"), 2.0]))])
for appr in ("none", "tanh"):
    CASES.append(Case(f"gelu_{appr}", "aten::gelu.out", [T(ux2), Str(appr), Out(F.gelu(ux2.double(), approximate=appr).float())], 1e-6))
case("clamp_both", "aten::clamp.out", [T(ux2), Double(-0.5), Double(0.5), Out(ux2.clamp(-0.5, 0.5))])
case("clamp_min_only", "aten::clamp.out", [T(ux2), Int(0), NoneArg(), Out(ux2.clamp(min=0))])
case("clamp_max_only", "aten::clamp.out", [T(ux2), NoneArg(), Int(6), Out(ux2.clamp(max=6))])
case("hardtanh", "aten::hardtanh.out", [T(ux2), Double(-1.0), Double(1.0), Out(F.hardtanh(ux2))])
case("hardtanh_relu6", "aten::hardtanh.out", [T(ux2 * 3), Int(0), Int(6), Out(F.hardtanh(ux2 * 3, 0, 6))])
sx = f32(2, 3, 4, seed=200, lo=-5, hi=5)
for d in (0, 1, -1):
    case(f"softmax_dim{d}", "aten::_softmax.out", [T(sx), Int(d), Bool(False), Out(torch.softmax(sx.double(), d).float())], atol=1e-6)
    case(f"log_softmax_dim{d}", "aten::_log_softmax.out", [T(sx), Int(d), Bool(False), Out(torch.log_softmax(sx.double(), d).float())], atol=1e-6)
case("softmax_1x10", "aten::_softmax.out", [T(f32(1, 10, seed=201)), Int(1), Bool(False), Out(torch.softmax(f32(1, 10, seed=201).double(), 1).float())], atol=1e-6)
rx4 = f32(2, 3, 4, 5, seed=202)
for name, dims, keep in [("hw", [2, 3], False), ("hw_keep", [-1, -2], True), ("c", [1], False), ("first_last", [0, 3], False), ("all", [0, 1, 2, 3], False)]:
    case(f"mean_{name}", "aten::mean.out", [T(rx4), IntList(dims), Bool(keep), NoneArg(), Out(rx4.double().mean(dims, keepdim=keep).float())], atol=1e-6)
    case(f"sum_{name}", "aten::sum.IntList_out", [T(rx4), IntList(dims), Bool(keep), NoneArg(), Out(rx4.double().sum(dims, keepdim=keep).float())], atol=1e-5)
case("sum_none", "aten::sum.IntList_out", [T(rx4), NoneArg(), Bool(False), NoneArg(), Out(rx4.double().sum().float())], atol=1e-5)
case("mean_dtype_f32", "aten::mean.out", [T(rx4), IntList([1]), Bool(False), Int(6), Out(rx4.double().mean(1).float())], atol=1e-6)
bx4 = f32(2, 3, 4, 4, seed=203)
bw, bb, bm, bv = f32(3, seed=204), f32(3, seed=205), f32(3, seed=206), f32(3, seed=207, lo=0.1, hi=2.0)
def bn_ref(x, w, b, m, v, eps):
    sh = (1, -1) + (1,) * (x.dim() - 2)
    r = (x.double() - m.double().reshape(sh)) / torch.sqrt(v.double().reshape(sh) + eps)
    if w is not None: r = r * w.double().reshape(sh)
    if b is not None: r = r + b.double().reshape(sh)
    return r.float()
def bn_case(name, x, w, b, eps):
    CASES.append(Case(name, "aten::_native_batch_norm_legit_no_training.out",
        [T(x), T(w) if w is not None else NoneArg(), T(b) if b is not None else NoneArg(), T(bm), T(bv),
         Double(0.1), Double(eps), Out(bn_ref(x, w, b, bm, bv, eps)), Extra(torch.zeros(0)), Extra(torch.zeros(0)), RetList(3)], 1e-5, out_in_schema=True))
bn_case("batch_norm_4d", bx4, bw, bb, 1e-5)
bn_case("batch_norm_no_affine", bx4, None, None, 1e-3)
bn_case("batch_norm_2d", f32(5, 3, seed=208), bw, bb, 1e-5)
def conv_case(name, x, w, b, stride, pad, dil, groups):
    ref = (F.conv2d if x.dim() == 4 else F.conv1d)(x.double(), w.double(), None if b is None else b.double(), stride, pad, dil, groups).float()
    CASES.append(Case(name, "aten::convolution.out", [T(x), T(w), T(b) if b is not None else NoneArg(), IntList(stride), IntList(pad),
        IntList(dil), Bool(False), IntList([0] * len(stride)), Int(groups), Out(ref)], 1e-5))
conv_case("conv2d_s2_p1", f32(1, 1, 8, 8, seed=210), f32(4, 1, 3, 3, seed=211), f32(4, seed=212), [2, 2], [1, 1], [1, 1], 1)
conv_case("conv2d_depthwise", f32(2, 4, 5, 5, seed=213), f32(4, 1, 3, 3, seed=214), None, [1, 1], [1, 1], [1, 1], 4)
conv_case("conv2d_groups2_dil", f32(1, 4, 9, 7, seed=215), f32(6, 2, 3, 2, seed=216), f32(6, seed=217), [1, 2], [2, 0], [2, 1], 2)
conv_case("conv2d_pointwise", f32(1, 3, 4, 4, seed=218), f32(5, 3, 1, 1, seed=219), f32(5, seed=220), [1, 1], [0, 0], [1, 1], 1)
conv_case("conv2d_kws_stride", f32(1, 1, 49, 10, seed=221), f32(8, 1, 10, 4, seed=222), f32(8, seed=223), [2, 2], [5, 1], [1, 1], 1)
conv_case("conv1d_dil2", f32(1, 2, 10, seed=224), f32(3, 2, 3, seed=225), f32(3, seed=226), [1], [0], [2], 1)
conv_case("conv1d_s2_p2", f32(2, 3, 12, seed=227), f32(4, 3, 5, seed=228), None, [2], [2], [1], 1)
px = f32(1, 2, 7, 6, seed=230)
px[0, 0, 1, 1] = float("nan")
for name, k, st, pad, dil, ceil in [("k2", [2, 2], [], [0, 0], [1, 1], False), ("k3s2p1", [3, 3], [2, 2], [1, 1], [1, 1], False),
                                    ("k3s2_ceil", [3, 3], [2, 2], [0, 0], [1, 1], True), ("k2_dil2", [2, 2], [1, 1], [0, 0], [2, 2], False)]:
    v_, i_ = F.max_pool2d(px, k, st or None, pad, dil, ceil_mode=ceil, return_indices=True)
    CASES.append(Case(f"max_pool2d_{name}", "aten::max_pool2d_with_indices.out", [T(px), IntList(k), IntList(st), IntList(pad), IntList(dil), Bool(ceil),
        Out(v_), Extra(i_, expected=True), RetList(2)], 0.0))
ax = f32(2, 3, 7, 6, seed=231)
for name, k, st, pad, ceil, incl, div in [("k2", [2, 2], [], [0, 0], False, True, None), ("k3s2p1_incl", [3, 3], [2, 2], [1, 1], False, True, None),
                                          ("k3s2p1_excl", [3, 3], [2, 2], [1, 1], False, False, None), ("k3s2_ceil", [3, 3], [2, 2], [1, 1], True, True, None),
                                          ("k2_div3", [2, 2], [2, 2], [0, 0], False, True, 3), ("global", [7, 6], [7, 6], [0, 0], False, True, None)]:
    ref = F.avg_pool2d(ax.double(), k, st or None, pad, ceil, incl, div).float()
    case(f"avg_pool2d_{name}", "aten::avg_pool2d.out", [T(ax), IntList(k), IntList(st), IntList(pad), Bool(ceil), Bool(incl),
         Int(div) if div else NoneArg(), Out(ref)], atol=1e-6)

# ---- phase 3 (conformance): element-wise, reductions, shape ops, fills, prim scalar ops ----
nanx = torch.tensor([[1.0, float("nan"), -2.0], [0.0, 3.5, -0.0]])
da, db = f32(2, 3, 4, seed=300), f32(3, 1, seed=301, lo=0.5, hi=2.0)
case("div_broadcast_f32", "aten::div.out", [T(da), T(db), Out(da / db)])
ia, ib = ints(2, 3, dtype=torch.int32, lo=-9, hi=9, seed=302), torch.tensor([2, -3, 4], dtype=torch.int32)
case("div_int_to_f32", "aten::div.out", [T(ia), T(ib), Out(ia.float() / ib.float())])
zx = torch.tensor([1.0, -1.0, 0.0, 2.0])
case("div_by_zero", "aten::div.out", [T(zx), T(torch.tensor(0.0)), Out(zx / 0.0)])
case("div_0d_f64", "aten::div.out", [T(torch.tensor(3.0)), T(torch.tensor([2.0, 4.0], dtype=torch.float64)),
     Out(torch.tensor(3.0, dtype=torch.float64) / torch.tensor([2.0, 4.0], dtype=torch.float64))])
cl5 = f32(1, 2, 2, 3, seed=303)
case("div_channels_last", "aten::div.out", [T(cl5, [0, 2, 3, 1]), T(cl5 + 3.0, [0, 2, 3, 1]), Out(cl5 / (cl5 + 3.0), [0, 2, 3, 1])])

CMP = {"eq": torch.eq, "ne": torch.ne, "lt": torch.lt, "le": torch.le, "gt": torch.gt, "ge": torch.ge}
ca_, cb_ = torch.tensor([[1.0, 2.0, float("nan")], [0.5, -1.0, 2.0]]), torch.tensor([2.0, 2.0, float("nan")])
ci_ = torch.tensor([[1, 2, 3], [2, -5, 7]], dtype=torch.int32)
for nm, fn in CMP.items():
    case(f"{nm}_tensor_bcast_nan", f"aten::{nm}.Tensor_out", [T(ca_), T(cb_), Out(fn(ca_, cb_))])
    case(f"{nm}_tensor_i32_f32", f"aten::{nm}.Tensor_out", [T(ci_), T(cb_), Out(fn(ci_.float(), cb_))])
    case(f"{nm}_scalar_f32", f"aten::{nm}.Scalar_out", [T(ca_), Double(1.0), Out(fn(ca_, 1.0))])
    case(f"{nm}_scalar_i32_int", f"aten::{nm}.Scalar_out", [T(ci_), Int(2), Out(fn(ci_, 2))])
case("gt_scalar_i32_double", "aten::gt.Scalar_out", [T(ci_), Double(1.5), Out(ci_.float() > 1.5)])
case("eq_scalar_to_i32_out", "aten::eq.Scalar_out", [T(ci_), Int(2), Out((ci_ == 2).to(torch.int32))])

wc = torch.tensor([[True, False, True]])
wa, wb = f32(2, 1, 3, seed=304), torch.tensor(-1.0)
case("where_bcast_0d", "aten::where.self_out", [T(wc), T(wa), T(wb), Out(torch.where(wc, wa, wb))])
wi = ints(2, 3, dtype=torch.int64, lo=-9, hi=9, seed=305)
case("where_int_u8cond", "aten::where.self_out", [T(torch.tensor([1, 0, 1], dtype=torch.uint8)), T(wi), T(-wi),
     Out(torch.where(torch.tensor([True, False, True]), wi, -wi))])
case("where_promote_i32_f32", "aten::where.self_out", [T(wc), T(ci_), T(ca_), Out(torch.where(wc, ci_.float(), ca_))])

for nm, fn in (("maximum", torch.maximum), ("minimum", torch.minimum)):
    case(f"{nm}_nan_bcast", f"aten::{nm}.out", [T(ca_), T(cb_), Out(fn(ca_, cb_))])
    case(f"{nm}_i32_0d", f"aten::{nm}.out", [T(ci_), T(torch.tensor(2, dtype=torch.int32)), Out(fn(ci_, torch.tensor(2, dtype=torch.int32)))])
    case(f"{nm}_i8_f32", f"aten::{nm}.out", [T(ci_.to(torch.int8)), T(cb_), Out(fn(ci_.float(), cb_))])

ba, bb = torch.tensor([[True, False], [True, True]]), torch.tensor([True, False])
case("bitwise_and_bool", "aten::bitwise_and.Tensor_out", [T(ba), T(bb), Out(ba & bb)])
xa, xb = ints(2, 4, dtype=torch.int32, lo=-100, hi=100, seed=306), ints(4, dtype=torch.int32, lo=-100, hi=100, seed=307)
case("bitwise_and_i32", "aten::bitwise_and.Tensor_out", [T(xa), T(xb), Out(xa & xb)])
case("bitwise_or_i32", "aten::bitwise_or.Tensor_out", [T(xa), T(xb), Out(xa | xb)])
case("bitwise_xor_i8_i32", "aten::bitwise_xor.Tensor_out", [T(xa.to(torch.int8)), T(xb), Out(xa.to(torch.int8).to(torch.int32) ^ xb)])
case("logical_not_f32", "aten::logical_not.out", [T(nanx), Out(torch.logical_not(nanx))])
case("logical_not_bool", "aten::logical_not.out", [T(ba), Out(~ba)])
case("logical_not_i32_to_f32", "aten::logical_not.out", [T(ci_ - 2), Out(torch.logical_not(ci_ - 2).float())])

rx5 = f32(2, 3, 4, 5, seed=308)
rxn = rx5.clone()
rxn[1, 2, 0, 3] = float("nan")
for nm, fn in (("amax", torch.amax), ("amin", torch.amin)):
    case(f"{nm}_dim2", f"aten::{nm}.out", [T(rx5), IntList([2]), Bool(False), Out(fn(rx5, [2]))])
    case(f"{nm}_dims_keep", f"aten::{nm}.out", [T(rx5), IntList([0, -1]), Bool(True), Out(fn(rx5, [0, -1], keepdim=True))])
    case(f"{nm}_all_nan", f"aten::{nm}.out", [T(rxn), IntList([]), Bool(False), Out(fn(rxn, []))])
    case(f"{nm}_nan_dim", f"aten::{nm}.out", [T(rxn), IntList([1]), Bool(False), Out(fn(rxn, [1]))])
    case(f"{nm}_i32", f"aten::{nm}.out", [T(ci_), IntList([1]), Bool(False), Out(fn(ci_, [1]))])
ties = torch.tensor([[1.0, 3.0, 3.0, 0.0], [2.0, 2.0, -1.0, -1.0]])
for nm, fn in (("argmax", torch.argmax), ("argmin", torch.argmin)):
    case(f"{nm}_dim1", f"aten::{nm}.out", [T(rx5), Int(1), Bool(False), Out(fn(rx5, 1))])
    case(f"{nm}_dim_neg_keep", f"aten::{nm}.out", [T(rx5), Int(-1), Bool(True), Out(fn(rx5, -1, keepdim=True))])
    case(f"{nm}_none", f"aten::{nm}.out", [T(rx5), NoneArg(), Bool(False), Out(fn(rx5))])
    case(f"{nm}_ties", f"aten::{nm}.out", [T(ties), Int(1), Bool(False), Out(fn(ties, 1))])
    case(f"{nm}_nan", f"aten::{nm}.out", [T(rxn), Int(1), Bool(False), Out(fn(rxn, 1))])
    case(f"{nm}_i32", f"aten::{nm}.out", [T(ci_), Int(0), Bool(False), Out(fn(ci_, 0))])
for nm, dims, corr, keep in (("dim2", [2], Int(1), False), ("dims_c0_keep", [1, 3], Int(0), True),
                             ("all_default", None, NoneArg(), False), ("c_double", [0], Double(0.5), False)):
    cv = 1.0 if isinstance(corr, NoneArg) else float(corr.v)
    ref = torch.var(rx5.double(), dim=dims, correction=cv, keepdim=keep).float()
    case(f"var_{nm}", "aten::var.correction_out", [T(rx5), IntList(dims) if dims is not None else NoneArg(), corr, Bool(keep), Out(ref)], atol=1e-5)
case("var_one_element_nan", "aten::var.correction_out", [T(f32(3, 1, seed=309)), IntList([1]), Int(1), Bool(False), Out(torch.full((3,), float("nan")))])

c1, c2, c3 = f32(2, 3, seed=310), f32(2, 1, seed=311), f32(2, 2, seed=312)
CASES.append(Case("cat_dim1", "aten::cat.out", tlist([c1, c2, c3]) + [Int(1), Out(torch.cat([c1, c2, c3], 1))]))
CASES.append(Case("cat_dim0_neg", "aten::cat.out", tlist([c1, c1 * 2]) + [Int(-2), Out(torch.cat([c1, c1 * 2], 0))]))
CASES.append(Case("cat_promote_i32_f32", "aten::cat.out", tlist([ci_, c1]) + [Int(0), Out(torch.cat([ci_.float(), c1], 0))]))
CASES.append(Case("cat_skip_empty", "aten::cat.out", tlist([c1, torch.zeros(0), c1]) + [Int(1), Out(torch.cat([c1, c1], 1))]))
CASES.append(Case("cat_channels_last_out", "aten::cat.out", tlist([cl5, cl5 + 1]) + [Int(1), Out(torch.cat([cl5, cl5 + 1], 1), [0, 2, 3, 1])]))

sx5 = f32(3, 8, 2, seed=313)
for nm, dim, st, en, step in (("step2", 1, 1, 7, 2), ("neg_start", 1, -3, None, 1), ("end_past", 0, 1, 100, 1),
                             ("none_none", 2, None, None, 1), ("empty", 1, 5, 2, 1), ("step3_dim0", 0, 0, 3, 3)):
    ref = sx5.narrow(0, 0, 3)[tuple([slice(None)] * dim + [slice(st, en, step)])]
    case(f"slice_{nm}", "aten::slice_copy.Tensor_out", [T(sx5), Int(dim), Int(st) if st is not None else NoneArg(),
         Int(en) if en is not None else NoneArg(), Int(step), Out(ref.contiguous())])
case("slice_channels_last", "aten::slice_copy.Tensor_out", [T(cl5, [0, 2, 3, 1]), Int(3), Int(1), Int(3), Int(1), Out(cl5[..., 1:3].contiguous())])
for nm, dim, idx in (("dim1", 1, 2), ("neg_idx", 1, -1), ("dim0", 0, 0), ("last_dim", -1, 1)):
    case(f"select_{nm}", "aten::select_copy.int_out", [T(sx5), Int(dim), Int(idx), Out(sx5.select(dim, idx).contiguous())])
case("select_to_0d", "aten::select_copy.int_out", [T(torch.tensor([4, 5, 6], dtype=torch.int64)), Int(0), Int(1), Out(torch.tensor(5, dtype=torch.int64))])

ex_ = f32(2, 1, 4, seed=314)
case("expand_mid", "aten::expand_copy.out", [T(ex_), IntList([2, 3, 4]), Bool(False), Out(ex_.expand(2, 3, 4).contiguous())])
case("expand_lead_neg1", "aten::expand_copy.out", [T(ex_), IntList([3, -1, 2, -1]), Bool(False), Out(ex_.expand(3, -1, 2, -1).contiguous())])
case("expand_0d", "aten::expand_copy.out", [T(torch.tensor(7, dtype=torch.int32)), IntList([2, 2]), Bool(False), Out(torch.full((2, 2), 7, dtype=torch.int32))])

uq = f32(2, 3, seed=315)
for d in (0, 1, 2, -1):
    case(f"unsqueeze_{d}", "aten::unsqueeze_copy.out", [T(uq), Int(d), Out(uq.unsqueeze(d))])
sq = f32(1, 3, 1, 2, seed=316)
case("squeeze_dims_0", "aten::squeeze_copy.dims_out", [T(sq), IntList([0]), Out(sq.squeeze(0))])
case("squeeze_dims_all_neg", "aten::squeeze_copy.dims_out", [T(sq), IntList([0, -2]), Out(sq.squeeze((0, 2)))])
case("squeeze_dims_not_one", "aten::squeeze_copy.dims_out", [T(sq), IntList([1]), Out(sq.squeeze(1))])
case("squeeze_dim_2", "aten::squeeze_copy.dim_out", [T(sq), Int(2), Out(sq.squeeze(2))])

sp = f32(2, 6, 3, seed=317)
CASES.append(Case("split_dim1", "aten::split_with_sizes_copy.out", [T(sp), IntList([1, 2, 3]), Int(1)] + outlist(list(torch.split(sp, [1, 2, 3], 1)))))
CASES.append(Case("split_last_dim", "aten::split_with_sizes_copy.out", [T(sp), IntList([2, 1]), Int(-1)] + outlist([t.contiguous() for t in torch.split(sp, [2, 1], -1)])))
CASES.append(Case("split_i64_dim0", "aten::split_with_sizes_copy.out", [T(wi), IntList([1, 1]), Int(0)] + outlist(list(torch.split(wi, [1, 1], 0)))))

import torch.nn.functional as F2
px3 = f32(2, 3, 4, seed=318)
case("pad_last2", "aten::constant_pad_nd.out", [T(px3), IntList([1, 2, 0, 1]), Double(-1.0), Out(F2.pad(px3, [1, 2, 0, 1], value=-1.0))])
case("pad_last1_int", "aten::constant_pad_nd.out", [T(ci_), IntList([2, 0]), Int(9), Out(F2.pad(ci_, [2, 0], value=9))])
case("pad_all3", "aten::constant_pad_nd.out", [T(px3), IntList([0, 1, 1, 0, 1, 1]), Int(0), Out(F2.pad(px3, [0, 1, 1, 0, 1, 1]))])
case("pad_channels_last", "aten::constant_pad_nd.out", [T(cl5, [0, 2, 3, 1]), IntList([1, 1, 1, 1]), Double(0.5),
     Out(F2.pad(cl5, [1, 1, 1, 1], value=0.5), [0, 2, 3, 1])])

case("full_f32", "aten::full.out", [IntList([2, 3]), Double(0.25), Out(torch.full((2, 3), 0.25))])
case("full_int_to_f32", "aten::full.out", [IntList([1, 1, 4]), Int(0), Out(torch.zeros(1, 1, 4))])
case("full_i64", "aten::full.out", [IntList([3]), Int(-7), Out(torch.full((3,), -7, dtype=torch.int64))])
case("full_bool", "aten::full.out", [IntList([2]), Bool(True), Out(torch.ones(2, dtype=torch.bool))])
case("full_0d", "aten::full.out", [IntList([]), Double(1.5), Out(torch.tensor(1.5))])
case("full_like_f32", "aten::full_like.out", [T(px3), Int(1), Int(1), Out(torch.ones_like(px3))])
case("full_like_i32_none_fmt", "aten::full_like.out", [T(ci_), Int(3), NoneArg(), Out(torch.full_like(ci_, 3))])
case("scalar_tensor_int_i32", "aten::scalar_tensor.out", [Int(9), Out(torch.tensor(9, dtype=torch.int32))])
case("scalar_tensor_double_f32", "aten::scalar_tensor.out", [Double(-2.5), Out(torch.tensor(-2.5))])

b1, b2 = f32(2, 3, 4, seed=319), f32(2, 4, 5, seed=320)
case("bmm_2x3x4x5", "aten::bmm.out", [T(b1), T(b2), Out((b1.double() @ b2.double()).float())], atol=1e-5)
case("bmm_1x1x1", "aten::bmm.out", [T(f32(1, 1, 1, seed=321)), T(f32(1, 1, 1, seed=322)),
     Out((f32(1, 1, 1, seed=321) @ f32(1, 1, 1, seed=322)))], atol=1e-6)

# prim ops: [a, (b,) out]; the out value is functional (only appended)
case("sym_size_dim0", "aten::sym_size.int", [T(sx5), Int(0), ScalarOut(3)], out_in_schema=False)
case("sym_size_neg", "aten::sym_size.int", [T(sx5), Int(-1), ScalarOut(2)], out_in_schema=False)
case("sym_numel", "aten::sym_numel", [T(sx5), ScalarOut(48)], out_in_schema=False)
PRIM = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
        "floordiv": lambda a, b: a // b, "truediv": lambda a, b: a / b, "mod": lambda a, b: a % b,
        "sym_max": max, "sym_min": min, "eq": lambda a, b: a == b, "gt": lambda a, b: a > b,
        "lt": lambda a, b: a < b, "ge": lambda a, b: a >= b, "le": lambda a, b: a <= b}
for nm, fn in PRIM.items():
    for tag, (a, b) in (("ii", (7, -2)), ("ii2", (-9, 4)), ("dd", (7.5, 2.0)), ("id", (3, 0.5))):
        if nm == "mod" and tag in ("dd", "id"):
            continue
        r = fn(a, b)
        if nm in ("sym_max", "sym_min") and tag == "id":
            r = float(r)  # ExecuTorch promotes a mixed Int/Double pair to Double (Python keeps the operand)
        args = [Int(a) if isinstance(a, int) else Double(a), Int(b) if isinstance(b, int) else Double(b)]
        case(f"prim_{nm}_{tag}", f"executorch_prim::{nm}.Scalar", args + [ScalarOut(r)], out_in_schema=False)
case("prim_neg_int", "executorch_prim::neg.Scalar", [Int(5), ScalarOut(-5)], out_in_schema=False)
case("prim_neg_double", "executorch_prim::neg.Scalar", [Double(2.5), ScalarOut(-2.5)], out_in_schema=False)
case("prim_sym_float", "executorch_prim::sym_float.Scalar", [Int(3), ScalarOut(3.0)], out_in_schema=False)

# ---- emit ----


def c_bytes(b: bytes) -> str:
    return ", ".join(str(x) for x in b) if b else "0"


def emit() -> str:
    lines = ["/* Generated by gen_vectors.py from torch " + torch.__version__ + ": do not edit. */",
             '#include "kernel_vectors.h"', ""]
    table = []
    for ci, c in enumerate(CASES):
        arg_lines = []
        for ai, a in enumerate(c.args):
            if isinstance(a, Str):
                arg_lines.append(f'  {{KT_STRING, 0, 0, {{0}}, {{0}}, (const uint8_t *)"{a.v}", {len(a.v)}, 0, 0.0, {{0}}, 0}},')
            elif isinstance(a, RetList):
                arg_lines.append(f"  {{KT_RET_LIST, 0, 0, {{0}}, {{0}}, 0, 0, {a.n}, 0.0, {{0}}, 0}},")
            elif isinstance(a, ListArg):
                kind = "KT_OUT_LIST" if a.out else "KT_TENSOR_LIST"
                arg_lines.append(f"  {{{kind}, 0, 0, {{0}}, {{0}}, 0, 0, {a.n}, 0.0, {{0}}, 0}},")
            elif isinstance(a, ScalarOut):
                code = 11 if isinstance(a.v, bool) else 4 if isinstance(a.v, int) else 7
                iv = int(a.v) if code != 7 else 0
                dv = float(a.v) if code == 7 else 0.0
                arg_lines.append(f"  {{KT_SCALAR_OUT, {code}, 0, {{0}}, {{0}}, 0, 0, {iv}LL, {dv!r}, {{0}}, 0}},")
            elif isinstance(a, T):
                data = a.memory()
                lines.append(f"static const uint8_t c{ci}_d{ai}[] = {{{c_bytes(data)}}};")
                sizes = list(a.value.shape)
                kind = "KT_OUT" if isinstance(a, Out) else "KT_TENSOR"
                if isinstance(a, ListItem):
                    kind = "KT_LIST_ITEM"
                elif isinstance(a, OutItem):
                    kind = "KT_OUT_ITEM"
                if isinstance(a, Extra):
                    kind = "KT_EXTRA_CHECKED" if a.expected else "KT_EXTRA"
                arg_lines.append(
                    f"  {{{kind}, {DTYPES[a.value.dtype]}, {len(sizes)}, {{{', '.join(map(str, sizes)) or '0'}}}, "
                    f"{{{', '.join(map(str, a.order())) or '0'}}}, c{ci}_d{ai}, {len(data)}, 0, 0.0, {{0}}, 0}},")
            elif isinstance(a, Int):
                arg_lines.append(f"  {{KT_INT, 0, 0, {{0}}, {{0}}, 0, 0, {a.v}LL, 0.0, {{0}}, 0}},")
            elif isinstance(a, Double):
                arg_lines.append(f"  {{KT_DOUBLE, 0, 0, {{0}}, {{0}}, 0, 0, 0, {a.v!r}, {{0}}, 0}},")
            elif isinstance(a, Bool):
                arg_lines.append(f"  {{KT_BOOL, 0, 0, {{0}}, {{0}}, 0, 0, {int(a.v)}, 0.0, {{0}}, 0}},")
            elif isinstance(a, IntList):
                items = ", ".join(f"{x}LL" for x in a.v) or "0"
                arg_lines.append(f"  {{KT_INT_LIST, 0, 0, {{0}}, {{0}}, 0, 0, 0, 0.0, {{{items}}}, {len(a.v)}}},")
            else:
                arg_lines.append("  {KT_NONE, 0, 0, {0}, {0}, 0, 0, 0, 0.0, {0}, 0},")
        lines.append(f"static const kt_arg c{ci}_args[] = {{")
        lines += arg_lines
        lines.append("};")
        table.append(f'  {{"{c.name}", "{c.op}", c{ci}_args, {len(c.args)}, {int(c.out_in_schema)}, '
                     f'{int(c.expect_alias)}, {c.atol!r}}},')
    lines.append("const kt_case kt_cases[] = {")
    lines += table
    lines.append("};")
    lines.append(f"const unsigned kt_ncases = {len(CASES)};")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    out = Path(__file__).with_name("kernel_vectors.c")
    out.write_text(emit())
    print(f"{out}: {len(CASES)} cases")
