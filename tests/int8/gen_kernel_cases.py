"""Writes kernel_cases.h: cortex_m kernel calls whose expected outputs come from ExecuTorch's
Python reference implementations (executorch/backends/cortex_m/ops/operators.py), for the
variants the int8 models do not reach: the explicit-layout _nhwc ops, quantized_linear's
kernel_sum (MVE) form, channel-broadcast add, padded/ceil pools.

    python tests/int8/gen_kernel_cases.py > tests/int8/kernel_cases.h

Each case is C code that builds the call's value table (tb_* helpers in test_cm_kernels.c),
then the expected output bytes.
"""

from __future__ import annotations

import torch
from executorch.backends.cortex_m.passes.cortex_m_pass_manager import CortexMPassManager  # noqa: F401
import executorch.backends.cortex_m.ops.operators as ops

DT = {torch.int8: ("PT_I8", "int8_t"), torch.int32: ("PT_I32", "int32_t"), torch.uint8: ("PT_U8", "uint8_t"),
      torch.int16: ("PT_I16", "int16_t"), torch.float32: ("PT_F32", "float")}
out: list[str] = []
count = 0


def c_array(name: str, t: torch.Tensor) -> str:
    ctype = DT[t.dtype][1]
    if t.dtype == torch.float32:  # exact: hex float literals
        vals = ", ".join(float(v).hex() + "f" for v in t.contiguous().flatten().tolist())
    else:
        vals = ", ".join(str(int(v)) for v in t.contiguous().flatten().tolist())
    return f"  static const {ctype} {name}[] = {{{vals}}};"


def emit(op: str, args: list, expected: torch.Tensor, channels_last_args: tuple[int, ...] = ()) -> None:
    """args: tensors, ints, bools, lists of ints, None. The out tensor gets expected's shape."""
    global count
    body = [f"static int case_{count}(void) {{", "  tb t;", "  tb_init(&t);"]
    refs = []
    for i, a in enumerate(args):
        if isinstance(a, torch.Tensor):
            cl = i in channels_last_args
            logical = a
            data = a.permute(0, 2, 3, 1) if cl else a  # memory order
            body.append(c_array(f"d{i}", data))
            sizes = ", ".join(str(s) for s in logical.shape)
            order = "0, 2, 3, 1" if cl else ", ".join(str(k) for k in range(a.dim()))
            body.append(f"  static const int32_t s{i}[] = {{{sizes}}};")
            body.append(f"  static const uint8_t o{i}[] = {{{order}}};")
            body.append(f"  int32_t a{i} = tb_tensor(&t, {DT[a.dtype][0]}, {a.dim()}, s{i}, o{i}, (void *)d{i});")
        elif a is None:
            body.append(f"  int32_t a{i} = tb_none(&t);")
        elif isinstance(a, bool):
            body.append(f"  int32_t a{i} = tb_bool(&t, {int(a)});")
        elif isinstance(a, float):
            body.append(f"  int32_t a{i} = tb_double(&t, {float(a).hex()});")
        elif isinstance(a, torch.dtype):
            body.append(f"  int32_t a{i} = tb_int(&t, {DT[a][0]});")
        elif isinstance(a, int):
            body.append(f"  int32_t a{i} = tb_int(&t, {a});")
        else:
            items = ", ".join(str(int(v)) for v in a)
            body.append(f"  static const int64_t l{i}[] = {{{items}}};")
            body.append(f"  int32_t a{i} = tb_list(&t, {len(a)}, l{i});")
        refs.append(f"a{i}")
    cl_out = bool(channels_last_args) and expected.dim() == 4
    mem = expected.permute(0, 2, 3, 1) if cl_out else expected
    body.append(c_array("want", mem))
    body.append(f"  static {DT[expected.dtype][1]} got[{expected.numel()}];")
    sizes = ", ".join(str(s) for s in expected.shape)
    order = "0, 2, 3, 1" if cl_out else ", ".join(str(k) for k in range(expected.dim()))
    body.append(f"  static const int32_t so[] = {{{sizes}}};")
    body.append(f"  static const uint8_t oo[] = {{{order}}};")
    body.append(f"  int32_t out = tb_tensor(&t, {DT[expected.dtype][0]}, {expected.dim()}, so, oo, got);")
    body.append(f"  const int32_t args[] = {{{', '.join(refs)}, out, out}};")
    body.append(f'  return tb_run(&t, "{op}", args, {len(refs) + 2}, got, want, sizeof want);')
    body.append("}")
    out.append("\n".join(body))
    count += 1


