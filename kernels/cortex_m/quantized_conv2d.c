/* cortex_m::quantized_conv2d.out and quantized_depthwise_conv2d.out (and their _nhwc
 * explicit-layout twins): int8 NHWC activations, weights OHWI [Cout,KH,KW,Cin/groups]
 * (depthwise: IHWO [1,KH,KW,Cout]), int32 bias, per-channel multiplier/shift tensors.
 *   acc[oc] = bias[oc] + sum over taps inside the image of (x + input_offset) * w
 *   out = clamp(requantize(acc, mult[oc], shift[oc]) + output_offset, act_min, act_max)
 * Padding taps contribute nothing (the reference zero-pads the offset input). The DSP paths
 * (groups == 1, and depthwise of a one-channel input, which is such a conv) run SMLAD over
 * int16 weights extended into scratch once per run, two pixels x two channels per pass;
 * depthwise with depth_multiplier 1 takes 4 channels per word with SMLABB/SMLATT. Both need
 * requantize parameters in cm_requantize_rs1's domain (all models'); others take the portable
 * loop. */
#include "cm_dsp.h"
#include "cm_util.h"

typedef struct conv_geom {
  cm_shape in, out;
  int32_t kh, kw, cin_g, groups, dm, depthwise;
  int32_t sh, sw, ph, pw, dh, dw;
} conv_geom;

/* Argument positions: depthwise has depth_multiplier after dilation. */
typedef struct conv_pos {
  uint32_t ioff, ooff, mult, shift, amin, amax, scratch, out, nargs;
} conv_pos;
static const conv_pos CONV = {6, 7, 8, 9, 10, 11, 12, 13, 15};
static const conv_pos DWCONV = {7, 8, 9, 10, 11, 12, 13, 14, 16};

#if CM_HAVE_DSP
static pt_status conv_run_dsp(const pt_ctx *ctx, const pt_call *call);
static pt_status dwconv_run_dsp(const pt_ctx *ctx, const pt_call *call);
static pt_status dwconv1_run_dsp(const pt_ctx *ctx, const pt_call *call);
#endif
#if CM_SCRATCH_AS_DSP
static size_t conv_scratch(const conv_geom *g, int32_t *ocb_out);
#endif

