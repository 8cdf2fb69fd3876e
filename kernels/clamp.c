/* aten::clamp.out [self, min?, max?, out, out] and aten::hardtanh.out [self, min, max,
 * out, out], float32. NaN inputs stay NaN. */
#include <string.h>

#include "kernel_util.h"

/* state: min bits, max bits, has_min, has_max */
static pt_status clamp_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0);
  const float *x = (const float *)in->data;
  float *y = (float *)KU_T(ctx, call, 3)->data;
  float lo, hi;
  memcpy(&lo, &KU_STATE(call)[0], sizeof lo);
  memcpy(&hi, &KU_STATE(call)[1], sizeof hi);
  bool has_lo = KU_STATE(call)[2] != 0, has_hi = KU_STATE(call)[3] != 0;
  for (uint32_t i = 0; i < in->numel; i++) {
    float v = x[i];
    if (has_lo && v < lo) v = lo;
    if (has_hi && v > hi) v = hi;
    y[i] = v;
  }
  return PT_OK;
}

static pt_status bound(pt_bind *b, uint32_t i, const char *what, bool optional,
                       uint32_t *bits, uint32_t *has) {
  ku_scalar s;
  pt_status st;
  *has = 0;
  if (optional && ku_is_none(b, i)) return PT_OK;
  if ((st = ku_scalar_arg(b, i, what, &s))) return st;
  float f = (float)s.d;
  memcpy(bits, &f, sizeof f);
  *has = 1;
  return PT_OK;
}

static pt_status clamp_common(pt_bind *b, bool optional) {
  const pt_tensor *in, *out;
  pt_status s;
  if ((s = ku_nargs(b, 5)) || (s = ku_tensor(b, 0, "self", &in)) || (s = ku_out(b, 3, &out)) ||
      (s = ku_dtype_is(b, in, "self", PT_F32)) || (s = ku_dtype_is(b, out, "out", PT_F32)) ||
      (s = ku_out_shape(b, out, in->sizes, in->rank)) ||
      (s = bound(b, 1, "min", optional, &KU_STATE4(b)[0], &KU_STATE4(b)[2])) ||
      (s = bound(b, 2, "max", optional, &KU_STATE4(b)[1], &KU_STATE4(b)[3])))
    return s;
  if (in->numel > 1 && !ku_same_dim_order(in, out))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: self and out must share one dim_order",
                   b->op_name);
  if (optional && !KU_STATE4(b)[2] && !KU_STATE4(b)[3])
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: at least one of min and max is needed",
                   b->op_name);
  return PT_OK;
}

static pt_status clamp_bind(pt_bind *b) { return clamp_common(b, true); }
static pt_status hardtanh_bind(pt_bind *b) { return clamp_common(b, false); }

const pt_kernel pt_k_aten_clamp_out = {"aten::clamp.out", clamp_bind, clamp_run, NULL};
const pt_kernel pt_k_aten_hardtanh_out = {"aten::hardtanh.out", hardtanh_bind, clamp_run, NULL};
