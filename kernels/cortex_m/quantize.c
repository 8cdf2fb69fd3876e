/* cortex_m::quantize_per_tensor.out / dequantize_per_tensor.out and their
 * quantized_decomposed:: twins [input, scale, zero_point, quant_min, quant_max, dtype,
 * (out_dtype,) out, out]. The arithmetic is quantized_decomposed's, which the cortex_m
 * reference calls: q = clamp(round_half_even(x * (float)(1/scale)) + zp, qmin, qmax);
 * x = ((float)q - zp) * (float)scale. */
#include "cm_util.h"

static pt_status check_common(pt_bind *b, bool quant, uint32_t out_i) {
  const pt_tensor *in, *out;
  double scale;
  int64_t zp, qmin, qmax, dtype;
  pt_status s;
  if ((s = ku_tensor(b, 0, "input", &in)) || (s = ku_out(b, out_i, &out)) ||
      (s = cm_double(b, 1, "scale", &scale)) || (s = ku_int(b, 2, "zero_point", &zp)) ||
      (s = ku_int(b, 3, "quant_min", &qmin)) || (s = ku_int(b, 4, "quant_max", &qmax)) ||
      (s = ku_int(b, 5, "dtype", &dtype)) || (s = ku_same_shape(b, in, "input", out, "out")))
    return s;
  if (!cm_same_memory(in, out)) /* elementwise in memory order */
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: input and out dim_order differ", b->op_name);
  if (dtype != PT_I8 && dtype != PT_U8 && dtype != PT_I16 && dtype != PT_I32)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: dtype %s is not a quantized integer type",
                   b->op_name, pt_dtype_name((int)dtype));
  if (!(scale > 0.0))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: scale must be > 0", b->op_name);
  if (qmin > qmax || qmin < INT32_MIN || qmax > INT32_MAX || zp < INT32_MIN || zp > INT32_MAX)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: bad quant range [%lld, %lld] or zero_point",
                   b->op_name, (long long)qmin, (long long)qmax);
  const pt_tensor *q = quant ? out : in, *f = quant ? in : out;
  if (q->dtype != dtype)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s is %s but dtype says %s", b->op_name,
                   quant ? "out" : "input", pt_dtype_name(q->dtype), pt_dtype_name((int)dtype));
  if (f->dtype != PT_F32)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s must be float32, got %s", b->op_name,
                   quant ? "input" : "out", pt_dtype_name(f->dtype));
  return PT_OK;
}

static void store_q(void *base, int dtype, uint32_t i, int32_t v) {
  switch (dtype) {
    case PT_I8: ((int8_t *)base)[i] = (int8_t)v; break;
    case PT_U8: ((uint8_t *)base)[i] = (uint8_t)v; break;
    case PT_I16: ((int16_t *)base)[i] = (int16_t)v; break;
    default: ((int32_t *)base)[i] = v; break;
  }
}

static int32_t load_q(const void *base, int dtype, uint32_t i) {
  switch (dtype) {
    case PT_I8: return ((const int8_t *)base)[i];
    case PT_U8: return ((const uint8_t *)base)[i];
    case PT_I16: return ((const int16_t *)base)[i];
    default: return ((const int32_t *)base)[i];
  }
}

static pt_status quantize_run_at(const pt_ctx *ctx, const pt_call *call, uint32_t out_i) {
  const pt_tensor *in = KU_T(ctx, call, 0), *out = KU_T(ctx, call, out_i);
  float inv = (float)(1.0 / CM_DBL(ctx, call, 1));
  float zp = (float)CM_INT(ctx, call, 2);
  int32_t lo = (int32_t)CM_INT(ctx, call, 3), hi = (int32_t)CM_INT(ctx, call, 4);
  const float *x = (const float *)in->data;
  for (uint32_t i = 0; i < in->numel; i++)
    store_q(out->data, out->dtype, i, cm_float_to_q(cm_round_even(x[i] * inv) + zp, lo, hi));
  return PT_OK;
}

static pt_status dequantize_run_at(const pt_ctx *ctx, const pt_call *call, uint32_t out_i) {
  const pt_tensor *in = KU_T(ctx, call, 0), *out = KU_T(ctx, call, out_i);
  float scale = (float)CM_DBL(ctx, call, 1);
  float zp = (float)CM_INT(ctx, call, 2);
  float *y = (float *)out->data;
  for (uint32_t i = 0; i < in->numel; i++) y[i] = ((float)load_q(in->data, in->dtype, i) - zp) * scale;
  return PT_OK;
}

#define QSCHEMA "input, scale, zero_point, quant_min, quant_max, dtype"

static pt_status quantize_bind(pt_bind *b) {
  pt_status s = cm_nargs(b, 8, QSCHEMA);
  return s ? s : check_common(b, true, 6);
}
static pt_status quantize_run(const pt_ctx *v, const pt_call *c) { return quantize_run_at(v, c, 6); }

static pt_status dequantize_bind(pt_bind *b) {
  pt_status s = cm_nargs(b, 8, QSCHEMA);
  return s ? s : check_common(b, false, 6);
}
static pt_status dequantize_run(const pt_ctx *v, const pt_call *c) { return dequantize_run_at(v, c, 6); }

/* quantized_decomposed::dequantize_per_tensor.out has a kwarg-only out_dtype before out. */
static pt_status qd_dequantize_bind(pt_bind *b) {
  pt_status s;
  if (b->nargs != 9)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: expected 8 arguments (" QSCHEMA ", out_dtype, out), got %u", b->op_name,
                   (unsigned)b->nargs);
  if (!ku_is_none(b, 6)) {
    int64_t od;
    if ((s = ku_int(b, 6, "out_dtype", &od))) return s;
    if (od != PT_F32)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: out_dtype %s is not supported (float32 only)",
                     b->op_name, pt_dtype_name((int)od));
  }
  return check_common(b, false, 7);
}
static pt_status qd_dequantize_run(const pt_ctx *v, const pt_call *c) { return dequantize_run_at(v, c, 7); }

const pt_kernel pt_k_cortex_m_quantize_per_tensor_out = {
    "cortex_m::quantize_per_tensor.out", quantize_bind, quantize_run, NULL};
const pt_kernel pt_k_cortex_m_dequantize_per_tensor_out = {
    "cortex_m::dequantize_per_tensor.out", dequantize_bind, dequantize_run, NULL};
const pt_kernel pt_k_quantized_decomposed_quantize_per_tensor_out = {
    "quantized_decomposed::quantize_per_tensor.out", quantize_bind, quantize_run, NULL};
const pt_kernel pt_k_quantized_decomposed_dequantize_per_tensor_out = {
    "quantized_decomposed::dequantize_per_tensor.out", qd_dequantize_bind, qd_dequantize_run, NULL};
