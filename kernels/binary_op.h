/* The engine behind the arithmetic binary ops (add, sub, mul, ...): ExecuTorch's type
 * promotion, broadcasting and alpha, with a float32 fast path each op specialises. */
#ifndef PETITE_BINARY_OP_H
#define PETITE_BINARY_OP_H

#include "kernel_util.h"

/* The op in each compute domain. Integer ops get wrapping (unsigned) arithmetic. */
typedef struct ku_binary_fns {
  float (*f32)(float a, float b, float alpha);
  double (*f64)(double a, double b, double alpha);
  int64_t (*i64)(int64_t a, int64_t b, int64_t alpha);
  bool has_alpha;     /* the schema has an alpha argument */
  bool scalar_other;  /* .Scalar_out: `other` is a Scalar */
  bool no_bool;       /* bool inputs are rejected (sub) */
} ku_binary_fns;

/* Checks [self, other, (alpha,) out, out] and fills b->state; sets b->run to `fast`
 * when every tensor is float32 with one shared dim_order and no broadcasting beyond a
 * single-element operand. */
pt_status ku_binary_bind(pt_bind *b, const ku_binary_fns *fns, pt_kernel_fn fast);
/* The general path (any dtypes, broadcasting). */
pt_status ku_binary_run(const pt_ctx *ctx, const pt_call *call, const ku_binary_fns *fns);

/* state layout */
#define KU_BIN_FAST_SAME 0u   /* state[0] for the fast path: equal shapes */
#define KU_BIN_FAST_A1 1u     /* self has one element */
#define KU_BIN_FAST_B1 2u     /* other has one element (or is a Scalar) */

/* The float32 fast run for an op: EXPR over float a, b, alpha. */
#define KU_BINARY_FAST_F32(name, EXPR)                                              \
  static pt_status name(const pt_ctx *ctx, const pt_call *call) {                    \
    const pt_tensor *ta = KU_T(ctx, call, 0);                                    \
    const pt_tensor *to = KU_T(ctx, call, call->nargs - 1);                      \
    const float *pa = (const float *)ta->data;                                      \
    float *po = (float *)to->data;                                                  \
    float alpha;                                                                    \
    memcpy(&alpha, &KU_STATE(call)[1], sizeof alpha);                                  \
    uint32_t n = to->numel;                                                         \
    if (KU_STATE(call)[0] == KU_BIN_FAST_B1) {                                         \
      const pt_value *vb = &ctx->values[call->args[1]];                                  \
      float b = vb->tag == PT_TAG_TENSOR ? *(const float *)vb->u.t->data            \
                : vb->tag == PT_TAG_DOUBLE ? (float)vb->u.d                         \
                : vb->tag == PT_TAG_BOOL ? (float)vb->u.b : (float)vb->u.i;         \
      for (uint32_t i = 0; i < n; i++) { float a = pa[i]; po[i] = (EXPR); }         \
    } else {                                                                        \
      const float *pb = (const float *)KU_T(ctx, call, 1)->data;                 \
      if (KU_STATE(call)[0] == KU_BIN_FAST_A1) {                                       \
        float a = pa[0];                                                            \
        for (uint32_t i = 0; i < n; i++) { float b = pb[i]; po[i] = (EXPR); }       \
      } else {                                                                      \
        for (uint32_t i = 0; i < n; i++) { float a = pa[i], b = pb[i]; po[i] = (EXPR); } \
      }                                                                             \
    }                                                                               \
    (void)alpha;                                                                    \
    return PT_OK;                                                                   \
  }

#endif
