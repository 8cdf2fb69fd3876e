/* aten::convolution.out [input, weight, bias?, stride, padding, dilation, transposed,
 * output_padding, groups, out, out]: 1-D and 2-D, float32, input and out in any dim_order (channels-last too), groups
 * (depthwise included), not transposed. Each output sums in_c, then kh, then kw from 0,
 * then adds the bias, as ExecuTorch's portable kernel does. */
#include "kernel_util.h"

/* The geometry one output needs. */
typedef struct {
  uint32_t H, W, KH, KW, cg, xc, xh, xw;
  int32_t sh, sw, ph, pw, dh, dw;
} conv_geo;

/* One output: in_c, then kh, then kw from 0, skipping taps in the padding (the reference
 * order). x points at this output's group and image. */
static float conv_point(const float *x, const float *wo, const conv_geo *g, uint32_t oy,
                        uint32_t ox) {
  float acc = 0.0f;
  for (uint32_t ic = 0; ic < g->cg; ic++) {
    const float *xc = x + (size_t)ic * g->xc;
    for (uint32_t ky = 0; ky < g->KH; ky++) {
      int32_t iy = (int32_t)oy * g->sh - g->ph + (int32_t)ky * g->dh;
      if (iy < 0 || iy >= (int32_t)g->H) continue;
      for (uint32_t kx = 0; kx < g->KW; kx++) {
        int32_t ix = (int32_t)ox * g->sw - g->pw + (int32_t)kx * g->dw;
        if (ix < 0 || ix >= (int32_t)g->W) continue;
        acc += xc[(uint32_t)iy * g->xh + (uint32_t)ix * g->xw] * wo[(ic * g->KH + ky) * g->KW + kx];
      }
    }
  }
  return acc;
}

/* One 8-column block of one output channel from +0: acc[j] = sum over t in order of
 * x[off[t] + j] * w[t], then + *bias when bias is not NULL, stored to y[0..7]. On the M33 one
 * VLDM loads the 8 inputs of a tap and 8 VMLA (chained, not fused: the product is rounded, then
 * the sum, as `acc += x * w` compiles without contraction) add them, so every sum is
 * bit-identical to conv_point's. */
#if defined(__arm__) && defined(__thumb2__) && defined(__ARM_FP) && (__ARM_FP & 4)
#define CONV_VFP 1
#define VMLA8(x, a, b, c, d, e, f, g, h)                                                     \
  "vmla.f32 s0, " x ", " a "\n\tvmla.f32 s1, " x ", " b "\n\tvmla.f32 s2, " x ", " c "\n\t"  \
  "vmla.f32 s3, " x ", " d "\n\tvmla.f32 s4, " x ", " e "\n\tvmla.f32 s5, " x ", " f "\n\t" \
  "vmla.f32 s6, " x ", " g "\n\tvmla.f32 s7, " x ", " h "\n\t"
