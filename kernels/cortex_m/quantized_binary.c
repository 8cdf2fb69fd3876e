/* cortex_m::quantized_add.out, quantized_mul.out, quantized_div.out, quantized_activation.out,
 * minimum.out, maximum.out: elementwise int8 ops, operands broadcast to out.
 *   add: each side (q - zp) << 20 requantized by its multiplier/shift, summed, requantized by
 *        the output's, + output zero point, clamped to [activation_min, activation_max];
 *   mul: (a - za) * (b - zb) requantized, + output zero point, clamped to int8;
 *   div: in float, as the reference: round((a - za) / (b - zb) * (float)output_scale) + zp,
 *        0 where the divisor is 0, clamped to the dtype (int8 or int16);
 *   activation: out = lut[q + 128];  minimum/maximum: elementwise, any dtype. */
#include "cm_broadcast.h"

#define SHIFT_INT8 20

static pt_status int8_binary(pt_bind *b, uint32_t ia, uint32_t ib, uint32_t iout,
                             const pt_tensor **pa, const pt_tensor **pb, const pt_tensor **po) {
  pt_status s;
  if ((s = ku_tensor(b, ia, "self", pa)) || (s = ku_tensor(b, ib, "other", pb)) ||
      (s = ku_out(b, iout, po)) || (s = cm_broadcast_bind(b, *pa, *pb, *po)))
    return s;
  if ((*pa)->dtype != PT_I8 || (*pb)->dtype != PT_I8 || (*po)->dtype != PT_I8)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: self, other and out must be int8", b->op_name);
  return PT_OK;
}

static pt_status ints(pt_bind *b, uint32_t from, uint32_t to, const char *const *names) {
  for (uint32_t i = from; i <= to; i++) {
    int64_t v;
    pt_status s = cm_int_range(b, i, names[i - from], INT32_MIN, INT32_MAX, &v);
    if (s) return s;
  }
  return PT_OK;
}

/* ---- add ---- */
static pt_status add_bind(pt_bind *b) {
  static const char *const names[] = {"self_zero_point", "self_multiplier", "self_shift", "other",
                                      "other_zero_point", "other_multiplier", "other_shift",
                                      "output_zero_point", "output_multiplier", "output_shift",
                                      "activation_min", "activation_max"};
  const pt_tensor *a, *c, *o;
  pt_status s;
  if ((s = cm_nargs(b, 15, "self, self_zero_point, self_multiplier, self_shift, other, "
                           "other_zero_point, other_multiplier, other_shift, output_zero_point, "
                           "output_multiplier, output_shift, activation_min, activation_max")) ||
      (s = int8_binary(b, 0, 4, 13, &a, &c, &o)) || (s = ints(b, 1, 3, names)) ||
      (s = ints(b, 5, 12, names + 4)))
    return s;
  return PT_OK;
}

static pt_status add_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *a = KU_T(ctx, call, 0), *c = KU_T(ctx, call, 4), *o = KU_T(ctx, call, 13);
  const int8_t *x = (const int8_t *)a->data, *y = (const int8_t *)c->data;
  int8_t *z = (int8_t *)o->data;
  int32_t za = (int32_t)CM_INT(ctx, call, 1), zb = (int32_t)CM_INT(ctx, call, 5);
  int64_t ma = CM_INT(ctx, call, 2), sa = CM_INT(ctx, call, 3);
  int64_t mb = CM_INT(ctx, call, 6), sb = CM_INT(ctx, call, 7);
  int32_t zo = (int32_t)CM_INT(ctx, call, 8);
  int64_t mo = CM_INT(ctx, call, 9), so = CM_INT(ctx, call, 10);
  int32_t lo = (int32_t)CM_INT(ctx, call, 11), hi = (int32_t)CM_INT(ctx, call, 12);
  cm_walk w;
  cm_walk_init(&w, a, c, o);
#define ADD_ONE(oi, ai, bi)                                                                  \
  do {                                                                                       \
    int32_t fa = cm_requantize((int32_t)((uint32_t)((int32_t)x[ai] - za) << SHIFT_INT8), ma, sa); \
    int32_t fb = cm_requantize((int32_t)((uint32_t)((int32_t)y[bi] - zb) << SHIFT_INT8), mb, sb); \
    int32_t r = cm_requantize((int32_t)((uint32_t)fa + (uint32_t)fb), mo, so);                \
    z[oi] = (int8_t)cm_clamp((int32_t)((uint32_t)r + (uint32_t)zo), lo, hi);                  \
  } while (0)
  CM_WALK(&w, o->numel, ADD_ONE);