static pt_status geom_of(pt_bind *b, bool depthwise, bool nhwc, conv_geom *g) {
  const conv_pos *p = depthwise ? &DWCONV : &CONV;
  const pt_tensor *in, *w, *out, *mult, *shift;
  int64_t st[2], pad[2], dil[2], v;
  pt_status s;
  if ((s = depthwise ? cm_nargs(b, 16, "input, weight, bias?, stride[], padding[], dilation[], "
                                       "depth_multiplier, input_offset, output_offset, "
                                       "requantize_multipliers, requantize_shifts, activation_min, "
                                       "activation_max, scratch")
                     : cm_nargs(b, 15, "input, weight, bias?, stride[], padding[], dilation[], "
                                       "input_offset, output_offset, requantize_multipliers, "
                                       "requantize_shifts, activation_min, activation_max, scratch")))
    return s;
  if ((s = ku_tensor(b, 0, "input", &in)) || (s = ku_tensor(b, 1, "weight", &w)) ||
      (s = ku_out(b, p->out, &out)) || (s = cm_nhwc(b, in, "input", nhwc, &g->in)) ||
      (s = cm_nhwc(b, out, "out", nhwc, &g->out)) ||
      (s = cm_int_list_n(b, 3, "stride", st, 2)) || (s = cm_int_list_n(b, 4, "padding", pad, 2)) ||
      (s = cm_int_list_n(b, 5, "dilation", dil, 2)) ||
      (s = cm_int_range(b, p->ioff, "input_offset", -255, 255, &v)) ||
      (s = cm_int_range(b, p->ooff, "output_offset", -255, 255, &v)) ||
      (s = cm_int_range(b, p->amin, "activation_min", -128, 127, &v)) ||
      (s = cm_int_range(b, p->amax, "activation_max", -128, 127, &v)) ||
      (s = ku_tensor(b, p->mult, "requantize_multipliers", &mult)) ||
      (s = ku_tensor(b, p->shift, "requantize_shifts", &shift)) ||
      (s = ku_contiguous(b, w, "weight")))
    return s;
  if (w->rank != 4 || w->dtype != PT_I8)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: weight must be 4-D int8", b->op_name);
  for (int k = 0; k < 2; k++)
    if (st[k] < 1 || st[k] > 255 || pad[k] < 0 || pad[k] > 255 || dil[k] < 1 || dil[k] > 255)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: stride/dilation must be 1..255, padding 0..255",
                     b->op_name);
  g->sh = (int32_t)st[0], g->sw = (int32_t)st[1], g->ph = (int32_t)pad[0], g->pw = (int32_t)pad[1];
  g->dh = (int32_t)dil[0], g->dw = (int32_t)dil[1];
  g->kh = w->sizes[1], g->kw = w->sizes[2];
  g->depthwise = depthwise;
  int32_t cout;
  if (depthwise) {
    int64_t dm;
    if ((s = cm_int_range(b, 6, "depth_multiplier", 1, 65535, &dm))) return s;
    g->dm = (int32_t)dm, cout = w->sizes[3], g->cin_g = 1, g->groups = g->in.c;
    if (w->sizes[0] != 1 || cout != g->in.c * g->dm)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                     "%s: weight must be [1, KH, KW, Cin*depth_multiplier] = [1, %d, %d, %d]",
                     b->op_name, (int)g->kh, (int)g->kw, (int)(g->in.c * g->dm));
  } else {
    cout = w->sizes[0], g->cin_g = w->sizes[3], g->dm = 1;
    if (g->cin_g < 1 || g->in.c % g->cin_g || cout % (g->in.c / g->cin_g))
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: weight [%d,%d,%d,%d] does not fit %d input channels",
                     b->op_name, (int)w->sizes[0], (int)w->sizes[1], (int)w->sizes[2], (int)w->sizes[3],
                     (int)g->in.c);
    g->groups = g->in.c / g->cin_g;
  }
  int32_t oh = (g->in.h + 2 * g->ph - g->dh * (g->kh - 1) - 1) / g->sh + 1;
  int32_t ow = (g->in.w + 2 * g->pw - g->dw * (g->kw - 1) - 1) / g->sw + 1;
  if (g->out.n != g->in.n || g->out.c != cout || g->out.h != oh || g->out.w != ow || oh < 1 || ow < 1)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: out must be N=%d C=%d H=%d W=%d", b->op_name,
                   (int)g->in.n, (int)cout, (int)oh, (int)ow);
  if (mult->dtype != PT_I32 || shift->dtype != PT_I32 || mult->numel != (uint32_t)cout ||
      shift->numel != (uint32_t)cout)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: requantize_multipliers/shifts must be int32 with %d items", b->op_name, (int)cout);
  if (!ku_is_none(b, 2)) {
    const pt_tensor *bias;
    if ((s = ku_tensor(b, 2, "bias", &bias))) return s;
    if (bias->dtype != PT_I32 || bias->numel != (uint32_t)cout)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: bias must be int32 with %d items",
                     b->op_name, (int)cout);
  }
  return PT_OK;
}

static pt_status conv_bind_any(pt_bind *b, bool depthwise, bool nhwc) {
  conv_geom g;
  pt_status s = geom_of(b, depthwise, nhwc, &g);
  if (s) return s;
#if CM_SCRATCH_AS_DSP
  if (depthwise && g.dm == 1) b->scratch_bytes = (size_t)g.kh * (size_t)g.kw * (size_t)(g.out.c & ~3) * 2;
  if ((depthwise && g.in.c == 1) || (!depthwise && g.groups == 1)) b->scratch_bytes = conv_scratch(&g, NULL);
#endif
#if CM_HAVE_DSP
  if (depthwise && g.dm == 1) b->run = dwconv_run_dsp;
  if ((depthwise && g.in.c == 1) || (!depthwise && g.groups == 1))
    b->run = depthwise ? dwconv1_run_dsp : conv_run_dsp;
#endif
  return PT_OK;
}

