/* cortex_m::softmax.out [input, dim, input_zero_point, output_zero_point, input_multiplier,
 * input_shift, diff_min, out, out]. As the reference (not arm_softmax_s8's fixed point):
 * x = (q - zp) * (float)(input_multiplier * 2^(input_shift - 31 - 26)); float softmax along
 * dim; out = clamp(round_half_even(p * 256) + output_zero_point). exp is evaluated in double
 * (no libm), so it agrees with torch's float exp except in the last bit at worst. */
#include "cm_util.h"

#define SOFTMAX_KEEP 32 /* floats of stack */

/* e^x for float x, in double: x = k ln2 + r, |r| <= ln2/2, Taylor series to 1e-17. */
static double cm_exp(double x) {
  if (x < -104.0) return 0.0;
  if (x > 89.0) x = 89.0;
  double kf = x * 1.4426950408889634;
  int32_t k = (int32_t)(kf < 0 ? kf - 0.5 : kf + 0.5);
  double r = (x - (double)k * 0.6931471803691238) - (double)k * 1.9082149292705877e-10;
  double term = 1.0, sum = 1.0;
  for (int i = 1; i < 16; i++) {
    term *= r / (double)i;
    sum += term;
  }
  for (; k > 0; k--) sum *= 2.0;
  for (; k < 0; k++) sum *= 0.5;
  return sum;
}

static pt_status softmax_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  int64_t dim, v;
  uint32_t d;
  pt_status s;
  if ((s = cm_nargs(b, 9, "input, dim, input_zero_point, output_zero_point, input_multiplier, "
                          "input_shift, diff_min")) ||
      (s = ku_tensor(b, 0, "input", &in)) || (s = ku_out(b, 7, &out)) ||
      (s = ku_int(b, 1, "dim", &dim)) || (s = ku_dim(b, dim, in->rank, "dim", &d)) ||
      (s = cm_int_range(b, 2, "input_zero_point", -128, 127, &v)) ||
      (s = cm_int_range(b, 3, "output_zero_point", -128, -128, &v)) ||
      (s = cm_int_range(b, 4, "input_multiplier", 1, INT32_MAX, &v)) ||
      (s = cm_int_range(b, 5, "input_shift", -31, 31, &v)) || (s = ku_int(b, 6, "diff_min", &v)) ||
      (s = ku_same_shape(b, in, "input", out, "out")))
    return s;
  if (in->dtype != PT_I8 || out->dtype != PT_I8)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: input and out must be int8", b->op_name);
  if (!cm_same_memory(in, out))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: input and out dim_order differ", b->op_name);
  if (in->sizes[d] < 1)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: empty softmax dim", b->op_name);
  KU_STATE4(b)[0] = d;
  return PT_OK;
}

static pt_status softmax_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0);
  const int8_t *x = (const int8_t *)in->data;
  int8_t *y = (int8_t *)KU_T(ctx, call, 7)->data;
  uint32_t d = KU_STATE(call)[0], strides[PT_MAX_RANK];
  ku_strides(in, strides);
  uint32_t len = (uint32_t)in->sizes[d], step = strides[d];
  float zp = (float)CM_INT(ctx, call, 2);
  float scale = 0.0f;
  {
    double sc = (double)CM_INT(ctx, call, 4);
    for (int64_t e = CM_INT(ctx, call, 5) - 31 - 26; e < 0; e++) sc *= 0.5;
    for (int64_t e = CM_INT(ctx, call, 5) - 31 - 26; e > 0; e--) sc *= 2.0;
    scale = (float)sc;
  }
  /* Rows start at every element whose index along dim is 0: walk memory, skip the others. */
  for (uint32_t base = 0; base < in->numel; base++) {
    if ((base / step) % len != 0) continue;
    float mx = -3.4e38f;
    for (uint32_t i = 0; i < len; i++) {
      float v = ((float)x[base + i * step] - zp) * scale;
      if (v > mx) mx = v;
    }
    /* exp is most of the cost: keep short rows' values for the second pass (same numbers) */
    float e[SOFTMAX_KEEP], sum = 0.0f;
    for (uint32_t i = 0; i < len; i++) {
      float v = (float)cm_exp((double)(((float)x[base + i * step] - zp) * scale - mx));
      if (i < SOFTMAX_KEEP) e[i] = v;
      sum += v;
    }
    float inv = 1.0f / sum;
    for (uint32_t i = 0; i < len; i++) {
      float v = i < SOFTMAX_KEEP ? e[i] : (float)cm_exp((double)(((float)x[base + i * step] - zp) * scale - mx));
      float p = v * inv;
      y[base + i * step] = (int8_t)cm_float_to_q(cm_round_even(p / 0.00390625f) - 128.0f, -128, 127);
    }
  }
  return PT_OK;
}

const pt_kernel pt_k_cortex_m_softmax_out = {"cortex_m::softmax.out", softmax_bind, softmax_run, NULL};