static void block8(const float *x, const int32_t *off, const float *w, uint32_t n,
                   const float *bias, float *y) {
  const float *p;
  __asm__ volatile(
      "vmov s0, s1, %[z], %[z]\n\tvmov s2, s3, %[z], %[z]\n\t"
      "vmov s4, s5, %[z], %[z]\n\tvmov s6, s7, %[z], %[z]\n"
      "1:\n\t"
      "ldr %[p], [%[o]], #4\n\t"
      "add %[p], %[x], %[p], lsl #2\n\t"
      "vldmia %[p], {s8-s15}\n\t"
      "vldmia %[w]!, {s16}\n\t"
      "vmla.f32 s0, s8, s16\n\tvmla.f32 s1, s9, s16\n\tvmla.f32 s2, s10, s16\n\t"
      "vmla.f32 s3, s11, s16\n\tvmla.f32 s4, s12, s16\n\tvmla.f32 s5, s13, s16\n\t"
      "vmla.f32 s6, s14, s16\n\tvmla.f32 s7, s15, s16\n\t"
      "subs %[n], %[n], #1\n\t"
      "bne 1b\n\t"
      "cmp %[b], #0\n\t"
      "beq 2f\n\t"
      "vldr s16, [%[b]]\n\t"
      "vadd.f32 s0, s0, s16\n\tvadd.f32 s1, s1, s16\n\tvadd.f32 s2, s2, s16\n\t"
      "vadd.f32 s3, s3, s16\n\tvadd.f32 s4, s4, s16\n\tvadd.f32 s5, s5, s16\n\t"
      "vadd.f32 s6, s6, s16\n\tvadd.f32 s7, s7, s16\n"
      "2:\n\t"
      "vstmia %[y], {s0-s7}"
      : [p] "=&r"(p), [o] "+r"(off), [w] "+r"(w), [n] "+r"(n)
      : [x] "r"(x), [b] "r"(bias), [y] "r"(y), [z] "r"(0)
      : "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12", "s13",
        "s14", "s15", "s16", "cc", "memory");
}
#else
static void block8(const float *x, const int32_t *off, const float *w, uint32_t n,
                   const float *bias, float *y) {
  float acc[8] = {0};
  for (uint32_t t = 0; t < n; t++)
    for (uint32_t j = 0; j < 8; j++) acc[j] += x[off[t] + (int32_t)j] * w[t];
  for (uint32_t j = 0; j < 8; j++) y[j] = bias ? acc[j] + *bias : acc[j];
}
#endif

/* acc[j] += x[off[t] + j] * w[t] for t in order, 8 outputs j whose inputs are adjacent
 * (partial sums of a chunk of taps). */
#ifdef CONV_VFP
static void taps8(const float *x, const int32_t *off, const float *w, uint32_t n, float *acc) {
  const float *p;
  __asm__ volatile(
      "vldmia %[a], {s0-s7}\n"
      "1:\n\t"
      "ldr %[p], [%[o]], #4\n\t"
      "add %[p], %[x], %[p], lsl #2\n\t"
      "vldmia %[p], {s8-s15}\n\t"
      "vldmia %[w]!, {s16}\n\t"
      "vmla.f32 s0, s8, s16\n\tvmla.f32 s1, s9, s16\n\tvmla.f32 s2, s10, s16\n\t"
      "vmla.f32 s3, s11, s16\n\tvmla.f32 s4, s12, s16\n\tvmla.f32 s5, s13, s16\n\t"
      "vmla.f32 s6, s14, s16\n\tvmla.f32 s7, s15, s16\n\t"
      "subs %[n], %[n], #1\n\t"
      "bne 1b\n\t"
      "vstmia %[a], {s0-s7}"
      : [p] "=&r"(p), [o] "+r"(off), [w] "+r"(w), [n] "+r"(n)
      : [x] "r"(x), [a] "r"(acc)
      : "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12", "s13",
        "s14", "s15", "s16", "cc", "memory");
}
#else
static void taps8(const float *x, const int32_t *off, const float *w, uint32_t n, float *acc) {
  for (uint32_t t = 0; t < n; t++)
    for (uint32_t j = 0; j < 8; j++) acc[j] += x[off[t] + (int32_t)j] * w[t];
}
#endif

/* 8 output channels of one output: acc[j] += x[k*step] * w[k*8 + j] over the nk taps of each
 * of nrows kernel rows (rows xrow inputs and wrow weights apart), taps in order. The weights
 * are laid [tap][8 channels] in scratch, so a tap is one input load, one VLDM of 8 weights
 * and 8 VMLA; on the M33 two taps per step when the taps' inputs are adjacent. */
