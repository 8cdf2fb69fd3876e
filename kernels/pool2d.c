/* aten::max_pool2d_with_indices.out [self, kernel, stride, padding, dilation, ceil_mode,
 * out, indices, (out, indices)] and aten::avg_pool2d.out [self, kernel, stride, padding,
 * ceil_mode, count_include_pad, divisor_override?, out, out]: float32, [N,]C,H,W. */
#include <string.h>

#include "kernel_util.h"

/* state: kh|kw, sh|sw, ph|pw, dh|dw (16 bits each) */
#define HI(v) ((int32_t)((v) >> 16))
#define LO(v) ((int32_t)((v) & 0xffff))

typedef struct geo {
  uint32_t planes, H, W, OH, OW;
} geo;

static geo geometry(const pt_tensor *in, const pt_tensor *out) {
  geo g;
  g.H = (uint32_t)in->sizes[in->rank - 2];
  g.W = (uint32_t)in->sizes[in->rank - 1];
  g.OH = (uint32_t)out->sizes[out->rank - 2];
  g.OW = (uint32_t)out->sizes[out->rank - 1];
  g.planes = g.H && g.W ? in->numel / (g.H * g.W) : 0;
  return g;
}

static pt_status max_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0), *out = KU_T(ctx, call, 6);
  const float *x = (const float *)in->data;
  float *y = (float *)out->data;
  int64_t *ind = (int64_t *)KU_T(ctx, call, 7)->data;
  geo g = geometry(in, out);
  int32_t kh = HI(KU_STATE(call)[0]), kw = LO(KU_STATE(call)[0]), sh = HI(KU_STATE(call)[1]);
  int32_t sw = LO(KU_STATE(call)[1]), ph = HI(KU_STATE(call)[2]), pw = LO(KU_STATE(call)[2]);
  int32_t dh = HI(KU_STATE(call)[3]), dw = LO(KU_STATE(call)[3]);
  for (uint32_t p = 0; p < g.planes; p++, x += g.H * g.W) {
    for (uint32_t oy = 0; oy < g.OH; oy++) {
      for (uint32_t ox = 0; ox < g.OW; ox++) {
        float best = 0.0f;
        int64_t bi = -1;
        for (int32_t ky = 0; ky < kh; ky++) {
          int32_t iy = (int32_t)oy * sh - ph + ky * dh;
          if (iy < 0 || iy >= (int32_t)g.H) continue;
          for (int32_t kx = 0; kx < kw; kx++) {
            int32_t ix = (int32_t)ox * sw - pw + kx * dw;
            if (ix < 0 || ix >= (int32_t)g.W) continue;
            int64_t i = (int64_t)iy * g.W + ix;
            float v = x[i];
            if (bi < 0 || v > best || v != v) { best = v; bi = i; }
            if (v != v) goto done; /* NaN wins */
          }
        }
      done:
        *y++ = best;
        *ind++ = bi;
      }
    }
  }
  return PT_OK;
}

static pt_status avg_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0), *out = KU_T(ctx, call, 7);
  const float *x = (const float *)in->data;
  float *y = (float *)out->data;
  geo g = geometry(in, out);
  int32_t kh = HI(KU_STATE(call)[0]), kw = LO(KU_STATE(call)[0]), sh = HI(KU_STATE(call)[1]);
  int32_t sw = LO(KU_STATE(call)[1]), ph = HI(KU_STATE(call)[2]), pw = LO(KU_STATE(call)[2]);
  int32_t divisor = HI(KU_STATE(call)[3]), include_pad = LO(KU_STATE(call)[3]);
  for (uint32_t p = 0; p < g.planes; p++, x += g.H * g.W) {
    for (uint32_t oy = 0; oy < g.OH; oy++) {
      for (uint32_t ox = 0; ox < g.OW; ox++) {
        int32_t y0 = (int32_t)oy * sh - ph, x0 = (int32_t)ox * sw - pw;
        int32_t y1 = y0 + kh, x1 = x0 + kw;
        if (y1 > (int32_t)g.H + ph) y1 = (int32_t)g.H + ph;
        if (x1 > (int32_t)g.W + pw) x1 = (int32_t)g.W + pw;
        int32_t padded = (y1 - y0) * (x1 - x0);
        if (y0 < 0) y0 = 0;
        if (x0 < 0) x0 = 0;
        if (y1 > (int32_t)g.H) y1 = (int32_t)g.H;
        if (x1 > (int32_t)g.W) x1 = (int32_t)g.W;
        float acc = 0.0f;
        for (int32_t iy = y0; iy < y1; iy++)
          for (int32_t ix = x0; ix < x1; ix++) acc += x[iy * (int32_t)g.W + ix];
        int32_t count = divisor ? divisor : include_pad ? padded : (y1 - y0) * (x1 - x0);
        *y++ = acc / (float)count;
      }
    }
  }
  return PT_OK;
}

