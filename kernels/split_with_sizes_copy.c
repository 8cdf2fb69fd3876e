/* aten::split_with_sizes_copy.out [self, split_sizes, dim, out[], out[]]: consecutive
 * pieces of self along dim, one per out tensor (any dim_orders, same dtype). */
#include "tensor_list.h"

static pt_status split_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0);
  uint32_t dim = KU_STATE(call)[0], n = ctx->values[call->args[3]].u.list.len;
  uint32_t si[PT_MAX_RANK], so[PT_MAX_RANK], at = 0;
  size_t es = ku_elem_size(in->dtype);
  ku_strides(in, si);
  for (uint32_t k = 0; k < n; k++) {
    pt_tensor *t = ctx->values[tl_item(ctx, call, 3, k)].u.t;
    ku_strides(t, so);
    ku_strided_copy(t->data, t->dtype, so, (const uint8_t *)in->data + (size_t)at * si[dim] * es,
                    in->dtype, si, t->sizes, t->rank);
    at += (uint32_t)t->sizes[dim];
  }
  return PT_OK;
}

static pt_status split_bind(pt_bind *b) {
  const pt_tensor *in;
  int64_t dim_arg;
  uint32_t n, nsplit, dim;
  pt_status s;
  if ((s = ku_nargs(b, 5)) || (s = ku_tensor(b, 0, "self", &in)) ||
      (s = ku_int_list_len(b, 1, "split_sizes", &nsplit)) ||
      (s = ku_int(b, 2, "dim", &dim_arg)) || (s = tl_check(b, 3, "out", &n)))
    return s;
  if (in->rank == 0)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: self must have at least one dim", b->op_name);
  if ((s = ku_dim(b, dim_arg, in->rank, "dim", &dim))) return s;
  if (!ku_dtype_known(in->dtype))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: dtype %s is not supported", b->op_name,
                   pt_dtype_name(in->dtype));
  if (n != nsplit)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %u split sizes but %u out tensors",
                   b->op_name, (unsigned)nsplit, (unsigned)n);
  int64_t total = 0;
  for (uint32_t k = 0; k < n; k++) {
    const pt_tensor *t = tl_bind_item(b, 3, k);
    int64_t split = ku_int_list_at(b, 1, k);
    if (split < 0 || split > in->sizes[dim])
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: split size %lld is invalid",
                     b->op_name, (long long)split);
    int32_t sizes[PT_MAX_RANK];
    for (uint32_t d = 0; d < in->rank; d++) sizes[d] = in->sizes[d];
    sizes[dim] = (int32_t)split;
    if ((s = ku_same_dtype(b, in, "self", t, "out")) || (s = ku_out_shape(b, t, sizes, in->rank)))
      return s;
    total += split;
  }
  if (total != in->sizes[dim])
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: split sizes sum to %lld, dim %u has %d",
                   b->op_name, (long long)total, (unsigned)dim, (int)in->sizes[dim]);
  KU_STATE4(b)[0] = dim;
  return PT_OK;
}

const pt_kernel pt_k_aten_split_with_sizes_copy_out = {"aten::split_with_sizes_copy.out", split_bind, split_run, NULL};
