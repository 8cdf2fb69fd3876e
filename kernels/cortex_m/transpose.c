/* cortex_m::transpose.out [input, perm[], out, out]: out = input.permute(perm), laid out in
 * out's dim_order (the reference returns it contiguous). Any element size. */
#include "cm_util.h"

static pt_status transpose_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  int64_t perm[PT_MAX_RANK];
  uint32_t n;
  pt_status s;
  if ((s = cm_nargs(b, 4, "input, perm[]")) || (s = ku_tensor(b, 0, "input", &in)) ||
      (s = ku_out(b, 2, &out)) || (s = ku_int_list(b, 1, "perm", perm, PT_MAX_RANK, &n)) ||
      (s = ku_same_dtype(b, in, "input", out, "out")))
    return s;
  if (n != in->rank || out->rank != in->rank || ku_elem_size(in->dtype) == 0)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: perm must have %u items", b->op_name,
                   (unsigned)in->rank);
  uint32_t seen = 0;
  for (uint32_t d = 0; d < n; d++) {
    if (perm[d] < 0 || perm[d] >= (int64_t)n || (seen >> perm[d] & 1u))
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: perm is not a permutation of 0..%u",
                     b->op_name, (unsigned)(n - 1));
    seen |= 1u << perm[d];
    if (out->sizes[d] != in->sizes[perm[d]])
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: out dim %u must be input dim %u (%d)",
                     b->op_name, (unsigned)d, (unsigned)perm[d], (int)in->sizes[perm[d]]);
  }
  return PT_OK;
}

static pt_status transpose_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0), *out = KU_T(ctx, call, 2);
  uint32_t si[PT_MAX_RANK], sp[PT_MAX_RANK], so[PT_MAX_RANK];
  ku_strides(in, si);
  ku_strides(out, so);
  for (uint32_t d = 0; d < in->rank; d++) sp[d] = si[cm_list_item(ctx, call, 1, d)];
  ku_strided_copy(out->data, out->dtype, so, in->data, in->dtype, sp, out->sizes, out->rank);
  return PT_OK;
}

const pt_kernel pt_k_cortex_m_transpose_out = {"cortex_m::transpose.out", transpose_bind,
                                               transpose_run, NULL};
