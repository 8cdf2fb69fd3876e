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

/* Bytes in word steps where the compiler can (unaligned word moves on the M33). */
static void copy_bytes(int8_t *d, const int8_t *s, uint32_t n) {
  for (; n >= 4; n -= 4, d += 4, s += 4) __builtin_memcpy(d, s, 4);
  while (n--) *d++ = *s++;
}

static void fill_bytes(int8_t *d, int8_t value, uint32_t n) {
  uint32_t v4 = (uint32_t)(uint8_t)value * 0x01010101u;
  for (; n >= 4; n -= 4, d += 4) __builtin_memcpy(d, &v4, 4);
  while (n--) *d++ = value;
}

/* Fill out with the value, then copy the input in as runs: the dims inside the innermost
 * padded one are unpadded, so each run is that dim's whole input extent, contiguous in both. */
static pt_status pad_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0), *out = KU_T(ctx, call, 4);
  const int8_t *x = (const int8_t *)in->data;
  int8_t *y = (int8_t *)out->data;
  int8_t value = (int8_t)CM_INT(ctx, call, 3);
  uint32_t r = in->rank, off = 4 - r, isz[4], osz[4], pre[4], idx[4] = {0, 0, 0, 0};
  uint32_t inner = 0; /* runs cover physical dims inner..r-1 */
  for (uint32_t i = 0; i < r; i++) {
    isz[i] = (uint32_t)in->sizes[in->dim_order[i]];
    osz[i] = (uint32_t)out->sizes[out->dim_order[i]];
    pre[i] = (uint32_t)cm_list_item(ctx, call, 1, off + i);
    if (osz[i] != isz[i]) inner = i;
  }
  if (in->numel == 0 || out->numel != in->numel) fill_bytes(y, value, out->numel);
  if (in->numel == 0) return PT_OK;
  uint32_t run = 1, ostride[4];
  for (uint32_t i = inner; i < r; i++) run *= isz[i];
  for (uint32_t i = r, s = 1; i-- > 0;) ostride[i] = s, s *= osz[i];
  /* idx walks the input's dims 0..inner-1 (the run's start within dim inner is 0). */
  for (uint32_t src = 0; src < in->numel; src += run) {
    uint32_t dst = pre[inner] * ostride[inner];
    for (uint32_t i = 0; i < inner; i++) dst += (idx[i] + pre[i]) * ostride[i];
    copy_bytes(y + dst, x + src, run);
    for (uint32_t i = inner; i-- > 0;) {
      if (++idx[i] < isz[i]) break;
      idx[i] = 0;
    }
  }
  return PT_OK;
}

const pt_kernel pt_k_cortex_m_pad_out = {"cortex_m::pad.out", pad_bind, pad_run, NULL};
