/* Shared by the cortex_m:: kernels: CMSIS-NN fixed-point requantization exactly as
 * ExecuTorch's reference (passes_utils.requantize_cmsis) computes it, argument-layout checks
 * that name the ExecuTorch release layout, and NHWC shape access. Internal to kernels/. */
#ifndef PETITE_CM_UTIL_H
#define PETITE_CM_UTIL_H

#include "../kernel_util.h"

/* The operator layouts petite binds are those of executorch 1.5's cortex_m operators.yaml. */
#define CM_LAYOUT "executorch 1.5 cortex_m operators.yaml"

/* Argument count check naming the expected schema: n = schema args + out + appended return. */
pt_status cm_nargs(pt_bind *b, uint32_t n, const char *schema);

/* arm_nn_requantize as the oracle models it: (v << max(shift,0)) * multiplier, doubling high
 * half with +2^30 rounding, then a rounding divide by 2^max(-shift,0) (ties away from zero).
 * 64-bit wrap-around arithmetic like torch's int64 tensors; the result wraps to int32. */
static inline int32_t cm_requantize(int32_t v, int64_t multiplier, int64_t shift) {
  uint32_t ls = shift > 0 ? (uint32_t)(shift > 63 ? 63 : shift) : 0;
  uint32_t rs = shift < 0 ? (uint32_t)(shift < -62 ? 62 : -shift) : 0;
  uint64_t prod = (((uint64_t)(int64_t)v << ls) * (uint64_t)multiplier) + ((uint64_t)1 << 30);
  int64_t r = (int64_t)prod >> 31; /* arithmetic shift on every compiler petite supports */
  if (rs) {
    int64_t mask = ((int64_t)1 << rs) - 1;
    int64_t rem = r & mask;
    r >>= rs;
    int64_t threshold = (mask >> 1) + (r < 0 ? 1 : 0);
    if (rem > threshold) r++;
  }
  return (int32_t)(uint32_t)(uint64_t)r;
}

/* cm_requantize out of line, for the parameters cm_requantize_fast leaves to it. */
int32_t cm_requantize_slow(int32_t v, int32_t multiplier, int32_t shift);

/* The same result in 32-bit steps where that is exact: shift in [-31, -1] and multiplier not
 * INT32_MIN, so r, the rounded high half of v * multiplier, fits an int32 and is not INT32_MIN.
 * The divide rounding half away from zero is then floor((t + 2^(rs-1)) / 2^rs) with
 * t = r - (r < 0), i.e. t >> rs plus bit rs-1 of t, with no overflow. */
static inline int32_t cm_requantize_rs1(int32_t v, int32_t multiplier, uint32_t rs1) {
  int32_t r = (int32_t)(((int64_t)v * multiplier + ((int64_t)1 << 30)) >> 31);
  int32_t t = r + (r >> 31);
  return ((t >> rs1) >> 1) + ((t >> rs1) & 1);
}

static inline int32_t cm_requantize_fast(int32_t v, int32_t multiplier, int32_t shift) {
  uint32_t rs1 = ~(uint32_t)shift; /* -shift - 1 */
  if (rs1 > 30u || multiplier == INT32_MIN) return cm_requantize_slow(v, multiplier, shift);
  return cm_requantize_rs1(v, multiplier, rs1);
}

/* Whether every (multiplier, shift) pair is in cm_requantize_rs1's domain. */
static inline bool cm_requantize_rs1_ok(const int32_t *multiplier, const int32_t *shift, int32_t n) {
  for (int32_t i = 0; i < n; i++)
    if (~(uint32_t)shift[i] > 30u || multiplier[i] == INT32_MIN) return false;
  return true;
}

static inline int32_t cm_clamp(int32_t v, int32_t lo, int32_t hi) {
  return v < lo ? lo : v > hi ? hi : v;
}

/* Round half to even (torch.round) without libm; |v| >= 2^23 is already integral. */
static inline float cm_round_even(float v) {
  if (!(v < 8388608.0f && v > -8388608.0f)) return v;
  int32_t i = (int32_t)v;
  float frac = v - (float)i;
  if (frac > 0.5f || (frac == 0.5f && (i & 1))) i++;
  else if (frac < -0.5f || (frac == -0.5f && (i & 1))) i--;
  return (float)i;
}

/* float -> int32 after clamping to [lo, hi] in float (NaN goes to lo): torch's clamp + .to(). */
static inline int32_t cm_float_to_q(float v, int32_t lo, int32_t hi) {
  if (!(v >= (float)lo)) return lo;
  if (v > (float)hi) return hi;
  return (int32_t)v;
}

/* A 4-D activation laid out NHWC in memory: either logical [N,C,H,W] with dim_order
 * [0,2,3,1] (or a contiguous one whose memory is the same), or, when nhwc, logical
 * [N,H,W,C] contiguous. Fills n, h, w, c. */
typedef struct cm_shape {
  int32_t n, h, w, c;
} cm_shape;
pt_status cm_nhwc(pt_bind *b, const pt_tensor *t, const char *what, bool nhwc, cm_shape *s);

/* Same shape, and the same memory layout (dims of size 1 may be ordered either way). */
bool cm_same_memory(const pt_tensor *a, const pt_tensor *c);
/* A 4-D logical NCHW tensor whose bytes are laid out NHWC. */
bool cm_is_nhwc_memory(const pt_tensor *t);

/* A double argument (float in the schema). */
pt_status cm_double(pt_bind *b, uint32_t i, const char *what, double *v);
/* An int[] of exactly `n` items. */
pt_status cm_int_list_n(pt_bind *b, uint32_t i, const char *what, int64_t *v, uint32_t n);
/* An int argument that must lie in [lo, hi]. */
pt_status cm_int_range(pt_bind *b, uint32_t i, const char *what, int64_t lo, int64_t hi,
                       int64_t *v);

/* Run-time access to scalar arguments (checked at bind). */
#define CM_INT(ctx, call, k) ((ctx)->values[(call)->args[(k)]].u.i)
#define CM_DBL(ctx, call, k)                                                      \
  ((ctx)->values[(call)->args[(k)]].tag == PT_TAG_DOUBLE ? (ctx)->values[(call)->args[(k)]].u.d \
                                                    : (double)(ctx)->values[(call)->args[(k)]].u.i)
/* Item k of the int[] argument i (a list of Int value indices in program bytes). */
int64_t cm_list_item(const pt_ctx *ctx, const pt_call *call, uint32_t i, uint32_t k);

#endif