/* Shapes again at run time, from the bound tensors (no checks: bind did them). */
static void geom_run(const pt_ctx *ctx, const pt_call *call, bool depthwise, conv_geom *g) {
  const pt_tensor *in = KU_T(ctx, call, 0), *w = KU_T(ctx, call, 1);
  const pt_tensor *out = KU_T(ctx, call, call->nargs - 1);
  bool nhwc = KU_STATE(call)[0] != 0;
  g->in = nhwc ? (cm_shape){in->sizes[0], in->sizes[1], in->sizes[2], in->sizes[3]}
               : (cm_shape){in->sizes[0], in->sizes[2], in->sizes[3], in->sizes[1]};
  g->out = nhwc ? (cm_shape){out->sizes[0], out->sizes[1], out->sizes[2], out->sizes[3]}
                : (cm_shape){out->sizes[0], out->sizes[2], out->sizes[3], out->sizes[1]};
  g->kh = w->sizes[1], g->kw = w->sizes[2], g->depthwise = depthwise;
  g->sh = (int32_t)cm_list_item(ctx, call, 3, 0), g->sw = (int32_t)cm_list_item(ctx, call, 3, 1);
  g->ph = (int32_t)cm_list_item(ctx, call, 4, 0), g->pw = (int32_t)cm_list_item(ctx, call, 4, 1);
  g->dh = (int32_t)cm_list_item(ctx, call, 5, 0), g->dw = (int32_t)cm_list_item(ctx, call, 5, 1);
  if (depthwise) g->dm = (int32_t)CM_INT(ctx, call, 6), g->cin_g = 1, g->groups = g->in.c;
  else g->dm = 1, g->cin_g = w->sizes[3], g->groups = g->in.c / g->cin_g;
}

typedef struct conv_io {
  const int8_t *x, *w;
  const int32_t *bias, *mult, *shift;
  int8_t *y;
  int32_t ioff, ooff, amin, amax;
} conv_io;

static conv_io io_of(const pt_ctx *ctx, const pt_call *call, const conv_pos *p) {
  const pt_value *bv = &ctx->values[call->args[2]];
  conv_io io = {(const int8_t *)KU_T(ctx, call, 0)->data, (const int8_t *)KU_T(ctx, call, 1)->data,
                bv->tag == PT_TAG_TENSOR ? (const int32_t *)bv->u.t->data : NULL,
                (const int32_t *)KU_T(ctx, call, p->mult)->data,
                (const int32_t *)KU_T(ctx, call, p->shift)->data,
                (int8_t *)KU_T(ctx, call, p->out)->data,
                (int32_t)CM_INT(ctx, call, p->ioff), (int32_t)CM_INT(ctx, call, p->ooff),
                (int32_t)CM_INT(ctx, call, p->amin), (int32_t)CM_INT(ctx, call, p->amax)};
  return io;
}

static inline int8_t conv_finish(const conv_io *io, int32_t oc, uint32_t acc) {
  int32_t r = cm_requantize_fast((int32_t)acc, io->mult[oc], io->shift[oc]);
  return (int8_t)cm_clamp((int32_t)((uint32_t)r + (uint32_t)io->ooff), io->amin, io->amax);
}

#if CM_HAVE_DSP
/* Two accumulators of one channel (its parameters checked by cm_requantize_rs1_ok). */
static inline void conv_finish2(const conv_io *io, int32_t oc, uint32_t a, uint32_t b, int8_t *ya,
                                int8_t *yb) {
  int32_t m = io->mult[oc];
  uint32_t rs1 = ~(uint32_t)io->shift[oc];
  int32_t ra = (int32_t)((uint32_t)cm_requantize_rs1((int32_t)a, m, rs1) + (uint32_t)io->ooff);
  int32_t rb = (int32_t)((uint32_t)cm_requantize_rs1((int32_t)b, m, rs1) + (uint32_t)io->ooff);
  *ya = (int8_t)cm_clamp(ra, io->amin, io->amax);
  *yb = (int8_t)cm_clamp(rb, io->amin, io->amax);
}