#ifdef CONV_VFP
static void oc8_rows(const float *x, const float *w, uint32_t nrows, uint32_t nk, uint32_t step,
                     uint32_t xrow, uint32_t wrow, float *acc) {
  if (step != 1) {
    for (uint32_t r = 0; r < nrows; r++, x += xrow, w += wrow)
      for (uint32_t k = 0; k < nk; k++)
        for (uint32_t j = 0; j < 8; j++) acc[j] += x[k * step] * w[k * 8 + j];
    return;
  }
  int32_t xs = ((int32_t)xrow - (int32_t)nk) * 4, ws = ((int32_t)wrow - (int32_t)nk * 8) * 4;
  uint32_t k;
  __asm__ volatile(
      "vldmia %[a], {s0-s7}\n"
      "1:\n\t"
      "lsrs %[k], %[nk], #1\n\t"
      "bcc 2f\n\t"
      "vldmia %[x]!, {s8}\n\t"
      "vldmia %[w]!, {s16-s23}\n\t"
      VMLA8("s8", "s16", "s17", "s18", "s19", "s20", "s21", "s22", "s23")
      "2:\n\t"
      "beq 4f\n"
      "3:\n\t"
      "vldmia %[x]!, {s8-s9}\n\t"
      "vldmia %[w]!, {s16-s31}\n\t"
      VMLA8("s8", "s16", "s17", "s18", "s19", "s20", "s21", "s22", "s23")
      VMLA8("s9", "s24", "s25", "s26", "s27", "s28", "s29", "s30", "s31")
      "subs %[k], %[k], #1\n\t"
      "bne 3b\n"
      "4:\n\t"
      "add %[x], %[x], %[xs]\n\t"
      "add %[w], %[w], %[ws]\n\t"
      "subs %[n], %[n], #1\n\t"
      "bne 1b\n\t"
      "vstmia %[a], {s0-s7}"
      : [x] "+r"(x), [w] "+r"(w), [n] "+r"(nrows), [k] "=&r"(k)
      : [nk] "r"(nk), [xs] "r"(xs), [ws] "r"(ws), [a] "r"(acc)
      : "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s16", "s17", "s18", "s19",
        "s20", "s21", "s22", "s23", "s24", "s25", "s26", "s27", "s28", "s29", "s30", "s31", "cc",
        "memory");
}
#else
static void oc8_rows(const float *x, const float *w, uint32_t nrows, uint32_t nk, uint32_t step,
                     uint32_t xrow, uint32_t wrow, float *acc) {
  for (uint32_t r = 0; r < nrows; r++, x += xrow, w += wrow)
    for (uint32_t k = 0; k < nk; k++)
      for (uint32_t j = 0; j < 8; j++) acc[j] += x[k * step] * w[k * 8 + j];
}
#endif

/* Same with the 8 inputs step elements apart (strided or channels-last). */
static void taps8s(const float *x, const int32_t *off, const float *w, uint32_t n, uint32_t step,
                   float *acc) {
  for (uint32_t t = 0; t < n; t++)
    for (uint32_t j = 0; j < 8; j++) acc[j] += x[(size_t)off[t] + j * step] * w[t];
}

/* [lo, hi) of the kernel taps k (input o*s - p + k*d) that fall inside [0, n) */
static void tap_range(int32_t o, int32_t s, int32_t p, int32_t d, uint32_t K, uint32_t n,
                      uint32_t *lo, uint32_t *hi) {
  int32_t base = o * s - p, l = base < 0 ? (-base + d - 1) / d : 0;
  int32_t h = (int32_t)n - 1 - base < 0 ? 0 : ((int32_t)n - 1 - base) / d + 1;
  if (h > (int32_t)K) h = (int32_t)K;
  if (l > h) l = h;
  *lo = (uint32_t)l, *hi = (uint32_t)h;
}

/* Output channels 8 at a time (groups whose channel count is a multiple of 8): the block's
 * weights are laid [tap][8] in scratch once, then each output (borders too) runs over the
 * taps that fall inside the input, in the reference order, skipping the others. */