#undef ADD_ONE
  return PT_OK;
}

/* ---- mul ---- */
static pt_status mul_bind(pt_bind *b) {
  static const char *const n1[] = {"self_zero_point"};
  static const char *const n2[] = {"other_zero_point", "output_zero_point", "output_multiplier",
                                   "output_shift"};
  const pt_tensor *a, *c, *o;
  pt_status s;
  if ((s = cm_nargs(b, 9, "self, self_zero_point, other, other_zero_point, output_zero_point, "
                          "output_multiplier, output_shift")) ||
      (s = int8_binary(b, 0, 2, 7, &a, &c, &o)) || (s = ints(b, 1, 1, n1)) || (s = ints(b, 3, 6, n2)))
    return s;
  return PT_OK;
}

static pt_status mul_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *a = KU_T(ctx, call, 0), *c = KU_T(ctx, call, 2), *o = KU_T(ctx, call, 7);
  const int8_t *x = (const int8_t *)a->data, *y = (const int8_t *)c->data;
  int8_t *z = (int8_t *)o->data;
  int32_t za = (int32_t)CM_INT(ctx, call, 1), zb = (int32_t)CM_INT(ctx, call, 3);
  int32_t zo = (int32_t)CM_INT(ctx, call, 4);
  int64_t mo = CM_INT(ctx, call, 5), so = CM_INT(ctx, call, 6);
  cm_walk w;
  cm_walk_init(&w, a, c, o);
#define MUL_ONE(oi, ai, bi)                                                             \
  do {                                                                                  \
    int32_t p = (int32_t)(((int64_t)x[ai] - za) * ((int64_t)y[bi] - zb));               \
    int32_t r = cm_requantize(p, mo, so);                                               \
    z[oi] = (int8_t)cm_clamp((int32_t)((uint32_t)r + (uint32_t)zo), -128, 127);          \
  } while (0)
  CM_WALK(&w, o->numel, MUL_ONE);
#undef MUL_ONE
  return PT_OK;
}

/* ---- div ---- */
static pt_status div_bind(pt_bind *b) {
  const pt_tensor *a, *c, *o;
  int64_t v;
  double scale;
  pt_status s;
  if ((s = cm_nargs(b, 8, "self, self_zero_point, other, other_zero_point, output_zero_point, "
                          "output_scale")) ||
      (s = ku_tensor(b, 0, "self", &a)) || (s = ku_tensor(b, 2, "other", &c)) || (s = ku_out(b, 6, &o)) ||
      (s = ku_same_shape(b, a, "self", c, "other")) || (s = ku_same_shape(b, a, "self", o, "out")) ||
      (s = cm_int_range(b, 1, "self_zero_point", -32768, 32767, &v)) ||
      (s = cm_int_range(b, 3, "other_zero_point", -32768, 32767, &v)) ||
      (s = cm_int_range(b, 4, "output_zero_point", -32768, 32767, &v)) ||
      (s = cm_double(b, 5, "output_scale", &scale)))
    return s;
  if ((a->dtype != PT_I8 && a->dtype != PT_I16) || c->dtype != a->dtype || o->dtype != a->dtype)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: self, other and out must all be int8 or int16",
                   b->op_name);
  if (!cm_same_memory(a, c) || !cm_same_memory(a, o))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: self, other and out must share a layout", b->op_name);
  return PT_OK;
}

static pt_status div_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *a = KU_T(ctx, call, 0), *c = KU_T(ctx, call, 2), *o = KU_T(ctx, call, 6);
  float za = (float)CM_INT(ctx, call, 1), zb = (float)CM_INT(ctx, call, 3);
  float zo = (float)CM_INT(ctx, call, 4), scale = (float)CM_DBL(ctx, call, 5);
  bool i16 = a->dtype == PT_I16;
  int32_t lo = i16 ? -32768 : -128, hi = i16 ? 32767 : 127;
  for (uint32_t i = 0; i < o->numel; i++) {
    float x = i16 ? ((const int16_t *)a->data)[i] : ((const int8_t *)a->data)[i];
    float y = i16 ? ((const int16_t *)c->data)[i] : ((const int8_t *)c->data)[i];
    float num = x - za, den = y - zb;
    float q = den != 0.0f ? num / den : 0.0f;
    int32_t r = cm_float_to_q(cm_round_even(q * scale) + zo, lo, hi);
    if (i16) ((int16_t *)o->data)[i] = (int16_t)r;
    else ((int8_t *)o->data)[i] = (int8_t)r;
  }
  return PT_OK;
}