static inline int8_t conv_finish1(const conv_io *io, int32_t oc, uint32_t a) {
  int32_t r = cm_requantize_rs1((int32_t)a, io->mult[oc], ~(uint32_t)io->shift[oc]);
  return (int8_t)cm_clamp((int32_t)((uint32_t)r + (uint32_t)io->ooff), io->amin, io->amax);
}
#endif

static void conv_portable(const conv_geom *g, const conv_io *io) {
  int32_t cout = g->out.c, cout_g = cout / g->groups;
  for (int32_t n = 0; n < g->out.n; n++)
    for (int32_t oy = 0; oy < g->out.h; oy++)
      for (int32_t ox = 0; ox < g->out.w; ox++)
        for (int32_t oc = 0; oc < cout; oc++) {
          int32_t grp = g->depthwise ? oc / g->dm : oc / cout_g;
          uint32_t acc = io->bias ? (uint32_t)io->bias[oc] : 0;
          for (int32_t ky = 0; ky < g->kh; ky++) {
            int32_t iy = oy * g->sh - g->ph + ky * g->dh;
            if (iy < 0 || iy >= g->in.h) continue;
            for (int32_t kx = 0; kx < g->kw; kx++) {
              int32_t ix = ox * g->sw - g->pw + kx * g->dw;
              if (ix < 0 || ix >= g->in.w) continue;
              const int8_t *xp = io->x + (((size_t)n * g->in.h + iy) * g->in.w + ix) * g->in.c +
                                 (size_t)grp * g->cin_g;
              if (g->depthwise) {
                int8_t wv = io->w[((size_t)ky * g->kw + kx) * cout + oc];
                acc += (uint32_t)(((int32_t)xp[0] + io->ioff) * wv);
              } else {
                const int8_t *wp = io->w + (((size_t)oc * g->kh + ky) * g->kw + kx) * g->cin_g;
                for (int32_t ic = 0; ic < g->cin_g; ic++)
                  acc += (uint32_t)(((int32_t)xp[ic] + io->ioff) * wp[ic]);
              }
            }
          }
          io->y[(((size_t)n * g->out.h + oy) * g->out.w + ox) * cout + oc] = conv_finish(io, oc, acc);
        }
}

static pt_status conv_run(const pt_ctx *ctx, const pt_call *call) {
  conv_geom g;
  geom_run(ctx, call, false, &g);
  conv_io io = io_of(ctx, call, &CONV);
  conv_portable(&g, &io);
  return PT_OK;
}

static pt_status dwconv_run(const pt_ctx *ctx, const pt_call *call) {
  conv_geom g;
  geom_run(ctx, call, true, &g);
  conv_io io = io_of(ctx, call, &DWCONV);
  conv_portable(&g, &io);
  return PT_OK;
}

#if CM_SCRATCH_AS_DSP
#define CONV_WEIGHT_BUDGET 4096 /* bytes of extended weights per block */

static size_t conv_scratch(const conv_geom *g, int32_t *ocb_out) {
  int32_t k2 = (g->kh * g->kw * g->cin_g + 1) & ~1, cout = g->out.c;
  int32_t ocb = (int32_t)(CONV_WEIGHT_BUDGET / (2 * k2)) & ~1;
  if (ocb < 2) ocb = 2;
  if (ocb >= cout) ocb = cout + (cout & 1);
  if (ocb_out) *ocb_out = ocb;
  return (size_t)ocb * (size_t)k2 * 2 + (size_t)k2 * 4;
}
#endif

#if CM_HAVE_DSP
/* The SMLAD conv (groups 1; also a depthwise conv of a one-channel input, whose IHWO weights
 * are the transposed OHWI rows). Output channels go in blocks whose weights are sign-extended
 * once into scratch; within a block, pixels in pairs and channels in pairs: a 2x2 block of
 * accumulators fed by one LDRD of the two pixels' words and one of the two channels' words.
 * Words hold two int16 along K; within each tap, groups of 4 channels go (c0,c2),(c1,c3) as
 * SXTAB16 makes them from one input word, the weights the same. K is padded to even with 0s.
 * Scratch: ocb/2 channel pairs x K2/2 words x 2, then 2 pixels x K2/2 words. */

