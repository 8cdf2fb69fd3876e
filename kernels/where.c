/* aten::where.self_out [condition, self, other, out, out]: out = condition ? self : other,
 * the three broadcast together; out has the promoted type of self and other. */
#include "elementwise.h"

static pt_status where_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in[3] = {KU_T(ctx, call, 0), KU_T(ctx, call, 1), KU_T(ctx, call, 2)};
  const pt_tensor *out = KU_T(ctx, call, 3);
  ew_iter it;
  ew_begin(&it, out, in, 3);
  for (uint32_t i = 0; i < out->numel; i++, ew_next(&it)) {
    ku_num c = ku_load(in[0]->data, in[0]->dtype, ew_at(&it, 0, i));
    uint32_t k = c.i ? 1 : 2;
    ku_store(out->data, out->dtype, i, ku_load(in[k]->data, in[k]->dtype, ew_at(&it, k, i)));
  }
  return PT_OK;
}

static pt_status where_bind(pt_bind *b) {
  const pt_tensor *in[3], *out;
  static const char *const names[3] = {"condition", "self", "other"};
  pt_status s;
  if ((s = ku_nargs(b, 5)) || (s = ku_tensor(b, 0, "condition", &in[0])) ||
      (s = ku_tensor(b, 1, "self", &in[1])) || (s = ku_tensor(b, 2, "other", &in[2])) ||
      (s = ku_out(b, 3, &out)) || (s = ew_check_dtype(b, in[1], "self")) ||
      (s = ew_check_dtype(b, in[2], "other")))
    return s;
  if (in[0]->dtype != PT_BOOL && in[0]->dtype != PT_U8)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: condition must be bool or uint8",
                   b->op_name);
  int common = ku_promote(in[1]->dtype, in[2]->dtype);
  if (out->dtype != common)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: out has dtype %s, the promoted type of self and other is %s", b->op_name,
                   pt_dtype_name(out->dtype), pt_dtype_name(common));
  return ew_check_shapes(b, in, names, 3, out);
}

const pt_kernel pt_k_aten_where_self_out = {"aten::where.self_out", where_bind, where_run, NULL};
