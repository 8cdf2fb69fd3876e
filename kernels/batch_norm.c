/* aten::_native_batch_norm_legit_no_training.out [input, weight?, bias?, running_mean,
 * running_var, momentum, eps, out, mean_out, invstd_out, (out, mean_out, invstd_out)]:
 * float32, channels on dim 1; out = (x - mean) * invstd * weight + bias with
 * invstd = 1 / sqrt(var + eps) computed in double, as ExecuTorch does. */
#include <math.h>
#include <string.h>

#include "kernel_util.h"

static pt_status bn_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0);
  const pt_value *vw = &ctx->values[call->args[1]], *vb = &ctx->values[call->args[2]];
  const float *w = vw->tag == PT_TAG_TENSOR ? (const float *)vw->u.t->data : NULL;
  const float *bias = vb->tag == PT_TAG_TENSOR ? (const float *)vb->u.t->data : NULL;
  const float *mean = (const float *)KU_T(ctx, call, 3)->data;
  const float *var = (const float *)KU_T(ctx, call, 4)->data;
  const float *x = (const float *)in->data;
  float *y = (float *)KU_T(ctx, call, 7)->data;
  double eps;
  memcpy(&eps, &KU_STATE(call)[0], sizeof eps);
  uint32_t outer = KU_STATE(call)[2], c = KU_STATE(call)[3];
  uint32_t inner = c && outer ? in->numel / (outer * c) : 0;
  for (uint32_t o = 0; o < outer; o++) {
    for (uint32_t ch = 0; ch < c; ch++) {
      float invstd = (float)(1.0 / sqrt((double)var[ch] + eps));
      float m = mean[ch], wv = w ? w[ch] : 1.0f, bv = bias ? bias[ch] : 0.0f;
      for (uint32_t i = 0; i < inner; i++, x++, y++) *y = (*x - m) * invstd * wv + bv;
    }
  }
  return PT_OK;
}

static pt_status vec_c(pt_bind *b, uint32_t i, const char *what, int32_t c, bool optional) {
  const pt_tensor *t;
  pt_status s;
  if (optional && ku_is_none(b, i)) return PT_OK;
  if ((s = ku_tensor(b, i, what, &t)) || (s = ku_dtype_is(b, t, what, PT_F32))) return s;
  if (t->rank != 1 || t->sizes[0] != c)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s must have shape [%d]", b->op_name, what,
                   (int)c);
  return PT_OK;
}

static pt_status bn_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  ku_scalar mom, eps;
  pt_status s;
  if ((s = ku_nargs(b, 11)) || (s = ku_tensor(b, 0, "input", &in)) ||
      (s = ku_tensor(b, 7, "out", &out)) || (s = ku_dtype_is(b, in, "input", PT_F32)) ||
      (s = ku_dtype_is(b, out, "out", PT_F32)) || (s = ku_out_shape(b, out, in->sizes, in->rank)) ||
      (s = ku_contiguous(b, in, "input")) || (s = ku_contiguous(b, out, "out")) ||
      (s = ku_scalar_arg(b, 5, "momentum", &mom)) || (s = ku_scalar_arg(b, 6, "eps", &eps)))
    return s;
  if (in->rank < 2)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: input must have a channel dim (rank >= 2)",
                   b->op_name);
  int32_t c = in->sizes[1];
  if ((s = vec_c(b, 1, "weight", c, true)) || (s = vec_c(b, 2, "bias", c, true)) ||
      (s = vec_c(b, 3, "running_mean", c, false)) || (s = vec_c(b, 4, "running_var", c, false)))
    return s;
  const pt_value *ret = KU_ARG(b, 10);
  if (ret->tag != PT_TAG_TENSOR_LIST || ret->u.list.len != 3)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: the return value must be a list of 3 tensors",
                   b->op_name);
  memcpy(&KU_STATE4(b)[0], &eps.d, sizeof eps.d);
  KU_STATE4(b)[2] = (uint32_t)in->sizes[0];
  KU_STATE4(b)[3] = (uint32_t)c;
  return PT_OK;
}

const pt_kernel pt_k_aten_native_batch_norm_legit_no_training_out = {
    "aten::_native_batch_norm_legit_no_training.out", bn_bind, bn_run, NULL};
