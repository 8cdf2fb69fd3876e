/* aten::div.out [self, other, out, out]: true division with broadcasting. ExecuTorch
 * divides in a floating type: the promoted type when both operands are floating, the
 * floating operand's type when one is, float32 when neither is. */
#include "elementwise.h"

static pt_status div_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in[2] = {KU_T(ctx, call, 0), KU_T(ctx, call, 1)};
  const pt_tensor *out = KU_T(ctx, call, 3);
  bool f64 = KU_STATE(call)[0] == PT_F64;
  ew_iter it;
  ew_begin(&it, out, in, 2);
  for (uint32_t i = 0; i < out->numel; i++, ew_next(&it)) {
    ku_num x = ku_load(in[0]->data, in[0]->dtype, ew_at(&it, 0, i));
    ku_num y = ku_load(in[1]->data, in[1]->dtype, ew_at(&it, 1, i));
    ku_num r = {true, 0, 0.0};
    if (f64) {
      r.d = (x.is_float ? x.d : (double)x.i) / (y.is_float ? y.d : (double)y.i);
    } else {
      float a = x.is_float ? (float)x.d : (float)x.i, c = y.is_float ? (float)y.d : (float)y.i;
      r.d = a / c;
    }
    ku_store(out->data, out->dtype, i, r);
  }
  return PT_OK;
}

static pt_status div_bind(pt_bind *b) {
  const pt_tensor *in[2], *out;
  pt_status s;
  if ((s = ew_bind_binary(b, in, &out, true))) return s;
  int ta = in[0]->dtype, tb = in[1]->dtype, common = PT_F32;
  if (ku_is_float(ta) && ku_is_float(tb)) common = ku_promote(ta, tb);
  else if (ku_is_float(ta)) common = ta;
  else if (ku_is_float(tb)) common = tb;
  if (!ku_is_float(out->dtype))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: out must be floating-point (the quotient is)",
                   b->op_name);
  if ((s = ew_check_binary_shapes(b, in, out))) return s;
  KU_STATE4(b)[0] = (uint32_t)common;
  return PT_OK;
}

const pt_kernel pt_k_aten_div_out = {"aten::div.out", div_bind, div_run, NULL};
