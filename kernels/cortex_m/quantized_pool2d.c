/* cortex_m::quantized_max_pool2d.out [input, kernel_size[], stride[], padding[], dilation[],
 * ceil_mode, input_zero_point, output_zero_point, activation_min, activation_max, out, out]
 * and cortex_m::quantized_avg_pool2d.out [input, kernel_size[], stride[], padding[],
 * ceil_mode, zero_point, multiplier, shift, scratch, out, out] (+ _nhwc twins), on NHWC int8.
 * max: the window's max over in-bounds taps, clamped. avg: as the reference, in float:
 * dequantize with scale = multiplier * 2^(shift-31), average the in-bounds taps
 * (count_include_pad=False), quantize back with round-half-even. */
#include "cm_util.h"

typedef struct pool_geom {
  cm_shape in, out;
  int32_t kh, kw, sh, sw, ph, pw;
} pool_geom;

static pt_status pair(pt_bind *b, uint32_t i, const char *what, int32_t *v) {
  int64_t x[2];
  uint32_t n;
  pt_status s = ku_int_list(b, i, what, x, 2, &n);
  if (s) return s;
  if (n == 1) x[1] = x[0];
  if (n == 0 || x[0] < 0 || x[1] < 0 || x[0] > 65535 || x[1] > 65535)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s must be 1 or 2 items in 0..65535",
                   b->op_name, what);
  v[0] = (int32_t)x[0], v[1] = (int32_t)x[1];
  return PT_OK;
}

static int32_t pooled(int32_t in, int32_t k, int32_t s, int32_t p, bool ceil_mode) {
  int32_t span = in + 2 * p - k;
  int32_t o = (ceil_mode ? (span + s - 1) / s : span / s) + 1;
  if (ceil_mode && (o - 1) * s >= in + p) o--; /* the last window must start inside */
  return o;
}

static pt_status geom_bind(pt_bind *b, bool nhwc, bool ceil_mode, uint32_t out_i, pool_geom *g) {
  const pt_tensor *in, *out;
  int32_t k[2], st[2], pd[2];
  pt_status s;
  if ((s = ku_tensor(b, 0, "input", &in)) || (s = ku_out(b, out_i, &out)) ||
      (s = cm_nhwc(b, in, "input", nhwc, &g->in)) || (s = cm_nhwc(b, out, "out", nhwc, &g->out)) ||
      (s = pair(b, 1, "kernel_size", k)) || (s = pair(b, 2, "stride", st)) ||
      (s = pair(b, 3, "padding", pd)))
    return s;
  if (k[0] < 1 || k[1] < 1 || st[0] < 1 || st[1] < 1 || pd[0] > k[0] / 2 || pd[1] > k[1] / 2)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: kernel and stride must be >= 1 and padding <= kernel/2", b->op_name);
  g->kh = k[0], g->kw = k[1], g->sh = st[0], g->sw = st[1], g->ph = pd[0], g->pw = pd[1];
  int32_t oh = pooled(g->in.h, g->kh, g->sh, g->ph, ceil_mode);
  int32_t ow = pooled(g->in.w, g->kw, g->sw, g->pw, ceil_mode);
  if (oh < 1 || ow < 1 || g->out.n != g->in.n || g->out.c != g->in.c || g->out.h != oh ||
      g->out.w != ow)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: out must be N=%d C=%d H=%d W=%d", b->op_name,
                   (int)g->in.n, (int)g->in.c, (int)oh, (int)ow);
  KU_STATE4(b)[0] = (uint32_t)g->kh | (uint32_t)g->kw << 16;
  KU_STATE4(b)[1] = (uint32_t)g->sh | (uint32_t)g->sw << 16;
  KU_STATE4(b)[2] = (uint32_t)g->ph | (uint32_t)g->pw << 16;
  KU_STATE4(b)[3] = nhwc;
  return PT_OK;
}