static void conv_oc8(const float *x, const float *w, const float *bias, float *y,
                     const conv_geo *g, uint32_t OC, uint32_t ocg, uint32_t OH, uint32_t OW,
                     uint32_t yc, uint32_t yh, uint32_t yw, float *ws) {
  uint32_t T = g->cg * g->KH * g->KW, step = (uint32_t)g->dw * g->xw;
  uint32_t xrow = (uint32_t)g->dh * g->xh, wrow = g->KW * 8;
  for (uint32_t oc0 = 0; oc0 < OC; oc0 += 8) {
    const float *xg = x + (size_t)(oc0 / ocg) * g->cg * g->xc;
    for (uint32_t t = 0; t < T; t++)
      for (uint32_t j = 0; j < 8; j++) ws[t * 8 + j] = w[(size_t)(oc0 + j) * T + t];
    for (uint32_t oy = 0; oy < OH; oy++) {
      uint32_t ky0, ky1;
      tap_range((int32_t)oy, g->sh, g->ph, g->dh, g->KH, g->H, &ky0, &ky1);
      int32_t iy = (int32_t)oy * g->sh - g->ph + (int32_t)ky0 * g->dh;
      for (uint32_t ox = 0; ox < OW; ox++) {
        uint32_t kx0, kx1;
        tap_range((int32_t)ox, g->sw, g->pw, g->dw, g->KW, g->W, &kx0, &kx1);
        int32_t ix = (int32_t)ox * g->sw - g->pw + (int32_t)kx0 * g->dw;
        float acc[8] = {0};
        if (ky1 > ky0 && kx1 > kx0) {
          const float *xp = xg + (size_t)iy * g->xh + (size_t)ix * g->xw;
          const float *wp = ws + ((size_t)ky0 * g->KW + kx0) * 8;
          for (uint32_t ic = 0; ic < g->cg; ic++)
            oc8_rows(xp + (size_t)ic * g->xc, wp + (size_t)ic * g->KH * g->KW * 8, ky1 - ky0,
                     kx1 - kx0, step, xrow, wrow, acc);
        }
        float *yp = y + (size_t)oc0 * yc + oy * yh + ox * yw;
        for (uint32_t j = 0; j < 8; j++) yp[j * yc] = bias ? acc[j] + bias[oc0 + j] : acc[j];
      }
    }
  }
}

/* Depthwise 3x3, stride 1, padding 1, rows of at most 8 (n, a constant once inlined): a whole
 * output row of one channel in registers, each input row loaded once for its 3 taps. Per
 * output: taps ky then kx from 0, those in the padding skipped, then + bias. */
static inline __attribute__((always_inline)) void dw3_plane(const float *x, const float *w,
                                                            const float *bias, float *y,
                                                            uint32_t H, uint32_t xh, uint32_t yh,
                                                            const uint32_t n) {
  float k[9];
  for (uint32_t t = 0; t < 9; t++) k[t] = w[t];
  for (uint32_t oy = 0; oy < H; oy++) {
    float a[8] = {0};
    for (uint32_t ky = 0; ky < 3; ky++) {
      if (oy + ky < 1 || oy + ky > H) continue;
      const float *xr = x + (size_t)(oy + ky - 1) * xh;
      float v[8];
#pragma GCC unroll 8
      for (uint32_t j = 0; j < n; j++) v[j] = xr[j];
#pragma GCC unroll 8
      for (uint32_t ox = 0; ox < n; ox++) {
        if (ox >= 1) a[ox] += v[ox - 1] * k[ky * 3];
        a[ox] += v[ox] * k[ky * 3 + 1];
        if (ox + 1 < n) a[ox] += v[ox + 1] * k[ky * 3 + 2];
      }
    }
    float *yr = y + (size_t)oy * yh;
#pragma GCC unroll 8
    for (uint32_t ox = 0; ox < n; ox++) yr[ox] = bias ? a[ox] + *bias : a[ox];
  }
}

