/* aten::cat.out [tensors, dim, out, out]: inputs laid end to end along dim, each converted
 * to out's dtype. As in ExecuTorch, 1-D empty tensors are skipped (legacy torch.cat). */
#include "tensor_list.h"

static bool skipped(const pt_tensor *t) { return t->rank == 1 && t->numel == 0; }

static pt_status cat_run(const pt_ctx *ctx, const pt_call *call) {
  pt_tensor *out = KU_T(ctx, call, 2);
  uint32_t dim = KU_STATE(call)[0], n = ctx->values[call->args[0]].u.list.len;
  uint32_t so[PT_MAX_RANK], si[PT_MAX_RANK], at = 0;
  size_t es = ku_elem_size(out->dtype);
  ku_strides(out, so);
  for (uint32_t k = 0; k < n; k++) {
    const pt_tensor *t = ctx->values[tl_item(ctx, call, 0, k)].u.t;
    if (skipped(t)) continue;
    ku_strides(t, si);
    ku_strided_copy((uint8_t *)out->data + (size_t)at * so[dim] * es, out->dtype, so, t->data,
                    t->dtype, si, t->sizes, t->rank);
    at += (uint32_t)t->sizes[dim];
  }
  return PT_OK;
}

static pt_status cat_bind(pt_bind *b) {
  const pt_tensor *out, *first = NULL;
  uint32_t n, dim = 0;
  int64_t dim_arg;
  pt_status s;
  if ((s = ku_nargs(b, 4)) || (s = tl_check(b, 0, "tensors", &n)) ||
      (s = ku_int(b, 1, "dim", &dim_arg)) || (s = ku_out(b, 2, &out)))
    return s;
  if (!ku_dtype_known(out->dtype))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: out dtype %s is not supported",
                   b->op_name, pt_dtype_name(out->dtype));
  int64_t total = 0;
  for (uint32_t k = 0; k < n; k++) {
    const pt_tensor *t = tl_bind_item(b, 0, k);
    if (!ku_dtype_known(t->dtype) || !ku_can_cast(t->dtype, out->dtype))
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                     "%s: tensor %u (%s) cannot be stored in out (%s)", b->op_name,
                     (unsigned)k, pt_dtype_name(t->dtype), pt_dtype_name(out->dtype));
    if (skipped(t)) continue;
    if (!first) {
      first = t;
      if (t->rank == 0)
        return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: zero-dimensional tensor %u cannot be concatenated",
                       b->op_name, (unsigned)k);
      if ((s = ku_dim(b, dim_arg, t->rank, "dim", &dim))) return s;
    }
    if (t->rank != first->rank)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: tensor %u has rank %u, tensor 0 has %u",
                     b->op_name, (unsigned)k, (unsigned)t->rank, (unsigned)first->rank);
    for (uint32_t d = 0; d < t->rank; d++)
      if (d != dim && t->sizes[d] != first->sizes[d])
        return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                       "%s: tensor %u has size %d in dim %u, expected %d", b->op_name,
                       (unsigned)k, (int)t->sizes[d], (unsigned)d, (int)first->sizes[d]);
    total += t->sizes[dim];
  }
  if (!first)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: no non-empty tensor to concatenate",
                   b->op_name);
  int32_t sizes[PT_MAX_RANK];
  for (uint32_t d = 0; d < first->rank; d++) sizes[d] = first->sizes[d];
  sizes[dim] = (int32_t)total;
  if ((s = ku_out_shape(b, out, sizes, first->rank))) return s;
  KU_STATE4(b)[0] = dim;
  return PT_OK;
}

const pt_kernel pt_k_aten_cat_out = {"aten::cat.out", cat_bind, cat_run, NULL};