static void geom_run(const pt_ctx *ctx, const pt_call *call, pool_geom *g) {
  const pt_tensor *in = KU_T(ctx, call, 0), *out = KU_T(ctx, call, call->nargs - 1);
  bool nhwc = KU_STATE(call)[3] != 0;
  g->in = nhwc ? (cm_shape){in->sizes[0], in->sizes[1], in->sizes[2], in->sizes[3]}
               : (cm_shape){in->sizes[0], in->sizes[2], in->sizes[3], in->sizes[1]};
  g->out = nhwc ? (cm_shape){out->sizes[0], out->sizes[1], out->sizes[2], out->sizes[3]}
                : (cm_shape){out->sizes[0], out->sizes[2], out->sizes[3], out->sizes[1]};
  g->kh = (int32_t)(KU_STATE(call)[0] & 0xffff), g->kw = (int32_t)(KU_STATE(call)[0] >> 16);
  g->sh = (int32_t)(KU_STATE(call)[1] & 0xffff), g->sw = (int32_t)(KU_STATE(call)[1] >> 16);
  g->ph = (int32_t)(KU_STATE(call)[2] & 0xffff), g->pw = (int32_t)(KU_STATE(call)[2] >> 16);
}

static pt_status max_bind_any(pt_bind *b, bool nhwc) {
  pool_geom g;
  bool ceil_mode;
  int32_t dil[2];
  int64_t izp, ozp, amin, amax;
  pt_status s;
  if ((s = cm_nargs(b, 12, "input, kernel_size[], stride[], padding[], dilation[], ceil_mode, "
                           "input_zero_point, output_zero_point, activation_min, activation_max")) ||
      (s = ku_bool(b, 5, "ceil_mode", &ceil_mode)) || (s = pair(b, 4, "dilation", dil)) ||
      (s = ku_int(b, 6, "input_zero_point", &izp)) || (s = ku_int(b, 7, "output_zero_point", &ozp)) ||
      (s = cm_int_range(b, 8, "activation_min", -128, 127, &amin)) ||
      (s = cm_int_range(b, 9, "activation_max", -128, 127, &amax)))
    return s;
  if (dil[0] != 1 || dil[1] != 1 || ceil_mode || izp != ozp)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: only dilation 1, ceil_mode false and equal zero points are supported "
                   "(as the reference)", b->op_name);
  return geom_bind(b, nhwc, false, 10, &g);
}
static pt_status max_bind(pt_bind *b) { return max_bind_any(b, false); }
static pt_status max_nhwc_bind(pt_bind *b) { return max_bind_any(b, true); }

static pt_status max_run(const pt_ctx *ctx, const pt_call *call) {
  pool_geom g;
  geom_run(ctx, call, &g);
  const int8_t *x = (const int8_t *)KU_T(ctx, call, 0)->data;
  int8_t *y = (int8_t *)KU_T(ctx, call, 10)->data;
  int32_t amin = (int32_t)CM_INT(ctx, call, 8), amax = (int32_t)CM_INT(ctx, call, 9);
  for (int32_t n = 0; n < g.out.n; n++)
    for (int32_t oy = 0; oy < g.out.h; oy++)
      for (int32_t ox = 0; ox < g.out.w; ox++)
        for (int32_t c = 0; c < g.out.c; c++) {
          int32_t m = -129;
          for (int32_t ky = 0; ky < g.kh; ky++) {
            int32_t iy = oy * g.sh - g.ph + ky;
            if (iy < 0 || iy >= g.in.h) continue;
            for (int32_t kx = 0; kx < g.kw; kx++) {
              int32_t ix = ox * g.sw - g.pw + kx;
              if (ix < 0 || ix >= g.in.w) continue;
              int32_t v = x[(((size_t)n * g.in.h + iy) * g.in.w + ix) * g.in.c + c];
              if (v > m) m = v;
            }
          }
          y[(((size_t)n * g.out.h + oy) * g.out.w + ox) * g.out.c + c] = (int8_t)cm_clamp(m, amin, amax);
        }
  return PT_OK;
}