/* Position of element i of a tap's cin in the word stream (4-groups permuted, tail in order). */
static inline int32_t tap_slot(int32_t i, int32_t cin4) {
  static const uint8_t slot[4] = {0, 2, 1, 3};
  return i < cin4 ? (i & ~3) + slot[i & 3] : i;
}

/* Channel oc's weights in stream order as int16 halves, every second word of w (stride 2). */
static void conv_extend_row(const conv_geom *g, const int8_t *w, int32_t oc, uint32_t *dst) {
  int32_t taps = g->kh * g->kw, cin = g->cin_g, cin4 = cin & ~3, k = taps * cin;
  int16_t *d16 = (int16_t *)(void *)dst;
  if (g->depthwise) /* one channel: IHWO, channel oc of each tap */
    for (int32_t t = 0; t < taps; t++) d16[(t >> 1) * 4 + (t & 1)] = w[(size_t)t * g->out.c + oc];
  else
    for (int32_t t = 0; t < taps; t++) {
      const int8_t *wr = w + (size_t)oc * k + (size_t)t * cin;
      int32_t base = t * cin, i = 0;
      if (!(base & 1))
        for (; i < cin4; i += 4) { /* OHWI row: 4 channels -> (c0,c2), (c1,c3) */
          uint32_t w4 = cm_read_u32(wr + i);
          dst[base + i] = __sxtb16(w4);
          dst[base + i + 2] = __sxtb16(cm_ror8(w4));
        }
      for (; i < cin; i++) {
        int32_t pos = base + tap_slot(i, cin4);
        d16[(pos >> 1) * 4 + (pos & 1)] = wr[i];
      }
    }
  if (k & 1) d16[(k >> 1) * 4 + 1] = 0;
}

/* One pixel's receptive field, + input_offset (0 for padding taps), as words at stride 2. */
static void conv_gather(const conv_geom *g, const int8_t *x, int32_t ioff, int32_t pix, uint32_t *col) {
  int32_t ow = g->out.w, oh = g->out.h, cin = g->cin_g, cin4 = cin & ~3;
  int32_t n = pix / (oh * ow), rem = pix % (oh * ow), oy = rem / ow, ox = rem % ow;
  uint32_t off2 = ((uint32_t)(uint16_t)ioff << 16) | (uint16_t)ioff;
  int16_t *c16 = (int16_t *)(void *)col;
  int32_t j = 0;
  if (cin == 1) { /* one value per tap (a one-channel input): row checks hoisted */
    int32_t ix0 = ox * g->sw - g->pw;
    for (int32_t ky = 0; ky < g->kh; ky++) {
      int32_t iy = oy * g->sh - g->ph + ky * g->dh;
      bool row = iy >= 0 && iy < g->in.h;
      const int8_t *xr = x + ((size_t)n * g->in.h + (row ? iy : 0)) * g->in.w * g->in.c;
      for (int32_t kx = 0, ix = ix0; kx < g->kw; kx++, j++, ix += g->dw) {
        bool in = row && ix >= 0 && ix < g->in.w;
        c16[(j >> 1) * 4 + (j & 1)] = in ? (int16_t)(xr[(size_t)(in ? ix : 0) * g->in.c] + ioff) : 0;
      }
    }
    if (j & 1) c16[(j >> 1) * 4 + 1] = 0;
    return;
  }
  for (int32_t ky = 0; ky < g->kh; ky++) {
    int32_t iy = oy * g->sh - g->ph + ky * g->dh;
    for (int32_t kx = 0; kx < g->kw; kx++, j += cin) {
      int32_t ix = ox * g->sw - g->pw + kx * g->dw;
      if (iy < 0 || iy >= g->in.h || ix < 0 || ix >= g->in.w) {
        for (int32_t i = 0; i < cin; i++) c16[((j + i) >> 1) * 4 + ((j + i) & 1)] = 0;
        continue;
      }
      const int8_t *xp = x + (((size_t)n * g->in.h + iy) * g->in.w + ix) * g->in.c;
      int32_t i = 0;
      if (!(j & 1))
        for (; i < cin4; i += 4) {
          uint32_t x4 = cm_read_u32(xp + i);
          col[(j + i) + 0] = __sxtab16(off2, x4);
          col[(j + i) + 2] = __sxtab16(off2, cm_ror8(x4));
        }
      for (; i < cin; i++) {
        int32_t pos = j + tap_slot(i, cin4);
        c16[(pos >> 1) * 4 + (pos & 1)] = (int16_t)(xp[i] + ioff);
      }
    }
  }
  if (j & 1) c16[(j >> 1) * 4 + 1] = 0;
}

