/* aten::bitwise_{and,or,xor}.Tensor_out (integer and bool operands, broadcast, in the
 * promoted type) and aten::logical_not.out (any dtype in, 1/0 in out's dtype). */
#include "elementwise.h"

enum { BIT_AND, BIT_OR, BIT_XOR };

static pt_status bitwise_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in[2] = {KU_T(ctx, call, 0), KU_T(ctx, call, 1)};
  const pt_tensor *out = KU_T(ctx, call, 3);
  int common = (int)KU_STATE(call)[1];
  ew_iter it;
  ew_begin(&it, out, in, 2);
  for (uint32_t i = 0; i < out->numel; i++, ew_next(&it)) {
    uint64_t x = (uint64_t)ku_load(in[0]->data, in[0]->dtype, ew_at(&it, 0, i)).i;
    uint64_t y = (uint64_t)ku_load(in[1]->data, in[1]->dtype, ew_at(&it, 1, i)).i;
    uint64_t r = KU_STATE(call)[0] == BIT_AND ? x & y : KU_STATE(call)[0] == BIT_OR ? x | y : x ^ y;
    ku_store(out->data, out->dtype, i, ku_convert((ku_num){false, (int64_t)r, 0.0}, common));
  }
  return PT_OK;
}

static pt_status bitwise_bind(pt_bind *b, uint32_t op) {
  const pt_tensor *in[2], *out;
  pt_status s;
  if ((s = ew_bind_binary(b, in, &out, false))) return s;
  for (int k = 0; k < 2; k++)
    if (!ku_is_int(in[k]->dtype) && in[k]->dtype != PT_BOOL)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s must be an integer or bool tensor",
                     b->op_name, k ? "other" : "self");
  int common = ku_promote(in[0]->dtype, in[1]->dtype);
  if ((s = ew_check_result_type(b, common, out)) || (s = ew_check_binary_shapes(b, in, out))) return s;
  KU_STATE4(b)[0] = op;
  KU_STATE4(b)[1] = (uint32_t)common;
  return PT_OK;
}

static pt_status and_bind(pt_bind *b) { return bitwise_bind(b, BIT_AND); }
static pt_status or_bind(pt_bind *b) { return bitwise_bind(b, BIT_OR); }
static pt_status xor_bind(pt_bind *b) { return bitwise_bind(b, BIT_XOR); }

const pt_kernel pt_k_aten_bitwise_and_Tensor_out = {"aten::bitwise_and.Tensor_out", and_bind, bitwise_run, NULL};
const pt_kernel pt_k_aten_bitwise_or_Tensor_out = {"aten::bitwise_or.Tensor_out", or_bind, bitwise_run, NULL};
const pt_kernel pt_k_aten_bitwise_xor_Tensor_out = {"aten::bitwise_xor.Tensor_out", xor_bind, bitwise_run, NULL};

static pt_status logical_not_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0), *out = KU_T(ctx, call, 2);
  for (uint32_t i = 0; i < out->numel; i++) {
    ku_num x = ku_load(in->data, in->dtype, i);
    bool zero = x.is_float ? x.d == 0.0 : x.i == 0;
    ku_store(out->data, out->dtype, i, (ku_num){false, zero, 0.0});
  }
  return PT_OK;
}

static pt_status logical_not_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  pt_status s;
  if ((s = ku_nargs(b, 3)) || (s = ku_tensor(b, 0, "self", &in)) || (s = ku_out(b, 1, &out)) ||
      (s = ew_check_dtype(b, in, "self")) || (s = ew_check_dtype(b, out, "out")) ||
      (s = ku_out_shape(b, out, in->sizes, in->rank)))
    return s;
  if (in->numel > 1 && !ku_same_dim_order(in, out))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: self and out must share one dim_order",
                   b->op_name);
  return PT_OK;
}

const pt_kernel pt_k_aten_logical_not_out = {"aten::logical_not.out", logical_not_bind, logical_not_run, NULL};