/* multiplier * 2^(shift - 31), exact in double, without libm. */
static double pow2_scale(int64_t mult, int64_t shift) {
  double v = (double)mult;
  for (int64_t e = shift - 31; e > 0; e--) v *= 2.0;
  for (int64_t e = shift - 31; e < 0; e++) v *= 0.5;
  return v;
}

static pt_status avg_bind_any(pt_bind *b, bool nhwc) {
  pool_geom g;
  bool ceil_mode;
  int64_t zp, mult, shift;
  pt_status s;
  if ((s = cm_nargs(b, 11, "input, kernel_size[], stride[], padding[], ceil_mode, zero_point, "
                           "multiplier, shift, scratch")) ||
      (s = ku_bool(b, 4, "ceil_mode", &ceil_mode)) ||
      (s = cm_int_range(b, 5, "zero_point", -128, 127, &zp)) ||
      (s = cm_int_range(b, 6, "multiplier", 1, INT32_MAX, &mult)) ||
      (s = cm_int_range(b, 7, "shift", -62, 31, &shift)) || (s = geom_bind(b, nhwc, ceil_mode, 9, &g)))
    return s;
  return PT_OK;
}
static pt_status avg_bind(pt_bind *b) { return avg_bind_any(b, false); }
static pt_status avg_nhwc_bind(pt_bind *b) { return avg_bind_any(b, true); }

static pt_status avg_run(const pt_ctx *ctx, const pt_call *call) {
  pool_geom g;
  geom_run(ctx, call, &g);
  const int8_t *x = (const int8_t *)KU_T(ctx, call, 0)->data;
  int8_t *y = (int8_t *)KU_T(ctx, call, 9)->data;
  float zp = (float)CM_INT(ctx, call, 5);
  float scale = (float)pow2_scale(CM_INT(ctx, call, 6), CM_INT(ctx, call, 7));
  for (int32_t n = 0; n < g.out.n; n++)
    for (int32_t oy = 0; oy < g.out.h; oy++)
      for (int32_t ox = 0; ox < g.out.w; ox++) {
        int32_t y0 = oy * g.sh - g.ph, x0 = ox * g.sw - g.pw;
        int32_t y1 = y0 + g.kh < g.in.h ? y0 + g.kh : g.in.h, x1 = x0 + g.kw < g.in.w ? x0 + g.kw : g.in.w;
        y0 = y0 < 0 ? 0 : y0, x0 = x0 < 0 ? 0 : x0;
        float count = (float)((y1 - y0) * (x1 - x0));
        for (int32_t c = 0; c < g.out.c; c++) {
          float sum = 0.0f;
          for (int32_t iy = y0; iy < y1; iy++)
            for (int32_t ix = x0; ix < x1; ix++)
              sum += ((float)x[(((size_t)n * g.in.h + iy) * g.in.w + ix) * g.in.c + c] - zp) * scale;
          float q = cm_round_even((sum / count) / scale) + zp;
          y[(((size_t)n * g.out.h + oy) * g.out.w + ox) * g.out.c + c] = (int8_t)cm_float_to_q(q, -128, 127);
        }
      }
  return PT_OK;
}

const pt_kernel pt_k_cortex_m_quantized_max_pool2d_out = {"cortex_m::quantized_max_pool2d.out",
                                                          max_bind, max_run, NULL};
const pt_kernel pt_k_cortex_m_quantized_max_pool2d_nhwc_out = {
    "cortex_m::quantized_max_pool2d_nhwc.out", max_nhwc_bind, max_run, NULL};
const pt_kernel pt_k_cortex_m_quantized_avg_pool2d_out = {"cortex_m::quantized_avg_pool2d.out",
                                                          avg_bind, avg_run, NULL};
const pt_kernel pt_k_cortex_m_quantized_avg_pool2d_nhwc_out = {
    "cortex_m::quantized_avg_pool2d_nhwc.out", avg_nhwc_bind, avg_run, NULL};