static void conv_dsp_core(const conv_geom *gp, const conv_io *iop, uint32_t *scratch) {
  conv_geom g = *gp;
  conv_io io = *iop;
  int32_t ocb, cout = g.out.c, k2 = (g.kh * g.kw * g.cin_g + 1) & ~1, kw2 = k2 >> 1;
  int32_t npix = g.out.n * g.out.h * g.out.w;
  conv_scratch(&g, &ocb);
  uint32_t *wq = scratch, *col = scratch + (size_t)ocb * (size_t)kw2;
  for (int32_t ob = 0; ob < cout; ob += ocb) {
    int32_t nb = cout - ob < ocb ? cout - ob : ocb;
    for (int32_t o = 0; o < nb; o++)
      conv_extend_row(&g, io.w, ob + o, wq + (size_t)(o >> 1) * (size_t)k2 + (o & 1));
    if (nb & 1) /* the odd channel's partner: a copy, computed and not stored */
      conv_extend_row(&g, io.w, ob + nb - 1, wq + (size_t)(nb >> 1) * (size_t)k2 + 1);
    for (int32_t p = 0; p < npix; p += 2) {
      int32_t q = p + 1 < npix ? p + 1 : p;
      conv_gather(&g, io.x, io.ioff, p, col);
      conv_gather(&g, io.x, io.ioff, q, col + 1);
      int8_t *yp = io.y + (size_t)p * (size_t)cout, *yq = io.y + (size_t)q * (size_t)cout;
      for (int32_t o = 0; o < nb; o += 2) {
        int32_t ca = ob + o, cb = o + 1 < nb ? ca + 1 : ca;
        const uint32_t *wp = wq + (size_t)(o >> 1) * (size_t)k2, *cp = col, *end = col + k2;
        int32_t ap = io.bias ? io.bias[ca] : 0, bp = io.bias ? io.bias[cb] : 0, aq = ap, bq = bp;
        if (kw2 & 1) {
          uint32_t x0 = cp[0], x1 = cp[1], wa = wp[0], wb = wp[1];
          ap = __smlad(wa, x0, ap), aq = __smlad(wa, x1, aq);
          bp = __smlad(wb, x0, bp), bq = __smlad(wb, x1, bq);
          cp += 2, wp += 2;
        }
        while (cp < end) {
          uint32_t x0, x1, wa, wb;
          cm_ldrd_inc(&cp, &x0, &x1), cm_ldrd_inc(&wp, &wa, &wb);
          ap = __smlad(wa, x0, ap), aq = __smlad(wa, x1, aq);
          bp = __smlad(wb, x0, bp), bq = __smlad(wb, x1, bq);
          cm_ldrd_inc(&cp, &x0, &x1), cm_ldrd_inc(&wp, &wa, &wb);
          ap = __smlad(wa, x0, ap), aq = __smlad(wa, x1, aq);
          bp = __smlad(wb, x0, bp), bq = __smlad(wb, x1, bq);
        }
        conv_finish2(&io, cb, (uint32_t)bq, (uint32_t)bp, &yq[cb], &yp[cb]);
        conv_finish2(&io, ca, (uint32_t)aq, (uint32_t)ap, &yq[ca], &yp[ca]);
      }
    }
  }
}