def q(*shape: int) -> torch.Tensor:
    return torch.randint(-128, 128, shape, dtype=torch.int8)


def mults(n: int) -> tuple[torch.Tensor, torch.Tensor]:
    return (torch.randint(1 << 30, (1 << 31) - 1, (n,), dtype=torch.int32),
            torch.randint(-9, -5, (n,), dtype=torch.int32))


def main() -> None:
    torch.manual_seed(6)
    scratch = torch.zeros(4, dtype=torch.uint8)
    # conv2d_nhwc: stride (1,2), padding (1,0)
    x, w, b = q(1, 5, 6, 3), q(4, 3, 3, 3), torch.randint(-2000, 2000, (4,), dtype=torch.int32)
    m, s = mults(4)
    args = [x, w, b, [1, 2], [1, 0], [1, 1], 7, -5, m, s, -100, 120, scratch]
    emit("cortex_m::quantized_conv2d_nhwc.out", args, ops.quantized_conv2d_nhwc_impl(*args))
    # depthwise_nhwc, multiplier 2, no bias
    x, w = q(1, 5, 5, 2), q(1, 3, 3, 4)
    m, s = mults(4)
    args = [x, w, None, [2, 1], [1, 1], [1, 1], 2, 3, -1, m, s, -128, 127, scratch]
    emit("cortex_m::quantized_depthwise_conv2d_nhwc.out", args, ops.quantized_depthwise_conv2d_nhwc_impl(*args))
    # depthwise legacy (channels-last NCHW), multiplier 1, 6 channels (the DSP path's tail)
    x, w, b = q(1, 6, 4, 5), q(1, 3, 3, 6), torch.randint(-500, 500, (6,), dtype=torch.int32)
    m, s = mults(6)
    args = [x, w, b, [1, 1], [1, 1], [1, 1], 1, 128, -3, m, s, -128, 127, scratch]
    emit("cortex_m::quantized_depthwise_conv2d.out", args, ops.quantized_depthwise_conv2d_impl(*args), (0,))
    # transpose_conv2d_nhwc
    x, w, b = q(1, 3, 4, 2), q(3, 3, 3, 2), torch.randint(-500, 500, (3,), dtype=torch.int32)
    m, s = mults(3)
    args = [x, w, b, [2, 2], [1, 1], [0, 0], [1, 1], -4, 9, m, s, -128, 127, scratch, scratch]
    emit("cortex_m::quantized_transpose_conv2d_nhwc.out", args, ops.quantized_transpose_conv2d_nhwc_impl(*args))
    # max_pool2d_nhwc with padding; avg_pool2d_nhwc with padding and ceil_mode
    x = q(1, 7, 6, 3)
    args = [x, [3, 3], [2, 2], [1, 1], [1, 1], False, 4, 4, -120, 100]
    emit("cortex_m::quantized_max_pool2d_nhwc.out", args, ops.quantized_max_pool2d_nhwc_impl(*args))
    args = [x, [3, 2], [2, 2], [1, 1], True, -7, 1518500250, -6, scratch]
    emit("cortex_m::quantized_avg_pool2d_nhwc.out", args, ops.quantized_avg_pool2d_nhwc_impl(*args))
    # quantized_linear, kernel_sum form (what an M55/MVE export carries) and bias form, batch 3
    x, w = q(3, 10), q(5, 10)
    ks = torch.randint(-3000, 3000, (1, 5), dtype=torch.int32)
    args = [x, w, None, ks, 0, 3, -2, [1518500250], [-7], 127, -128]
    emit("cortex_m::quantized_linear.out", args, ops.quantized_linear_impl(*args))
    bias = torch.randint(-3000, 3000, (5,), dtype=torch.int32)
    args = [x, w, bias, None, 17, 0, 5, [1288490189], [-8], 90, -90]
    emit("cortex_m::quantized_linear.out", args, ops.quantized_linear_impl(*args))
    # quantized_add with a per-channel operand broadcast over a channels-last tensor
    a = q(1, 4, 3, 5).to(memory_format=torch.channels_last)
    c = q(1, 4, 1, 1).to(memory_format=torch.channels_last)
    args = [a, -3, 1073741824, 0, c, 5, 1431655765, -1, 2, 1717986918, -19, -128, 127]
    emit("cortex_m::quantized_add.out", args, ops.quantized_add_impl(*args), (0, 4))
    # quantized_mul, same shape
    a, c = q(2, 9), q(2, 9)
    args = [a, 3, c, -4, -1, 1374389535, -12]
    emit("cortex_m::quantized_mul.out", args, ops.quantized_mul_impl(*args))
    # transpose of a 3-D tensor; pad of a contiguous 3-D tensor
    a = q(2, 3, 4)
    emit("cortex_m::transpose.out", [a, [2, 0, 1]], ops.transpose_impl(a, [2, 0, 1]))
    emit("cortex_m::pad.out", [a, [0, 1, 0, 2], [0, 0, 1, 1], -9], ops.pad_impl(a, [0, 1, 0, 2], [0, 0, 1, 1], -9))
    # batch matmul with offsets
    l, r = q(2, 3, 7), q(2, 4, 7)
    args = [l, 5, r, -3, 4, 1518500250, -12, scratch]
    emit("cortex_m::quantized_batch_matmul.out", args, ops.quantized_batch_matmul_impl(*args))

    # quantize / dequantize (cortex_m and quantized_decomposed), with ties and out-of-range values
    xf = torch.cat([torch.tensor([0.5, 1.5, -2.5, 2.5, 1e6, -1e6, 0.0, -0.0]) * 0.05, torch.randn(16) * 3])
    args = [xf, 0.05, -3, -128, 127, torch.int8]
    emit("cortex_m::quantize_per_tensor.out", args, ops.quantize_per_tensor_impl(*args))
    emit("quantized_decomposed::quantize_per_tensor.out", args, ops.quantize_per_tensor_impl(*args))
    xq = q(24)
    args = [xq, 0.0123, 7, -128, 127, torch.int8]
    emit("cortex_m::dequantize_per_tensor.out", args, ops.dequantize_per_tensor_impl(*args))
    emit("quantized_decomposed::dequantize_per_tensor.out", args + [None], ops.dequantize_per_tensor_impl(*args))
    # div (divisor zero points hit 0), activation LUT, softmax along a middle dim, min/max broadcast
    a, c = q(3, 8), q(3, 8)
    c[0, :3] = 5
    args = [a, -2, c, 5, 3, 0.37]
    emit("cortex_m::quantized_div.out", args, ops.quantized_div_impl(*args))
    lut = q(256)
    emit("cortex_m::quantized_activation.out", [a, lut], ops.quantized_activation_impl(a, lut))
    x = q(2, 5, 3)
    args = [x, 1, 4, -128, 1323825792, 21, -992]
    emit("cortex_m::softmax.out", args, ops.softmax_impl(*args))
    a, c = q(2, 3, 4), q(3, 1)
    emit("cortex_m::minimum.out", [a, c], ops.minimum_impl(a, c))
    emit("cortex_m::maximum.out", [a, c], ops.maximum_impl(a, c))

    # The DSP (SMLAD) paths' edges (run on the M33 and, with C models of the instructions, on
    # the host): conv with odd Cout and an odd pixel count, Cin 8 (SXTAB16 groups) with padding
    # and stride, per-channel shifts, a narrow activation range; 1x1 conv with saturating outputs;
    # odd K (Cin 3, 1x3 taps) with W padding; depthwise of one channel (conv path) with depth
    # multiplier 5; depthwise multiplier 1 with 9 channels (two quads + a tail), stride and padding;
    # a channels-last pad of H and W.
    x, w, b = q(1, 7, 5, 8), q(5, 3, 3, 8), torch.randint(-3000, 3000, (5,), dtype=torch.int32)
    m, s = mults(5)
    s = torch.tensor([-6, -7, -8, -9, -10], dtype=torch.int32)
    args = [x, w, b, [2, 1], [1, 1], [1, 1], 5, -3, m, s, -20, 30, scratch]
    emit("cortex_m::quantized_conv2d_nhwc.out", args, ops.quantized_conv2d_nhwc_impl(*args))
    x, w = q(1, 3, 3, 32), q(3, 1, 1, 32)
    m, s = mults(3)
    s = torch.tensor([-4, -5, -1], dtype=torch.int32)
    args = [x, w, None, [1, 1], [0, 0], [1, 1], -1, 2, m, s, -128, 127, scratch]
    emit("cortex_m::quantized_conv2d_nhwc.out", args, ops.quantized_conv2d_nhwc_impl(*args))
    x, w, b = q(1, 4, 7, 3), q(2, 1, 3, 3), torch.randint(-500, 500, (2,), dtype=torch.int32)
    m, s = mults(2)
    args = [x, w, b, [1, 1], [0, 2], [1, 1], 128, 0, m, s, -128, 127, scratch]
    emit("cortex_m::quantized_conv2d_nhwc.out", args, ops.quantized_conv2d_nhwc_impl(*args))
    x, w, b = q(1, 1, 9, 6), q(1, 4, 3, 5), torch.randint(-500, 500, (5,), dtype=torch.int32)
    m, s = mults(5)
    args = [x, w, b, [2, 1], [1, 1], [1, 1], 5, 17, -4, m, s, -100, 100, scratch]
    emit("cortex_m::quantized_depthwise_conv2d.out", args, ops.quantized_depthwise_conv2d_impl(*args), (0,))
    x, w, b = q(1, 9, 7, 6), q(1, 3, 3, 9), torch.randint(-500, 500, (9,), dtype=torch.int32)
    m, s = mults(9)
    args = [x, w, b, [2, 1], [2, 2], [1, 1], 1, -7, 3, m, s, -50, 127, scratch]
    emit("cortex_m::quantized_depthwise_conv2d.out", args, ops.quantized_depthwise_conv2d_impl(*args), (0,))
    a = q(1, 3, 4, 5)
    want = ops.pad_impl(a.contiguous(memory_format=torch.channels_last), [0, 2, 1, 0], [0, 1, 3, 0], 4)
    emit("cortex_m::pad.out", [a, [0, 2, 1, 0], [0, 1, 3, 0], 4], want, (0,))

    # shifts outside [-31, -1] (0 and +1): the DSP kernels hand these to the portable loop
    x, w, b = q(1, 3, 4, 4), q(3, 2, 2, 4), torch.randint(-50, 50, (3,), dtype=torch.int32)
    m = torch.tensor([1 << 30, 1518500250, 1 << 30], dtype=torch.int32)
    s = torch.tensor([0, -3, 1], dtype=torch.int32)
    args = [x, w, b, [1, 1], [0, 0], [1, 1], 3, -2, m, s, -128, 127, scratch]
    emit("cortex_m::quantized_conv2d_nhwc.out", args, ops.quantized_conv2d_nhwc_impl(*args))
    x, w = q(1, 4, 3, 3), q(1, 3, 3, 4)
    m = torch.tensor([1 << 30] * 4, dtype=torch.int32)
    s = torch.tensor([-8, 0, -7, -9], dtype=torch.int32)
    args = [x, w, None, [1, 1], [1, 1], [1, 1], 1, 6, -1, m, s, -128, 127, scratch]
    emit("cortex_m::quantized_depthwise_conv2d.out", args, ops.quantized_depthwise_conv2d_impl(*args), (0,))

    print("/* Generated by gen_kernel_cases.py from ExecuTorch's cortex_m operators.py. Do not edit. */")
    print("\n\n".join(out))
    print("static int (*const kernel_cases[])(void) = {" + ", ".join(f"case_{i}" for i in range(count)) + "};")


if __name__ == "__main__":
    main()