static void conv_dw3(const float *x, const float *w, const float *bias, float *y, uint32_t C,
                     uint32_t H, uint32_t W, uint32_t xc, uint32_t xh, uint32_t yc, uint32_t yh) {
  for (uint32_t c = 0; c < C; c++) {
    const float *xp = x + (size_t)c * xc, *wp = w + (size_t)c * 9, *bp = bias ? bias + c : NULL;
    float *yp = y + (size_t)c * yc;
    switch (W) {
    case 1: dw3_plane(xp, wp, bp, yp, H, xh, yh, 1); break;
    case 2: dw3_plane(xp, wp, bp, yp, H, xh, yh, 2); break;
    case 3: dw3_plane(xp, wp, bp, yp, H, xh, yh, 3); break;
    case 4: dw3_plane(xp, wp, bp, yp, H, xh, yh, 4); break;
    case 5: dw3_plane(xp, wp, bp, yp, H, xh, yh, 5); break;
    case 6: dw3_plane(xp, wp, bp, yp, H, xh, yh, 6); break;
    case 7: dw3_plane(xp, wp, bp, yp, H, xh, yh, 7); break;
    default: dw3_plane(xp, wp, bp, yp, H, xh, yh, 8); break;
    }
  }
}

/* Taps per chunk of the offset table (on the stack: 256 bytes). */
#define CONV_TAPS 64u

/* bind's choice, kept in state[3] above groups */
#define CONV_OC8 0x10000u

/* 1-D runs as 2-D with H = 1. Geometry is recomputed from the tensors; state holds
 * stride_h, stride_w | pad_h, pad_w | dil_h, dil_w | groups, 16 bits each (+ CONV_OC8).
 * Convs whose groups have a multiple of 8 output channels go 8 channels at a time (conv_oc8),
 * narrow depthwise 3x3 convs a row at a time (conv_dw3). The others: outputs whose taps all
 * lie inside the input (the interior) go 8 adjacent columns at a time, the taps' input offsets
 * precomputed once per chunk of CONV_TAPS taps; with more taps, partial sums wait in out
 * between chunks (floats stored and reloaded unchanged). Border outputs and leftover columns
 * go through conv_point. */
