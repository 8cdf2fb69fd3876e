/* Float32 unary maps: aten::{sigmoid,tanh,exp,sqrt,rsqrt,abs,neg,gelu}.out, each as
 * ExecuTorch's portable kernel computes it in float. One file: they share one bind. */
#include <math.h>
#include <string.h>

#include "kernel_util.h"

/* [self, (extra,) out, out]: float32, same shape and dim_order. */
static pt_status unary_bind(pt_bind *b, uint32_t nargs) {
  const pt_tensor *in, *out;
  pt_status s;
  if ((s = ku_nargs(b, nargs)) || (s = ku_tensor(b, 0, "self", &in)) ||
      (s = ku_out(b, nargs - 2, &out)) || (s = ku_dtype_is(b, in, "self", PT_F32)) ||
      (s = ku_dtype_is(b, out, "out", PT_F32)) || (s = ku_out_shape(b, out, in->sizes, in->rank)))
    return s;
  if (in->numel > 1 && !ku_same_dim_order(in, out))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: self and out must share one dim_order",
                   b->op_name);
  return PT_OK;
}

#define UNARY(name, EXPR)                                                        \
  static pt_status name##_run(const pt_ctx *ctx, const pt_call *call) {           \
    const pt_tensor *in = KU_T(ctx, call, 0);                                 \
    const float *px = (const float *)in->data;                                   \
    float *py = (float *)KU_T(ctx, call, call->nargs - 1)->data;              \
    for (uint32_t i = 0, n = in->numel; i < n; i++) {                            \
      float x = px[i];                                                           \
      py[i] = (EXPR);                                                            \
    }                                                                            \
    return PT_OK;                                                                \
  }                                                                              \
  static pt_status name##_bind(pt_bind *b) { return unary_bind(b, 3); }          \
  const pt_kernel pt_k_aten_##name##_out = {"aten::" #name ".out", name##_bind, name##_run, NULL};

UNARY(sigmoid, 1.0f / (1.0f + expf(-x)))
UNARY(tanh, tanhf(x))
UNARY(exp, expf(x))
UNARY(sqrt, sqrtf(x))
UNARY(rsqrt, 1.0f / sqrtf(x))
UNARY(abs, fabsf(x))
UNARY(neg, -x)

/* gelu [self, approximate ("none" | "tanh"), out, out] */
static pt_status gelu_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0);
  const float *px = (const float *)in->data;
  float *py = (float *)KU_T(ctx, call, 3)->data;
  if (KU_STATE(call)[0]) {
    const float beta = (float)(1.41421356237309504880 * 1.12837916709551257390 * 0.5);
    const float kappa = 0.044715f;
    for (uint32_t i = 0; i < in->numel; i++) {
      float x = px[i];
      float inner = beta * (x + kappa * (x * x * x));
      py[i] = 0.5f * x * (1.0f + tanhf(inner));
    }
  } else {
    for (uint32_t i = 0; i < in->numel; i++) {
      float x = px[i];
      py[i] = (float)(0.5 * x * (1.0 + erf(x * 0.70710678118654752440)));
    }
  }
  return PT_OK;
}

static pt_status gelu_bind(pt_bind *b) {
  pt_status s = unary_bind(b, 4);
  if (s) return s;
  const pt_value *a = KU_ARG(b, 1);
  if (a->tag != PT_TAG_STRING)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: approximate must be a String", b->op_name);
  const char *str = (const char *)a->u.list.items;
  uint32_t len = a->u.list.len;
  if (len == 4 && memcmp(str, "none", 4) == 0) KU_STATE4(b)[0] = 0;
  else if (len == 4 && memcmp(str, "tanh", 4) == 0) KU_STATE4(b)[0] = 1;
  else
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: approximate \"%.*s\" is not none or tanh",
                   b->op_name, (int)(len > 32 ? 32 : len), str);
  return PT_OK;
}

const pt_kernel pt_k_aten_gelu_out = {"aten::gelu.out", gelu_bind, gelu_run, NULL};
