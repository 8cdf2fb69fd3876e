/* aten::_softmax.out and aten::_log_softmax.out [self, dim, half_to_float, out, out],
 * float32: subtract the max along dim, exp, sum in index order. */
#include <math.h>

#include "kernel_util.h"

/* state: outer count, dim size, inner stride (elements), log flag */
static pt_status softmax_run(const pt_ctx *ctx, const pt_call *call) {
  const float *x = (const float *)KU_T(ctx, call, 0)->data;
  float *y = (float *)KU_T(ctx, call, 3)->data;
  uint32_t outer = KU_STATE(call)[0], n = KU_STATE(call)[1], inner = KU_STATE(call)[2];
  for (uint32_t o = 0; o < outer; o++) {
    for (uint32_t in = 0; in < inner; in++) {
      uint32_t base = o * n * inner + in;
      float mx = x[base];
      for (uint32_t k = 1; k < n; k++)
        if (x[base + k * inner] > mx) mx = x[base + k * inner];
      float sum = 0.0f;
      for (uint32_t k = 0; k < n; k++) sum += expf(x[base + k * inner] - mx);
      if (KU_STATE(call)[3]) {
        float ls = logf(sum);
        for (uint32_t k = 0; k < n; k++) y[base + k * inner] = x[base + k * inner] - mx - ls;
      } else {
        for (uint32_t k = 0; k < n; k++) y[base + k * inner] = expf(x[base + k * inner] - mx) / sum;
      }
    }
  }
  return PT_OK;
}

static pt_status softmax_common(pt_bind *b, uint32_t log) {
  const pt_tensor *in, *out;
  int64_t dim;
  bool h2f;
  uint32_t d;
  pt_status s;
  if ((s = ku_nargs(b, 5)) || (s = ku_tensor(b, 0, "self", &in)) ||
      (s = ku_int(b, 1, "dim", &dim)) || (s = ku_bool(b, 2, "half_to_float", &h2f)) ||
      (s = ku_out(b, 3, &out)) || (s = ku_dtype_is(b, in, "self", PT_F32)) ||
      (s = ku_dtype_is(b, out, "out", PT_F32)) || (s = ku_out_shape(b, out, in->sizes, in->rank)) ||
      (s = ku_dim(b, dim, in->rank, "dim", &d)) || (s = ku_contiguous(b, in, "self")) ||
      (s = ku_contiguous(b, out, "out")))
    return s;
  if (h2f)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: half_to_float is not supported", b->op_name);
  uint32_t outer = 1, inner = 1;
  for (uint32_t k = 0; k < in->rank; k++) {
    if (k < d) outer *= (uint32_t)in->sizes[k];
    if (k > d) inner *= (uint32_t)in->sizes[k];
  }
  KU_STATE4(b)[0] = in->numel ? outer : 0;
  KU_STATE4(b)[1] = in->rank ? (uint32_t)in->sizes[d] : 1;
  KU_STATE4(b)[2] = inner;
  KU_STATE4(b)[3] = log;
  return PT_OK;
}

static pt_status softmax_bind(pt_bind *b) { return softmax_common(b, 0); }
static pt_status log_softmax_bind(pt_bind *b) { return softmax_common(b, 1); }

const pt_kernel pt_k_aten_softmax_out = {"aten::_softmax.out", softmax_bind, softmax_run, NULL};
const pt_kernel pt_k_aten_log_softmax_out = {"aten::_log_softmax.out", log_softmax_bind, softmax_run, NULL};