static pt_status conv_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0), *wt = KU_T(ctx, call, 1);
  const pt_tensor *out = KU_T(ctx, call, 9);
  const pt_value *vb = &ctx->values[call->args[2]];
  const float *bias = vb->tag == PT_TAG_TENSOR ? (const float *)vb->u.t->data : NULL;
  const float *x = (const float *)in->data, *w = (const float *)wt->data;
  float *y = (float *)out->data;
  bool two = in->rank == 4;
  conv_geo g;
  uint32_t N = (uint32_t)in->sizes[0], C = (uint32_t)in->sizes[1];
  g.H = two ? (uint32_t)in->sizes[2] : 1;
  g.W = (uint32_t)in->sizes[in->rank - 1];
  uint32_t OC = (uint32_t)out->sizes[1], OH = two ? (uint32_t)out->sizes[2] : 1;
  uint32_t OW = (uint32_t)out->sizes[out->rank - 1];
  g.KH = two ? (uint32_t)wt->sizes[2] : 1;
  g.KW = (uint32_t)wt->sizes[wt->rank - 1];
  g.sh = (int32_t)(KU_STATE(call)[0] >> 16), g.sw = (int32_t)(KU_STATE(call)[0] & 0xffff);
  g.ph = (int32_t)(KU_STATE(call)[1] >> 16), g.pw = (int32_t)(KU_STATE(call)[1] & 0xffff);
  g.dh = (int32_t)(KU_STATE(call)[2] >> 16), g.dw = (int32_t)(KU_STATE(call)[2] & 0xffff);
  uint32_t groups = KU_STATE(call)[3] & 0xffff;
  g.cg = C / groups;
  uint32_t ocg = OC / groups;
  /* element strides of input and out (N, C, H, W; H stride 0 for 1-D): any dim_order */
  uint32_t si[PT_MAX_RANK], so[PT_MAX_RANK];
  ku_strides(in, si);
  ku_strides(out, so);
  uint32_t xn = si[0];
  g.xc = si[1], g.xh = two ? si[2] : 0, g.xw = si[in->rank - 1];
  uint32_t yn = so[0], yc = so[1], yh = two ? so[2] : 0, yw = so[out->rank - 1];
  if (KU_STATE(call)[3] & CONV_OC8) {
    for (uint32_t n = 0; n < N; n++)
      conv_oc8(x + (size_t)n * xn, w, bias, y + (size_t)n * yn, &g, OC, ocg, OH, OW, yc, yh, yw,
               (float *)ctx->scratch);
    return PT_OK;
  }
  if (g.cg == 1 && ocg == 1 && g.KH == 3 && g.KW == 3 && g.sh == 1 && g.sw == 1 && g.dh == 1 &&
      g.dw == 1 && g.ph == 1 && g.pw == 1 && g.W <= 8 && g.xw == 1 && yw == 1) {
    for (uint32_t n = 0; n < N; n++)
      conv_dw3(x + (size_t)n * xn, w, bias, y + (size_t)n * yn, C, g.H, g.W, g.xc, g.xh, yc, yh);
    return PT_OK;
  }
  /* a pointwise conv (1x1, stride 1, no padding) over rows laid end to end is the same conv
   * over one long row: blocks of 8 then span rows, however narrow the image */
  if (two && g.KH == 1 && g.KW == 1 && g.sh == 1 && g.sw == 1 && g.ph == 0 && g.pw == 0 &&
      g.xh == g.W * g.xw && yh == OW * yw) {
    g.W *= g.H, OW *= OH;
    g.H = OH = 1, g.xh = yh = 0;
  }
  uint32_t T = g.cg * g.KH * g.KW, kk = g.KH * g.KW;
  /* interior: oy*sh - ph >= 0 and oy*sh - ph + (KH-1)*dh < H, the same for columns */
  uint32_t oy0 = (uint32_t)((g.ph + g.sh - 1) / g.sh), ox0 = (uint32_t)((g.pw + g.sw - 1) / g.sw);
  int32_t ly = (int32_t)g.H - 1 + g.ph - (int32_t)(g.KH - 1) * g.dh;
  int32_t lx = (int32_t)g.W - 1 + g.pw - (int32_t)(g.KW - 1) * g.dw;
  uint32_t oy1 = ly < 0 ? 0 : (uint32_t)(ly / g.sh) + 1, ox1 = lx < 0 ? 0 : (uint32_t)(lx / g.sw) + 1;
  if (oy1 > OH) oy1 = OH;
  if (ox1 > OW) ox1 = OW;
  if (oy0 > oy1) oy0 = oy1;
  if (ox0 > ox1) ox0 = ox1;
  /* 8-column blocks per row; with one chunk of taps a last block may overlap the one before
   * it (it recomputes the same sums), so the interior needs no single columns */
  uint32_t nb = (ox1 - ox0) / 8, step = (uint32_t)g.sw * g.xw;
  if (T <= CONV_TAPS && nb && (ox1 - ox0) % 8) nb++;
  uint32_t ox_end = T <= CONV_TAPS && nb ? ox1 : ox0 + nb * 8; /* blocks cover [ox0, ox_end) */
  int32_t off[CONV_TAPS];
  for (uint32_t n = 0; n < N; n++) {
    const float *xb = x + (size_t)n * xn;
    float *yb = y + (size_t)n * yn;
    for (uint32_t oc = 0; oc < OC; oc++) {
      const float *xg = xb + (size_t)(oc / ocg) * g.cg * g.xc;
      const float *wo = w + (size_t)oc * T;
      float b = bias ? bias[oc] : 0.0f;
      for (uint32_t oy = 0; oy < OH; oy++) {
        bool row_in = oy >= oy0 && oy < oy1;
        for (uint32_t ox = 0; ox < OW; ox++) {
          if (row_in && ox == ox0 && nb) {
            ox = ox_end - 1;
            continue;
          }
          float acc = conv_point(xg, wo, &g, oy, ox);
          if (bias) acc += b;
          yb[(size_t)oc * yc + oy * yh + ox * yw] = acc;
        }
      }
    }
    if (!nb) continue;
    /* the interior, chunk by chunk of taps */
    for (uint32_t t0 = 0; t0 < T; t0 += CONV_TAPS) {
      uint32_t nt = T - t0 < CONV_TAPS ? T - t0 : CONV_TAPS;
      for (uint32_t t = 0; t < nt; t++) {
        uint32_t ic = (t0 + t) / kk, r = (t0 + t) % kk, ky = r / g.KW, kx = r % g.KW;
        off[t] = (int32_t)(ic * g.xc + ky * (uint32_t)g.dh * g.xh + kx * (uint32_t)g.dw * g.xw);
      }
      bool first = t0 == 0, last = t0 + nt == T;
      for (uint32_t oc = 0; oc < OC; oc++) {
        const float *xg = xb + (size_t)(oc / ocg) * g.cg * g.xc;
        const float *wt0 = w + (size_t)oc * T + t0;
        const float *bo = bias ? bias + oc : NULL;
        for (uint32_t oy = oy0; oy < oy1; oy++) {
          const float *xr = xg + (size_t)((int32_t)oy * g.sh - g.ph) * g.xh;
          float *yr = yb + (size_t)oc * yc + oy * yh;
          for (uint32_t bk = 0; bk < nb; bk++) {
            uint32_t ox = ox0 + bk * 8 < ox1 - 8 ? ox0 + bk * 8 : ox1 - 8;
            const float *xp = xr + (size_t)((int32_t)ox * g.sw - g.pw) * g.xw;
            float *yp = yr + (size_t)ox * yw;
            if (first && last && step == 1 && yw == 1) {
              block8(xp, off, wt0, nt, bo, yp);
              continue;
            }
            float acc[8];
            for (uint32_t j = 0; j < 8; j++) acc[j] = first ? 0.0f : yp[j * yw];
            if (step == 1) taps8(xp, off, wt0, nt, acc);
            else taps8s(xp, off, wt0, nt, step, acc);
            if (last && bias)
              for (uint32_t j = 0; j < 8; j++) acc[j] += bias[oc];
            for (uint32_t j = 0; j < 8; j++) yp[j * yw] = acc[j];
          }
        }
      }
    }
  }
  return PT_OK;
}