static pt_status conv_run_dsp(const pt_ctx *ctx, const pt_call *call) {
  conv_geom g;
  geom_run(ctx, call, false, &g);
  conv_io io = io_of(ctx, call, &CONV);
  if (!cm_requantize_rs1_ok(io.mult, io.shift, g.out.c)) conv_portable(&g, &io); /* exotic shifts */
  else conv_dsp_core(&g, &io, (uint32_t *)ctx->scratch);
  return PT_OK;
}

static pt_status dwconv1_run_dsp(const pt_ctx *ctx, const pt_call *call) {
  conv_geom g;
  geom_run(ctx, call, true, &g);
  conv_io io = io_of(ctx, call, &DWCONV);
  if (!cm_requantize_rs1_ok(io.mult, io.shift, g.out.c)) { /* exotic shifts */
    conv_portable(&g, &io);
    return PT_OK;
  }
  g.groups = 1, g.cin_g = 1; /* depthwise stays set: conv_extend_row reads IHWO */
  conv_dsp_core(&g, &io, (uint32_t *)ctx->scratch);
  return PT_OK;
}
#endif

#if CM_HAVE_DSP
/* Depth multiplier 1: channel c of the output reads channel c of the input. Four channels at
 * a time: the weights are sign-extended once per run into scratch as two words per tap
 * (channels 0,2 and 1,3), one input word per tap goes through SXTAB16 (+ input_offset) into
 * the same pairs, and SMLABB/SMLATT accumulate the four channels in registers over the taps.
 * Each output pixel's in-image tap range is found once, so the tap loops have no checks. */
