/* aten::maximum.out and aten::minimum.out [self, other, out, out]: element-wise, with
 * broadcasting, in the promoted type; a NaN in either operand gives NaN (torch). */
#include "elementwise.h"

static pt_status minmax_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in[2] = {KU_T(ctx, call, 0), KU_T(ctx, call, 1)};
  const pt_tensor *out = KU_T(ctx, call, 3);
  int common = (int)KU_STATE(call)[1];
  bool is_max = KU_STATE(call)[0] != 0;
  ew_iter it;
  ew_begin(&it, out, in, 2);
  for (uint32_t i = 0; i < out->numel; i++, ew_next(&it)) {
    ku_num x = ku_convert(ku_load(in[0]->data, in[0]->dtype, ew_at(&it, 0, i)), common);
    ku_num y = ku_convert(ku_load(in[1]->data, in[1]->dtype, ew_at(&it, 1, i)), common);
    ku_num r = x;
    if (x.is_float) {
      if (x.d != x.d) r = x;
      else if (y.d != y.d) r = y;
      else r = (is_max ? y.d > x.d : y.d < x.d) ? y : x;
    } else {
      r = (is_max ? y.i > x.i : y.i < x.i) ? y : x;
    }
    ku_store(out->data, out->dtype, i, r);
  }
  return PT_OK;
}

static pt_status minmax_bind(pt_bind *b, uint32_t is_max) {
  const pt_tensor *in[2], *out;
  pt_status s;
  if ((s = ew_bind_binary(b, in, &out, true))) return s;
  int common = ku_promote(in[0]->dtype, in[1]->dtype);
  if ((s = ew_check_result_type(b, common, out)) || (s = ew_check_binary_shapes(b, in, out))) return s;
  KU_STATE4(b)[0] = is_max;
  KU_STATE4(b)[1] = (uint32_t)common;
  return PT_OK;
}

static pt_status maximum_bind(pt_bind *b) { return minmax_bind(b, 1); }
static pt_status minimum_bind(pt_bind *b) { return minmax_bind(b, 0); }

const pt_kernel pt_k_aten_maximum_out = {"aten::maximum.out", maximum_bind, minmax_run, NULL};
const pt_kernel pt_k_aten_minimum_out = {"aten::minimum.out", minimum_bind, minmax_run, NULL};
