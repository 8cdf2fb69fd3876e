/* aten::slice_copy.Tensor_out [self, dim, start?, end?, step, out, out] and
 * aten::select_copy.int_out [self, dim, index, out, out]: strided reads of self (any
 * dim_order) into out. Start and end clamp to the dim as in torch; step must be > 0. */
#include "kernel_util.h"

/* state[0]: dim, state[1]: first element index along dim, state[2]: step (0 for select) */
static pt_status slice_select_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0);
  pt_tensor *out = KU_T(ctx, call, call->nargs - 1);
  uint32_t dim = KU_STATE(call)[0], si[PT_MAX_RANK], src[PT_MAX_RANK], so[PT_MAX_RANK];
  uint32_t r = 0;
  ku_strides(in, si);
  ku_strides(out, so);
  /* view out's dims in self's terms: the sliced dim steps, a selected dim disappears */
  for (uint32_t d = 0; d < in->rank; d++) {
    if (d == dim && KU_STATE(call)[2] == 0) continue;
    src[r++] = d == dim ? si[d] * KU_STATE(call)[2] : si[d];
  }
  const uint8_t *base = (const uint8_t *)in->data + (size_t)KU_STATE(call)[1] * si[dim] * ku_elem_size(in->dtype);
  ku_strided_copy(out->data, out->dtype, so, base, in->dtype, src, out->sizes, out->rank);
  return PT_OK;
}

static pt_status slice_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  int64_t dim_arg, start = 0, end = INT64_MAX, step;
  uint32_t dim;
  pt_status s;
  if ((s = ku_nargs(b, 7)) || (s = ku_tensor(b, 0, "self", &in)) ||
      (s = ku_int(b, 1, "dim", &dim_arg)) ||
      (!ku_is_none(b, 2) && (s = ku_int(b, 2, "start", &start))) ||
      (!ku_is_none(b, 3) && (s = ku_int(b, 3, "end", &end))) ||
      (s = ku_int(b, 4, "step", &step)) || (s = ku_out(b, 5, &out)) ||
      (s = ku_same_dtype(b, in, "self", out, "out")))
    return s;
  if (in->rank == 0)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: self must have at least one dim", b->op_name);
  if ((s = ku_dim(b, dim_arg, in->rank, "dim", &dim))) return s;
  if (step <= 0)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: step %lld must be positive", b->op_name,
                   (long long)step);
  if (!ku_dtype_known(in->dtype))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: dtype %s is not supported", b->op_name,
                   pt_dtype_name(in->dtype));
  int64_t n = in->sizes[dim];
  if (start < 0) start += n;
  if (end < 0) end += n;
  start = start < 0 ? 0 : start > n ? n : start;
  end = end < start ? start : end > n ? n : end;
  int32_t sizes[PT_MAX_RANK];
  for (uint32_t d = 0; d < in->rank; d++) sizes[d] = in->sizes[d];
  sizes[dim] = (int32_t)((end - start + step - 1) / step);
  if ((s = ku_out_shape(b, out, sizes, in->rank))) return s;
  KU_STATE4(b)[0] = dim;
  KU_STATE4(b)[1] = (uint32_t)start;
  KU_STATE4(b)[2] = (uint32_t)(step > (int64_t)UINT32_MAX ? UINT32_MAX : step);
  if (sizes[dim] <= 1) KU_STATE4(b)[2] = 1; /* one element: the step never applies */
  return PT_OK;
}

static pt_status select_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  int64_t dim_arg, index;
  uint32_t dim;
  pt_status s;
  if ((s = ku_nargs(b, 5)) || (s = ku_tensor(b, 0, "self", &in)) ||
      (s = ku_int(b, 1, "dim", &dim_arg)) || (s = ku_int(b, 2, "index", &index)) ||
      (s = ku_out(b, 3, &out)) || (s = ku_same_dtype(b, in, "self", out, "out")))
    return s;
  if (in->rank == 0)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: self must have at least one dim", b->op_name);
  if ((s = ku_dim(b, dim_arg, in->rank, "dim", &dim))) return s;
  if (!ku_dtype_known(in->dtype))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: dtype %s is not supported", b->op_name,
                   pt_dtype_name(in->dtype));
  int64_t n = in->sizes[dim];
  if (index < -n || index >= n)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: index %lld is out of range for size %lld",
                   b->op_name, (long long)index, (long long)n);
  int32_t sizes[PT_MAX_RANK];
  uint32_t r = 0;
  for (uint32_t d = 0; d < in->rank; d++)
    if (d != dim) sizes[r++] = in->sizes[d];
  if ((s = ku_out_shape(b, out, sizes, r))) return s;
  KU_STATE4(b)[0] = dim;
  KU_STATE4(b)[1] = (uint32_t)(index < 0 ? index + n : index);
  KU_STATE4(b)[2] = 0;
  return PT_OK;
}

const pt_kernel pt_k_aten_slice_copy_Tensor_out = {"aten::slice_copy.Tensor_out", slice_bind, slice_select_run, NULL};
const pt_kernel pt_k_aten_select_copy_int_out = {"aten::select_copy.int_out", select_bind, slice_select_run, NULL};
