/* aten::permute_copy.out: out[i_0..] = self[i permuted by dims]; any known dtype. */
#include "kernel_util.h"

static pt_status permute_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0);
  pt_tensor *out = KU_T(ctx, call, 2);
  uint32_t sin[PT_MAX_RANK], sperm[PT_MAX_RANK], sout[PT_MAX_RANK];
  ku_strides(in, sin);
  ku_strides(out, sout);
  for (uint32_t d = 0; d < out->rank; d++)
    sperm[d] = sin[(KU_STATE(call)[d / 8] >> (d % 8 * 4)) & 0xfu];
  ku_strided_copy(out->data, out->dtype, sout, in->data, in->dtype, sperm, out->sizes, out->rank);
  return PT_OK;
}

static pt_status permute_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  int32_t dims[PT_MAX_RANK];
  uint32_t n, seen = 0;
  int32_t sizes[PT_MAX_RANK];
  pt_status s;
  KU_STATE4(b)[0] = KU_STATE4(b)[1] = 0;
  if ((s = ku_nargs(b, 4)) || (s = ku_tensor(b, 0, "self", &in)) ||
      (s = ku_int_list_i32(b, 1, "dims", dims, PT_MAX_RANK, &n)) || (s = ku_out(b, 2, &out)) ||
      (s = ku_same_dtype(b, in, "self", out, "out")))
    return s;
  if (!ku_dtype_known(in->dtype))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: dtype %s is not supported", b->op_name,
                   pt_dtype_name(in->dtype));
  if (n != in->rank)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: dims has %u entries for a %u-D self",
                   b->op_name, (unsigned)n, (unsigned)in->rank);
  for (uint32_t d = 0; d < n; d++) {
    uint32_t k;
    if ((s = ku_dim(b, dims[d], in->rank, "dim", &k))) return s;
    if (seen & (1u << k))
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: dim %u repeats in dims", b->op_name,
                     (unsigned)k);
    seen |= 1u << k;
    sizes[d] = in->sizes[k];
    KU_STATE4(b)[d / 8] |= k << (d % 8 * 4); /* the permutation, 4 bits a dim */
  }
  if ((s = ku_out_shape(b, out, sizes, n))) return s;
  if (!ku_same_dim_order(in, out))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: self and out must share one dim_order",
                   b->op_name);
  return PT_OK;
}

const pt_kernel pt_k_aten_permute_copy_out = {"aten::permute_copy.out", permute_bind, permute_run, NULL};