/* ---- activation (LUT) ---- */
static pt_status act_bind(pt_bind *b) {
  const pt_tensor *in, *lut, *o;
  pt_status s;
  if ((s = cm_nargs(b, 4, "input, lut")) || (s = ku_tensor(b, 0, "input", &in)) ||
      (s = ku_tensor(b, 1, "lut", &lut)) || (s = ku_out(b, 2, &o)) ||
      (s = ku_same_shape(b, in, "input", o, "out")))
    return s;
  if (in->dtype != PT_I8 || o->dtype != PT_I8 || lut->dtype != PT_I8 || lut->numel != 256)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: want int8 input/out and an int8 lut of 256",
                   b->op_name);
  if (!cm_same_memory(in, o))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: input and out layouts differ", b->op_name);
  return PT_OK;
}

static pt_status act_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0), *o = KU_T(ctx, call, 2);
  const int8_t *x = (const int8_t *)in->data, *lut = (const int8_t *)KU_T(ctx, call, 1)->data;
  int8_t *y = (int8_t *)o->data;
  for (uint32_t i = 0; i < o->numel; i++) y[i] = lut[(int32_t)x[i] + 128];
  return PT_OK;
}

/* ---- minimum / maximum ---- */
static pt_status minmax_bind(pt_bind *b) {
  const pt_tensor *a, *c, *o;
  pt_status s;
  if ((s = cm_nargs(b, 4, "self, other")) || (s = ku_tensor(b, 0, "self", &a)) ||
      (s = ku_tensor(b, 1, "other", &c)) || (s = ku_out(b, 2, &o)) ||
      (s = cm_broadcast_bind(b, a, c, o)))
    return s;
  if (a->dtype != c->dtype || a->dtype != o->dtype ||
      (a->dtype != PT_I8 && a->dtype != PT_I16 && a->dtype != PT_I32 && a->dtype != PT_F32))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: self, other and out must share one dtype of int8, int16, int32, float32",
                   b->op_name);
  return PT_OK;
}

static pt_status minmax_run(const pt_ctx *ctx, const pt_call *call, bool is_max) {
  const pt_tensor *a = KU_T(ctx, call, 0), *c = KU_T(ctx, call, 1), *o = KU_T(ctx, call, 2);
  cm_walk w;
  cm_walk_init(&w, a, c, o);
  switch (o->dtype) {
#define MM_CASE(DT, T, ONE)                                                             \
  case DT: {                                                                            \
    const T *x = (const T *)a->data, *y = (const T *)c->data;                           \
    T *z = (T *)o->data;                                                                \
    CM_WALK(&w, o->numel, ONE);                                                         \
    break;                                                                              \
  }
#define MM_INT(oi, ai, bi) (z[oi] = (is_max ? x[ai] > y[bi] : x[ai] < y[bi]) ? x[ai] : y[bi])
/* NaN propagates, as torch.minimum/maximum do. */
#define MM_FLOAT(oi, ai, bi)                                                            \
  (z[oi] = x[ai] != x[ai] ? x[ai] : y[bi] != y[bi] ? y[bi]                               \
           : (is_max ? x[ai] > y[bi] : x[ai] < y[bi]) ? x[ai] : y[bi])
    MM_CASE(PT_I8, int8_t, MM_INT)
    MM_CASE(PT_I16, int16_t, MM_INT)
    MM_CASE(PT_I32, int32_t, MM_INT)
    MM_CASE(PT_F32, float, MM_FLOAT)
#undef MM_INT
#undef MM_FLOAT
#undef MM_CASE
    default: break;
  }
  return PT_OK;
}
static pt_status min_run(const pt_ctx *v, const pt_call *c) { return minmax_run(v, c, false); }
static pt_status max_run(const pt_ctx *v, const pt_call *c) { return minmax_run(v, c, true); }

const pt_kernel pt_k_cortex_m_quantized_add_out = {"cortex_m::quantized_add.out", add_bind, add_run, NULL};
const pt_kernel pt_k_cortex_m_quantized_mul_out = {"cortex_m::quantized_mul.out", mul_bind, mul_run, NULL};
const pt_kernel pt_k_cortex_m_quantized_div_out = {"cortex_m::quantized_div.out", div_bind, div_run, NULL};
const pt_kernel pt_k_cortex_m_quantized_activation_out = {"cortex_m::quantized_activation.out",
                                                          act_bind, act_run, NULL};
const pt_kernel pt_k_cortex_m_minimum_out = {"cortex_m::minimum.out", minmax_bind, min_run, NULL};
const pt_kernel pt_k_cortex_m_maximum_out = {"cortex_m::maximum.out", minmax_bind, max_run, NULL};
