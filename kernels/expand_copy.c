/* aten::expand_copy.out [self, size, implicit, out, out]: self repeated along its size-1
 * dims and new leading dims; -1 keeps a dim. Any dim_order for self and out. */
#include "kernel_util.h"

static pt_status expand_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0);
  pt_tensor *out = KU_T(ctx, call, 3);
  uint32_t si[PT_MAX_RANK], so[PT_MAX_RANK], src[PT_MAX_RANK];
  uint32_t lead = (uint32_t)(out->rank - in->rank);
  ku_strides(in, si);
  ku_strides(out, so);
  for (uint32_t d = 0; d < out->rank; d++)
    src[d] = d < lead || in->sizes[d - lead] == 1 ? 0 : si[d - lead];
  ku_strided_copy(out->data, out->dtype, so, in->data, in->dtype, src, out->sizes, out->rank);
  return PT_OK;
}

static pt_status expand_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  int32_t size[PT_MAX_RANK];
  uint32_t n;
  pt_status s;
  if ((s = ku_nargs(b, 5)) || (s = ku_tensor(b, 0, "self", &in)) ||
      (s = ku_int_list_i32(b, 1, "size", size, PT_MAX_RANK, &n)) || (s = ku_out(b, 3, &out)) ||
      (s = ku_same_dtype(b, in, "self", out, "out")))
    return s;
  if (!ku_dtype_known(in->dtype))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: dtype %s is not supported", b->op_name,
                   pt_dtype_name(in->dtype));
  if (n < in->rank)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: size has %u dims, fewer than self's %u",
                   b->op_name, (unsigned)n, (unsigned)in->rank);
  int32_t sizes[PT_MAX_RANK];
  uint32_t lead = n - in->rank;
  for (uint32_t d = 0; d < n; d++) {
    int64_t have = d < lead ? -2 : in->sizes[d - lead];
    if (size[d] == -1 && have >= 0) sizes[d] = (int32_t)have;
    else if (size[d] >= 0 && size[d] <= INT32_MAX && (have == -2 || have == 1 || have == size[d]))
      sizes[d] = (int32_t)size[d];
    else
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                     "%s: cannot expand dim %u (size %lld) to %lld", b->op_name, (unsigned)d,
                     (long long)have, (long long)size[d]);
  }
  return ku_out_shape(b, out, sizes, n);
}

const pt_kernel pt_k_aten_expand_copy_out = {"aten::expand_copy.out", expand_bind, expand_run, NULL};
