/* aten::constant_pad_nd.out [self, pad, value, out, out]: pad = (before, after) pairs from
 * the last dim backwards; the border is `value`, the inside a copy of self. Negative
 * (cropping) pads are not supported. */
#include "fill.h"

/* state[0..1]: the value's bytes, state[2]: offset of self's first element in out */
static pt_status pad_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0);
  pt_tensor *out = KU_T(ctx, call, 3);
  uint32_t si[PT_MAX_RANK], so[PT_MAX_RANK];
  fill_run_value(out, call->state);
  ku_strides(in, si);
  ku_strides(out, so);
  ku_strided_copy((uint8_t *)out->data + (size_t)KU_STATE(call)[2] * ku_elem_size(out->dtype),
                  out->dtype, so, in->data, in->dtype, si, in->sizes, in->rank);
  return PT_OK;
}

static pt_status pad_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  uint32_t n;
  ku_scalar v;
  pt_status s;
  if ((s = ku_nargs(b, 5)) || (s = ku_tensor(b, 0, "self", &in)) ||
      (s = ku_int_list_len(b, 1, "pad", &n)) ||
      (s = ku_scalar_arg(b, 2, "value", &v)) || (s = ku_out(b, 3, &out)) ||
      (s = ku_same_dtype(b, in, "self", out, "out")))
    return s;
  if (n % 2 || n / 2 > in->rank)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: pad has %u values; it needs pairs, at most 2 per dim of self (rank %u)",
                   b->op_name, (unsigned)n, (unsigned)in->rank);
  int32_t sizes[PT_MAX_RANK], before[PT_MAX_RANK] = {0};
  for (uint32_t d = 0; d < in->rank; d++) sizes[d] = in->sizes[d];
  for (uint32_t k = 0; k < n / 2; k++) {
    uint32_t d = in->rank - 1 - k;
    int64_t lo = ku_int_list_at(b, 1, 2 * k), hi = ku_int_list_at(b, 1, 2 * k + 1);
    if (lo < 0 || hi < 0 || lo > INT32_MAX / 4 || hi > INT32_MAX / 4)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: pad values must be in [0, 2^29), got %lld and %lld",
                     b->op_name, (long long)lo, (long long)hi);
    before[d] = (int32_t)lo;
    sizes[d] = (int32_t)(sizes[d] + lo + hi);
  }
  if ((s = ku_out_shape(b, out, sizes, in->rank)) ||
      (s = fill_bind_value(b, &v, out->dtype, KU_STATE4(b))))
    return s;
  uint32_t so[PT_MAX_RANK], at = 0;
  ku_strides(out, so);
  for (uint32_t d = 0; d < in->rank; d++) at += (uint32_t)before[d] * so[d];
  KU_STATE4(b)[2] = at;
  return PT_OK;
}

const pt_kernel pt_k_aten_constant_pad_nd_out = {"aten::constant_pad_nd.out", pad_bind, pad_run, NULL};
