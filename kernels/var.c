/* aten::var.correction_out [self, dim[]?, correction?, keepdim, out, out], float32:
 * ExecuTorch's two passes in float (mean, then the sum of squared deviations, each in
 * increasing index order), divided by count - correction (NaN when that is <= 0). */
#include "reduce_walk.h"

static pt_status var_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0), *out = KU_T(ctx, call, 5);
  const float *x = (const float *)in->data;
  float *y = (float *)out->data, correction;
  __builtin_memcpy(&correction, &KU_STATE(call)[1], sizeof correction);
  rw_walk w, w2;
  rw_begin(&w, in, KU_STATE(call)[0]);
  for (uint32_t o = 0; o < out->numel; o++, rw_next_output(&w)) {
    w2 = w;
    float sum = 0.0f;
    for (uint32_t r = 0; r < w.count; r++, rw_next_reduced(&w)) sum += x[rw_at(&w)];
    float mean = sum / (float)w.count, sum2 = 0.0f;
    for (uint32_t r = 0; r < w2.count; r++, rw_next_reduced(&w2)) {
      float d = x[rw_at(&w2)] - mean;
      sum2 += d * d;
    }
    float denom = (float)w.count - correction;
    y[o] = denom > 0.0f ? sum2 / denom : __builtin_nanf("");
  }
  return PT_OK;
}

static pt_status var_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  int32_t dims[PT_MAX_RANK];
  uint32_t n = 0, mask, count;
  bool keepdim;
  ku_scalar corr = {false, false, 1, 1.0};
  pt_status s;
  if ((s = ku_nargs(b, 6)) || (s = ku_tensor(b, 0, "self", &in)) ||
      (!ku_is_none(b, 1) && (s = ku_int_list_i32(b, 1, "dim", dims, PT_MAX_RANK, &n))) ||
      (!ku_is_none(b, 2) && (s = ku_scalar_arg(b, 2, "correction", &corr))) ||
      (s = ku_bool(b, 3, "keepdim", &keepdim)) || (s = ku_out(b, 4, &out)) ||
      (s = ku_dtype_is(b, in, "self", PT_F32)) || (s = ku_dtype_is(b, out, "out", PT_F32)) ||
      (s = rw_bind(b, in, dims, n, n == 0, keepdim, out, &mask, &count)))
    return s;
  float c = (float)corr.d;
  KU_STATE4(b)[0] = mask;
  __builtin_memcpy(&KU_STATE4(b)[1], &c, sizeof c);
  return PT_OK;
}

const pt_kernel pt_k_aten_var_correction_out = {"aten::var.correction_out", var_bind, var_run, NULL};
