/* cortex_m::pad.out [input, pre_pad[], post_pad[], pad_value, out, out]: constant padding.
 * pre/post hold 4 entries in physical (memory) order, the last `rank` of them apply: for a
 * channels-last tensor they are NHWC, for a contiguous one the logical dims. */
#include "cm_util.h"

static pt_status pad_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  int64_t pre[4], post[4], value;
  pt_status s;
  if ((s = cm_nargs(b, 6, "input, pre_pad[], post_pad[], pad_value")) ||
      (s = ku_tensor(b, 0, "input", &in)) || (s = ku_out(b, 4, &out)) ||
      (s = cm_int_list_n(b, 1, "pre_pad", pre, 4)) || (s = cm_int_list_n(b, 2, "post_pad", post, 4)) ||
      (s = cm_int_range(b, 3, "pad_value", -128, 127, &value)))
    return s;
  if (in->rank < 1 || in->rank > 4 || in->dtype != PT_I8 || out->dtype != PT_I8 || out->rank != in->rank ||
      !ku_same_dim_order(in, out))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: want int8 input and out of rank 1..4 with the same dim_order", b->op_name);
  uint32_t off = 4 - in->rank;
  for (uint32_t i = 0; i < in->rank; i++) {
    uint32_t dim = in->dim_order[i];
    if (pre[off + i] < 0 || post[off + i] < 0 ||
        out->sizes[dim] != in->sizes[dim] + pre[off + i] + post[off + i])
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                     "%s: out size of dim %u must be input + pre + post (pads >= 0)", b->op_name, dim);
  }
  return PT_OK;
}

static pt_status pad_run(pt_value *values, const pt_call *call) {
  const pt_tensor *in = KU_T(values, call, 0), *out = KU_T(values, call, 4);
  const int8_t *x = (const int8_t *)in->data;
  int8_t *y = (int8_t *)out->data;
  int8_t value = (int8_t)CM_INT(values, call, 3);
  uint32_t r = in->rank, off = 4 - r, isz[4], osz[4], pre[4], idx[4] = {0, 0, 0, 0};
  for (uint32_t i = 0; i < r; i++) {
    isz[i] = (uint32_t)in->sizes[in->dim_order[i]];
    osz[i] = (uint32_t)out->sizes[out->dim_order[i]];
    pre[i] = (uint32_t)cm_list_item(values, call, 1, off + i);
  }
  for (uint32_t o = 0; o < out->numel; o++) {
    uint32_t src = 0;
    bool inside = true;
    for (uint32_t i = 0; i < r; i++) {
      uint32_t v = idx[i] - pre[i]; /* wraps huge when idx < pre */
      inside = inside && idx[i] >= pre[i] && v < isz[i];
      src = src * isz[i] + (inside ? v : 0);
    }
    y[o] = inside ? x[src] : value;
    for (uint32_t i = r; i-- > 0;) { /* next memory index */
      if (++idx[i] < osz[i]) break;
      idx[i] = 0;
    }
  }
  return PT_OK;
}

const pt_kernel pt_k_cortex_m_pad_out = {"cortex_m::pad.out", pad_bind, pad_run};
