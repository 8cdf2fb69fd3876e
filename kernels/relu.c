/* aten::relu.out: x >= 0 or NaN ? x : 0 (ExecuTorch keeps NaN and -0.0). Real dtypes;
 * pt_k_aten_relu_out_f32 is float32 alone, for selective builds. */
#include "kernel_util.h"
#include "relu_f32.h"

/* Armv8-M with an FPU (M33, M55): 8 at a time, VSEL instead of a branch per element (VSEL
 * is FPv5 on Armv8; an M4's FPv4 has none, and no macro tells an M7's FPv5 from FPv4).
 * `vcmp 0, v` sets GT only for an ordered v < 0: NaN and -0.0 are kept, as the C line. */
void ku_relu_f32(const float *x, float *y, uint32_t n) {
  uint32_t i = 0;
#if defined(__arm__) && defined(__thumb2__) && defined(__ARM_FP) && (__ARM_FP & 4) && __ARM_ARCH >= 8
  if (n >= 8) {
    uint32_t n8 = n / 8;
    const float *px = x;
    float *py = y;
    __asm__ volatile(
        "vmov s8, %[z]\n"
        "1:\n\t"
        "vldmia %[x]!, {s0-s7}\n\t"
        "vcmp.f32 s8, s0\n\tvmrs APSR_nzcv, fpscr\n\tvselgt.f32 s0, s8, s0\n\t"
        "vcmp.f32 s8, s1\n\tvmrs APSR_nzcv, fpscr\n\tvselgt.f32 s1, s8, s1\n\t"
        "vcmp.f32 s8, s2\n\tvmrs APSR_nzcv, fpscr\n\tvselgt.f32 s2, s8, s2\n\t"
        "vcmp.f32 s8, s3\n\tvmrs APSR_nzcv, fpscr\n\tvselgt.f32 s3, s8, s3\n\t"
        "vcmp.f32 s8, s4\n\tvmrs APSR_nzcv, fpscr\n\tvselgt.f32 s4, s8, s4\n\t"
        "vcmp.f32 s8, s5\n\tvmrs APSR_nzcv, fpscr\n\tvselgt.f32 s5, s8, s5\n\t"
        "vcmp.f32 s8, s6\n\tvmrs APSR_nzcv, fpscr\n\tvselgt.f32 s6, s8, s6\n\t"
        "vcmp.f32 s8, s7\n\tvmrs APSR_nzcv, fpscr\n\tvselgt.f32 s7, s8, s7\n\t"
        "vstmia %[y]!, {s0-s7}\n\t"
        "subs %[n], %[n], #1\n\t"
        "bne 1b"
        : [x] "+r"(px), [y] "+r"(py), [n] "+r"(n8)
        : [z] "r"(0)
        : "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "cc", "memory");
    i = n & ~7u;
  }
#endif
  for (; i < n; i++) {
    float v = x[i];
    y[i] = 0.0f > v ? 0.0f : v; /* false for NaN and -0.0: both kept, as ExecuTorch's relu */
  }
}

static pt_status relu_f32(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0);
  ku_relu_f32((const float *)in->data, (float *)KU_T(ctx, call, 1)->data, in->numel);
  return PT_OK;
}

#define RELU_INT(T)                                           \
  do {                                                        \
    const T *x = (const T *)in->data;                         \
    T *y = (T *)out->data;                                    \
    for (uint32_t i = 0; i < n; i++) y[i] = x[i] >= 0 ? x[i] : 0; \
  } while (0)

static pt_status relu_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0);
  pt_tensor *out = KU_T(ctx, call, 1);
  uint32_t n = in->numel;
  switch (in->dtype) {
    case PT_I8: RELU_INT(int8_t); break;
    case PT_I16: RELU_INT(int16_t); break;
    case PT_I32: RELU_INT(int32_t); break;
    case PT_I64: RELU_INT(int64_t); break;
    case PT_F64: {
      /* on the bits, so that float32 firmware links no soft-double compare: zero only for
       * an ordered x < 0 (sign set, not -0.0, not NaN) */
      const uint64_t *x = (const uint64_t *)in->data;
      uint64_t *y = (uint64_t *)out->data, mag = ~0ull >> 1, inf = 0x7ff0000000000000ull;
      for (uint32_t i = 0; i < n; i++) y[i] = (x[i] >> 63) && (x[i] & mag) && (x[i] & mag) <= inf ? 0 : x[i];
      break;
    }
    default: { /* u8: never negative */
      const uint8_t *x = (const uint8_t *)in->data;
      uint8_t *y = (uint8_t *)out->data;
      for (uint32_t i = 0; i < n; i++) y[i] = x[i];
    }
  }
  return PT_OK;
}

/* The checks every dtype shares; *in is self. */
static pt_status relu_check(pt_bind *b, const pt_tensor **in) {
  const pt_tensor *out;
  pt_status s;
  if ((s = ku_nargs(b, 3)) || (s = ku_tensor(b, 0, "self", in)) || (s = ku_out(b, 1, &out)) ||
      (s = ku_same_dtype(b, *in, "self", out, "out")) ||
      (s = ku_out_shape(b, out, (*in)->sizes, (*in)->rank)))
    return s;
  if ((*in)->numel > 1 && !ku_same_dim_order(*in, out))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: self and out must share one dim_order",
                   b->op_name);
  return PT_OK;
}

static pt_status relu_bind(pt_bind *b) {
  const pt_tensor *in;
  pt_status s = relu_check(b, &in);
  if (s) return s;
  if (in->dtype == PT_BOOL || !ku_dtype_known(in->dtype))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: self must be a real dtype (%s given)",
                   b->op_name, pt_dtype_name(in->dtype));
  if (in->dtype == PT_F32) b->run = relu_f32;
  return PT_OK;
}

const pt_kernel pt_k_aten_relu_out = {"aten::relu.out", relu_bind, relu_run, NULL};

/* float32 only (kernel_variants.def): what a selective build links when its programs use
 * relu on nothing else, without relu_run's other dtypes. */
static pt_status relu_bind_f32(pt_bind *b) {
  const pt_tensor *in;
  pt_status s;
  if ((s = relu_check(b, &in)) || (s = ku_dtype_in_build(b, in, "self", 1u << PT_F32))) return s;
  b->run = relu_f32;
  return PT_OK;
}

const pt_kernel pt_k_aten_relu_out_f32 = {"aten::relu.out", relu_bind_f32, relu_f32, NULL};
