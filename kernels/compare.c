/* aten::{eq,ne,lt,le,gt,ge}.{Scalar_out,Tensor_out}: compare in the promoted type (the
 * operands are converted to it first, as ExecuTorch does), store 1/0 in out's dtype. */
#include "elementwise.h"

enum { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE };

static bool cmp_f(int op, double a, double b) {
  switch (op) {
    case CMP_EQ: return a == b;
    case CMP_NE: return a != b;
    case CMP_LT: return a < b;
    case CMP_LE: return a <= b;
    case CMP_GT: return a > b;
    default: return a >= b;
  }
}

static bool cmp_i(int op, int64_t a, int64_t b) {
  switch (op) {
    case CMP_EQ: return a == b;
    case CMP_NE: return a != b;
    case CMP_LT: return a < b;
    case CMP_LE: return a <= b;
    case CMP_GT: return a > b;
    default: return a >= b;
  }
}

/* state[0]: comparison, state[1]: common dtype, state[2]: other is a Scalar */
static pt_status cmp_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_value *vb = &ctx->values[call->args[1]];
  bool scalar = KU_STATE(call)[2] != 0;
  const pt_tensor *in[2] = {KU_T(ctx, call, 0), scalar ? KU_T(ctx, call, 0) : vb->u.t};
  const pt_tensor *out = KU_T(ctx, call, 3);
  int op = (int)KU_STATE(call)[0], common = (int)KU_STATE(call)[1];
  ku_num ys = scalar ? ku_convert(ew_scalar_num(vb), common) : (ku_num){false, 0, 0.0};
  ew_iter it;
  ew_begin(&it, out, in, scalar ? 1 : 2);
  for (uint32_t i = 0; i < out->numel; i++, ew_next(&it)) {
    ku_num x = ku_convert(ku_load(in[0]->data, in[0]->dtype, ew_at(&it, 0, i)), common);
    ku_num y = scalar ? ys : ku_convert(ku_load(in[1]->data, in[1]->dtype, ew_at(&it, 1, i)), common);
    bool r = ku_is_float(common) ? cmp_f(op, x.d, y.d) : cmp_i(op, x.i, y.i);
    ku_store(out->data, out->dtype, i, (ku_num){false, r, 0.0});
  }
  return PT_OK;
}

static pt_status cmp_bind(pt_bind *b, int op, bool scalar) {
  const pt_tensor *in[2] = {NULL, NULL}, *out;
  static const char *const names[2] = {"self", "other"};
  ku_scalar sv;
  pt_status s;
  if ((s = ku_nargs(b, 4)) || (s = ku_tensor(b, 0, "self", &in[0])) || (s = ku_out(b, 2, &out)) ||
      (s = ew_check_dtype(b, in[0], "self")) || (s = ew_check_dtype(b, out, "out")))
    return s;
  int common;
  if (scalar) {
    if ((s = ku_scalar_arg(b, 1, "other", &sv))) return s;
    common = ku_promote_scalar(in[0]->dtype, &sv);
  } else {
    if ((s = ku_tensor(b, 1, "other", &in[1])) || (s = ew_check_dtype(b, in[1], "other"))) return s;
    common = ku_promote(in[0]->dtype, in[1]->dtype);
  }
  if ((s = ew_check_shapes(b, in, names, scalar ? 1 : 2, out))) return s;
  KU_STATE4(b)[0] = (uint32_t)op;
  KU_STATE4(b)[1] = (uint32_t)common;
  KU_STATE4(b)[2] = scalar;
  return PT_OK;
}

#define CMP_KERNELS(name, OP)                                                              \
  static pt_status name##_s_bind(pt_bind *b) { return cmp_bind(b, OP, true); }             \
  static pt_status name##_t_bind(pt_bind *b) { return cmp_bind(b, OP, false); }            \
  const pt_kernel pt_k_aten_##name##_Scalar_out = {"aten::" #name ".Scalar_out", name##_s_bind, cmp_run, NULL}; \
  const pt_kernel pt_k_aten_##name##_Tensor_out = {"aten::" #name ".Tensor_out", name##_t_bind, cmp_run, NULL};

CMP_KERNELS(eq, CMP_EQ)
CMP_KERNELS(ne, CMP_NE)
CMP_KERNELS(lt, CMP_LT)
CMP_KERNELS(le, CMP_LE)
CMP_KERNELS(gt, CMP_GT)
CMP_KERNELS(ge, CMP_GE)