static pt_status dwconv_run_dsp(const pt_ctx *ctx, const pt_call *call) {
  conv_geom g;
  geom_run(ctx, call, true, &g);
  conv_io io = io_of(ctx, call, &DWCONV);
  int32_t c = g.out.c, c4 = c & ~3, nq = c4 >> 2, taps = g.kh * g.kw;
  uint32_t off2 = ((uint32_t)(uint16_t)io.ioff << 16) | (uint16_t)io.ioff;
  uint32_t *we = (uint32_t *)ctx->scratch;
  if (!cm_requantize_rs1_ok(io.mult, io.shift, c)) { /* exotic shifts */
    conv_portable(&g, &io);
    return PT_OK;
  }
  for (int32_t t = 0; t < taps; t++)
    for (int32_t q = 0; q < nq; q++) {
      uint32_t w4 = cm_read_u32(io.w + (size_t)t * c + 4 * q);
      we[((size_t)t * nq + q) * 2] = __sxtb16(w4);
      we[((size_t)t * nq + q) * 2 + 1] = __sxtb16(cm_ror8(w4));
    }
  size_t xstep = (size_t)g.dw * g.in.c, wstep = (size_t)nq * 2;
  for (int32_t n = 0; n < g.out.n; n++)
    for (int32_t oy = 0; oy < g.out.h; oy++) {
      int32_t ky0 = 0, ky1 = g.kh;
      while (ky0 < ky1 && oy * g.sh - g.ph + ky0 * g.dh < 0) ky0++;
      while (ky1 > ky0 && oy * g.sh - g.ph + (ky1 - 1) * g.dh >= g.in.h) ky1--;
      for (int32_t ox = 0; ox < g.out.w; ox++) {
        int32_t kx0 = 0, kx1 = g.kw;
        while (kx0 < kx1 && ox * g.sw - g.pw + kx0 * g.dw < 0) kx0++;
        while (kx1 > kx0 && ox * g.sw - g.pw + (kx1 - 1) * g.dw >= g.in.w) kx1--;
        int32_t nkx = kx1 - kx0;
        int8_t *yp = io.y + (((size_t)n * g.out.h + oy) * g.out.w + ox) * c;
        /* the first in-image tap's input pixel, and its weights */
        const int8_t *x0 = io.x; /* (unused when no tap is inside) */
        if (ky0 < ky1 && nkx > 0)
          x0 += (((size_t)n * g.in.h + (size_t)(oy * g.sh - g.ph + ky0 * g.dh)) * g.in.w +
                 (size_t)(ox * g.sw - g.pw + kx0 * g.dw)) * g.in.c;
        size_t xrow = (size_t)g.dh * g.in.w * g.in.c, t0 = (size_t)ky0 * g.kw + kx0;
        for (int32_t q = 0; q < nq; q++) {
          int32_t ch = 4 * q;
          int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
          if (io.bias) a0 = io.bias[ch], a1 = io.bias[ch + 1], a2 = io.bias[ch + 2], a3 = io.bias[ch + 3];
          const int8_t *xr = x0 + ch;
          const uint32_t *wr = we + t0 * wstep + 2 * q;
          for (int32_t ky = ky0; ky < ky1; ky++, xr += xrow, wr += (size_t)g.kw * wstep) {
            const int8_t *xp = xr;
            const uint32_t *wp = wr;
            for (int32_t k = 0; k < nkx; k++, xp += xstep, wp += wstep) {
              uint32_t x4 = cm_read_u32(xp);
              uint32_t xe = __sxtab16(off2, x4), xo = __sxtab16(off2, cm_ror8(x4));
              uint32_t wev = wp[0], wod = wp[1];
              a0 = __smlabb(xe, wev, a0);
              a2 = __smlatt(xe, wev, a2);
              a1 = __smlabb(xo, wod, a1);
              a3 = __smlatt(xo, wod, a3);
            }
          }
          yp[ch] = conv_finish1(&io, ch, (uint32_t)a0);
          yp[ch + 1] = conv_finish1(&io, ch + 1, (uint32_t)a1);
          yp[ch + 2] = conv_finish1(&io, ch + 2, (uint32_t)a2);
          yp[ch + 3] = conv_finish1(&io, ch + 3, (uint32_t)a3);
        }
        for (int32_t ch = c4; ch < c; ch++) {
          uint32_t acc = io.bias ? (uint32_t)io.bias[ch] : 0;
          for (int32_t ky = ky0; ky < ky1; ky++)
            for (int32_t kx = kx0; kx < kx1; kx++) {
              const int8_t *xp = x0 + (size_t)(ky - ky0) * xrow + (size_t)(kx - kx0) * xstep + ch;
              acc += (uint32_t)(((int32_t)xp[0] + io.ioff) * io.w[((size_t)ky * g.kw + kx) * c + ch]);
            }
          yp[ch] = conv_finish(&io, ch, acc);
        }
      }
    }
  return PT_OK;
}
#endif

static pt_status conv_bind(pt_bind *b) { KU_STATE4(b)[0] = 0; return conv_bind_any(b, false, false); }
static pt_status conv_nhwc_bind(pt_bind *b) { KU_STATE4(b)[0] = 1; return conv_bind_any(b, false, true); }
static pt_status dwconv_bind(pt_bind *b) { KU_STATE4(b)[0] = 0; return conv_bind_any(b, true, false); }
static pt_status dwconv_nhwc_bind(pt_bind *b) { KU_STATE4(b)[0] = 1; return conv_bind_any(b, true, true); }

const pt_kernel pt_k_cortex_m_quantized_conv2d_out = {"cortex_m::quantized_conv2d.out", conv_bind,
                                                      conv_run, NULL};
const pt_kernel pt_k_cortex_m_quantized_conv2d_nhwc_out = {"cortex_m::quantized_conv2d_nhwc.out",
                                                           conv_nhwc_bind, conv_run, NULL};
const pt_kernel pt_k_cortex_m_quantized_depthwise_conv2d_out = {
    "cortex_m::quantized_depthwise_conv2d.out", dwconv_bind, dwconv_run, NULL};
const pt_kernel pt_k_cortex_m_quantized_depthwise_conv2d_nhwc_out = {
    "cortex_m::quantized_depthwise_conv2d_nhwc.out", dwconv_nhwc_bind, dwconv_run, NULL};