static pt_status pair(pt_bind *b, uint32_t i, const char *what, uint32_t sp, int32_t dflt,
                      int32_t min, int32_t *v) {
  uint32_t n;
  pt_status s = ku_int_list_len(b, i, what, &n);
  if (s) return s;
  if (n != 1 && n != sp && !(n == 0 && dflt >= 0))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s needs 1 or %u values, got %u",
                   b->op_name, what, (unsigned)sp, (unsigned)n);
  for (uint32_t k = 0; k < sp; k++) {
    int64_t x = n == 0 ? dflt : ku_int_list_at(b, i, n == 1 ? 0 : k);
    if (x < min || x > 0x7fff)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s value %lld is out of range",
                     b->op_name, what, (long long)x);
    v[k] = (int32_t)x;
  }
  return PT_OK;
}

static pt_status conv_bind(pt_bind *b) {
  const pt_tensor *in, *wt, *out;
  int32_t st[2], pad[2], dil[2], opad[2];
  int64_t groups;
  bool transposed;
  pt_status s;
  if ((s = ku_nargs(b, 11)) || (s = ku_tensor(b, 0, "input", &in)) ||
      (s = ku_tensor(b, 1, "weight", &wt)) || (s = ku_out(b, 9, &out)) ||
      (s = ku_bool(b, 6, "transposed", &transposed)) || (s = ku_int(b, 8, "groups", &groups)))
    return s;
  if ((s = ku_dtype_is(b, in, "input", PT_F32)) || (s = ku_dtype_is(b, wt, "weight", PT_F32)) ||
      (s = ku_dtype_is(b, out, "out", PT_F32)))
    return s;
  if (transposed)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: transposed convolution is not supported",
                   b->op_name);
  if ((in->rank != 3 && in->rank != 4) || wt->rank != in->rank)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: input and weight must both be 3-D (conv1d) or 4-D (conv2d)", b->op_name);
  uint32_t sp = in->rank - 2u;
  if ((s = pair(b, 3, "stride", sp, -1, 1, st)) || (s = pair(b, 4, "padding", sp, 0, 0, pad)) ||
      (s = pair(b, 5, "dilation", sp, 1, 1, dil)) ||
      (s = pair(b, 7, "output_padding", sp, 0, 0, opad)))
    return s;
  if ((s = ku_contiguous(b, wt, "weight")))
    return s;
  int32_t C = in->sizes[1], OC = wt->sizes[0];
  if (groups < 1 || groups > 0x7fff || C % groups || OC % groups || wt->sizes[1] * groups != C)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: groups %lld does not fit %d input channels and weight [%d, %d, ...]",
                   b->op_name, (long long)groups, (int)C, (int)OC, (int)wt->sizes[1]);
  if (!ku_is_none(b, 2)) {
    const pt_tensor *bias;
    if ((s = ku_tensor(b, 2, "bias", &bias)) || (s = ku_dtype_is(b, bias, "bias", PT_F32))) return s;
    if (bias->rank != 1 || bias->sizes[0] != OC)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: bias must have shape [%d]", b->op_name,
                     (int)OC);
  }
  int32_t sizes[4] = {in->sizes[0], OC, 0, 0};
  for (uint32_t k = 0; k < sp; k++) {
    int64_t insz = in->sizes[2 + k], ksz = wt->sizes[2 + k];
    int64_t o = (insz + 2 * pad[k] - dil[k] * (ksz - 1) - 1) / st[k] + 1;
    if (insz + 2 * pad[k] - dil[k] * (ksz - 1) - 1 < 0 || o < 1)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: the kernel is larger than the padded input",
                     b->op_name);
    sizes[2 + k] = (int32_t)o;
  }
  if ((s = ku_out_shape(b, out, sizes, in->rank))) return s;
  uint32_t sh = sp == 2 ? (uint32_t)st[0] : 1, ph = sp == 2 ? (uint32_t)pad[0] : 0, dh = sp == 2 ? (uint32_t)dil[0] : 1;
  KU_STATE4(b)[0] = sh << 16 | (uint32_t)st[sp - 1];
  KU_STATE4(b)[1] = ph << 16 | (uint32_t)pad[sp - 1];
  KU_STATE4(b)[2] = dh << 16 | (uint32_t)dil[sp - 1];
  KU_STATE4(b)[3] = (uint32_t)groups;
  /* 8 output channels at a time (conv_oc8) where the groups allow it and a kernel row has
   * taps to share the loads: the weights of 8 channels are laid out again in scratch */
  uint32_t taps = (uint32_t)wt->sizes[1];
  for (uint32_t k = 0; k < sp; k++) taps *= (uint32_t)wt->sizes[2 + k];
  if ((OC / groups) % 8 == 0 && taps > (uint32_t)wt->sizes[1]) {
    KU_STATE4(b)[3] |= CONV_OC8;
    b->scratch_bytes = (size_t)taps * 8 * sizeof(float);
  }
  return PT_OK;
}

const pt_kernel pt_k_aten_convolution_out = {"aten::convolution.out", conv_bind, conv_run, NULL};