/* kernel, stride (empty = kernel), padding, dilation (NULL for avg) -> state, out shape. */
static pt_status pool_bind(pt_bind *b, const pt_tensor **in_out, uint32_t out_i, bool ceil_mode,
                           bool has_dilation) {
  const pt_tensor *in, *out;
  int32_t k[2], st[2], pad[2], dil[2] = {1, 1}, l[2];
  uint32_t n;
  pt_status s;
  if ((s = ku_tensor(b, 0, "self", &in)) || (s = ku_tensor(b, out_i, "out", &out)) ||
      (s = ku_dtype_is(b, in, "self", PT_F32)) || (s = ku_dtype_is(b, out, "out", PT_F32)) ||
      (s = ku_contiguous(b, in, "self")) || (s = ku_contiguous(b, out, "out")))
    return s;
  if (in->rank != 3 && in->rank != 4)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: self must be 3-D or 4-D", b->op_name);
  const char *names[4] = {"kernel_size", "stride", "padding", "dilation"};
  int32_t *dst[4] = {k, st, pad, dil};
  for (uint32_t a = 0; a < (has_dilation ? 4u : 3u); a++) {
    if ((s = ku_int_list_i32(b, 1 + a, names[a], l, 2, &n))) return s;
    if (n == 0 && a == 1) { st[0] = k[0]; st[1] = k[1]; continue; }
    if (n != 1 && n != 2)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s needs 1 or 2 values", b->op_name, names[a]);
    dst[a][0] = l[0];
    dst[a][1] = n == 2 ? l[1] : l[0];
    for (int d = 0; d < 2; d++)
      if (dst[a][d] < (a == 2 ? 0 : 1) || dst[a][d] > 0x7fff)
        return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s value %lld is out of range",
                       b->op_name, names[a], (long long)dst[a][d]);
  }
  int32_t sizes[4];
  memcpy(sizes, in->sizes, in->rank * sizeof *sizes);
  for (int d = 0; d < 2; d++) {
    if (pad[d] * 2 > k[d])
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: padding must be at most half the kernel",
                     b->op_name);
    int64_t insz = in->sizes[in->rank - 2 + d];
    int64_t span = insz + 2 * pad[d] - dil[d] * (k[d] - 1) - 1;
    if (span < 0)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: the kernel is larger than the padded input",
                     b->op_name);
    int64_t o = (ceil_mode ? (span + st[d] - 1) / st[d] : span / st[d]) + 1;
    if (ceil_mode && (o - 1) * st[d] >= insz + pad[d]) o--; /* last window must start inside */
    sizes[in->rank - 2 + d] = (int32_t)o;
  }
  if ((s = ku_out_shape(b, out, sizes, in->rank))) return s;
  KU_STATE4(b)[0] = (uint32_t)k[0] << 16 | (uint32_t)k[1];
  KU_STATE4(b)[1] = (uint32_t)st[0] << 16 | (uint32_t)st[1];
  KU_STATE4(b)[2] = (uint32_t)pad[0] << 16 | (uint32_t)pad[1];
  KU_STATE4(b)[3] = (uint32_t)dil[0] << 16 | (uint32_t)dil[1];
  *in_out = out;
  return PT_OK;
}

static pt_status max_bind(pt_bind *b) {
  const pt_tensor *out, *ind;
  bool ceil_mode;
  pt_status s;
  if ((s = ku_nargs(b, 9)) || (s = ku_bool(b, 5, "ceil_mode", &ceil_mode)) ||
      (s = pool_bind(b, &out, 6, ceil_mode, true)) || (s = ku_tensor(b, 7, "indices", &ind)) ||
      (s = ku_dtype_is(b, ind, "indices", PT_I64)) ||
      (s = ku_same_shape(b, ind, "indices", out, "out")))
    return s;
  return PT_OK;
}

static pt_status avg_bind(pt_bind *b) {
  const pt_tensor *out;
  bool ceil_mode, include_pad;
  int64_t divisor = 0;
  pt_status s;
  if ((s = ku_nargs(b, 9)) || (s = ku_bool(b, 4, "ceil_mode", &ceil_mode)) ||
      (s = ku_bool(b, 5, "count_include_pad", &include_pad)) || (s = ku_out(b, 7, &out)) ||
      (s = pool_bind(b, &out, 7, ceil_mode, false)))
    return s;
  if (!ku_is_none(b, 6)) {
    if ((s = ku_int(b, 6, "divisor_override", &divisor))) return s;
    if (divisor < 1 || divisor > 0x7fff)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: divisor_override %lld is out of range",
                     b->op_name, (long long)divisor);
  }
  KU_STATE4(b)[3] = (uint32_t)(divisor << 16 | (include_pad ? 1 : 0));
  return PT_OK;
}

const pt_kernel pt_k_aten_max_pool2d_with_indices_out = {"aten::max_pool2d_with_indices.out",
                                                         max_bind, max_run, NULL};
const pt_kernel pt_k_aten_avg_pool2d_out = {"aten::avg_pool2d.out", avg_bind, avg_run, NULL};
