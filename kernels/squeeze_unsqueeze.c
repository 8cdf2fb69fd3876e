/* aten::unsqueeze_copy.out [self, dim, out, out], aten::squeeze_copy.dims_out [self, dims,
 * out, out] and aten::squeeze_copy.dim_out [self, dim, out, out]: the same elements in the
 * same order under a new shape (self and out contiguous), so the run is a byte copy. */
#include <string.h>

#include "kernel_util.h"

static pt_status reshape_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0);
  pt_tensor *out = KU_T(ctx, call, 2);
  if (out->data != in->data) memcpy(out->data, in->data, pt_tensor_nbytes(in));
  return PT_OK;
}

static pt_status reshape_common(pt_bind *b, const pt_tensor **in, const pt_tensor **out) {
  pt_status s;
  if ((s = ku_nargs(b, 4)) || (s = ku_tensor(b, 0, "self", in)) || (s = ku_out(b, 2, out)) ||
      (s = ku_same_dtype(b, *in, "self", *out, "out")) || (s = ku_contiguous(b, *in, "self")) ||
      (s = ku_contiguous(b, *out, "out")))
    return s;
  return PT_OK;
}

static pt_status unsqueeze_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  int64_t dim_arg;
  uint32_t dim;
  pt_status s;
  if ((s = reshape_common(b, &in, &out)) || (s = ku_int(b, 1, "dim", &dim_arg))) return s;
  if (in->rank >= PT_MAX_RANK)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: self already has the maximum rank", b->op_name);
  if ((s = ku_dim(b, dim_arg, in->rank + 1u, "dim", &dim))) return s;
  int32_t sizes[PT_MAX_RANK];
  for (uint32_t d = 0, k = 0; d <= in->rank; d++) sizes[d] = d == dim ? 1 : in->sizes[k++];
  return ku_out_shape(b, out, sizes, in->rank + 1u);
}

/* Removes the size-1 dims in mask (dims of another size stay, as torch does). */
static pt_status squeeze_mask(pt_bind *b, const pt_tensor *in, const pt_tensor *out, uint32_t mask) {
  int32_t sizes[PT_MAX_RANK];
  uint32_t r = 0;
  for (uint32_t d = 0; d < in->rank; d++)
    if (!((mask >> d) & 1u) || in->sizes[d] != 1) sizes[r++] = in->sizes[d];
  return ku_out_shape(b, out, sizes, r);
}

static pt_status squeeze_dims_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  int32_t dims[PT_MAX_RANK];
  uint32_t n, mask = 0;
  pt_status s;
  if ((s = reshape_common(b, &in, &out)) || (s = ku_int_list_i32(b, 1, "dims", dims, PT_MAX_RANK, &n)))
    return s;
  for (uint32_t k = 0; k < n; k++) {
    uint32_t d;
    if ((s = ku_dim(b, dims[k], in->rank, "dim", &d))) return s;
    if (in->rank) mask |= 1u << d;
  }
  return squeeze_mask(b, in, out, mask);
}

static pt_status squeeze_dim_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  int64_t dim_arg;
  uint32_t d;
  pt_status s;
  if ((s = reshape_common(b, &in, &out)) || (s = ku_int(b, 1, "dim", &dim_arg)) ||
      (s = ku_dim(b, dim_arg, in->rank, "dim", &d)))
    return s;
  return squeeze_mask(b, in, out, in->rank ? 1u << d : 0u);
}

const pt_kernel pt_k_aten_unsqueeze_copy_out = {"aten::unsqueeze_copy.out", unsqueeze_bind, reshape_run, NULL};
const pt_kernel pt_k_aten_squeeze_copy_dims_out = {"aten::squeeze_copy.dims_out", squeeze_dims_bind, reshape_run, NULL};
const pt_kernel pt_k_aten_squeeze_copy_dim_out = {"aten::squeeze_copy.dim_out", squeeze_dim_bind, reshape_run, NULL};
