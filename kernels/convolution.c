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

/* acc[j] += x[off[t] + j] * w[t] for t in order, 8 outputs j whose inputs are adjacent.
 * On the M33 one VLDM loads the 8 inputs of a tap and 8 VMLA (chained, not fused: the
 * product is rounded, then the sum, as `acc += x * w` compiles without contraction) add
 * them, so every sum is bit-identical to conv_point's. */
#if defined(__arm__) && defined(__thumb2__) && defined(__ARM_FP) && (__ARM_FP & 4)
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

/* Same with the 8 inputs step elements apart (strided or channels-last). */
static void taps8s(const float *x, const int32_t *off, const float *w, uint32_t n, uint32_t step,
                   float *acc) {
  for (uint32_t t = 0; t < n; t++)
    for (uint32_t j = 0; j < 8; j++) acc[j] += x[(size_t)off[t] + j * step] * w[t];
}

/* Taps per chunk of the offset table (on the stack: 256 bytes). */
#define CONV_TAPS 64u

/* 1-D runs as 2-D with H = 1. Geometry is recomputed from the tensors; state holds
 * stride_h, stride_w | pad_h, pad_w | dil_h, dil_w | groups, 16 bits each.
 * Outputs whose taps all lie inside the input (the interior) go 8 adjacent columns at a time
 * through taps8, the taps' input offsets precomputed once per chunk of CONV_TAPS taps; with
 * more taps, partial sums wait in out between chunks (floats stored and reloaded unchanged).
 * Border outputs and leftover columns go through conv_point. */
static pt_status conv_run(pt_value *values, const pt_call *call) {
  const pt_tensor *in = KU_T(values, call, 0), *wt = KU_T(values, call, 1);
  const pt_tensor *out = KU_T(values, call, 9);
  const pt_value *vb = &values[call->args[2]];
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
  g.sh = (int32_t)(call->state[0] >> 16), g.sw = (int32_t)(call->state[0] & 0xffff);
  g.ph = (int32_t)(call->state[1] >> 16), g.pw = (int32_t)(call->state[1] & 0xffff);
  g.dh = (int32_t)(call->state[2] >> 16), g.dw = (int32_t)(call->state[2] & 0xffff);
  uint32_t groups = call->state[3];
  g.cg = C / groups;
  uint32_t ocg = OC / groups;
  /* element strides of input and out (N, C, H, W; H stride 0 for 1-D): any dim_order */
  uint32_t si[PT_MAX_RANK], so[PT_MAX_RANK];
  ku_strides(in, si);
  ku_strides(out, so);
  uint32_t xn = si[0];
  g.xc = si[1], g.xh = two ? si[2] : 0, g.xw = si[in->rank - 1];
  uint32_t yn = so[0], yc = so[1], yh = two ? so[2] : 0, yw = so[out->rank - 1];
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
        for (uint32_t oy = oy0; oy < oy1; oy++) {
          const float *xr = xg + (size_t)((int32_t)oy * g.sh - g.ph) * g.xh;
          float *yr = yb + (size_t)oc * yc + oy * yh;
          for (uint32_t bk = 0; bk < nb; bk++) {
            uint32_t ox = ox0 + bk * 8 < ox1 - 8 ? ox0 + bk * 8 : ox1 - 8;
            const float *xp = xr + (size_t)((int32_t)ox * g.sw - g.pw) * g.xw;
            float *yp = yr + (size_t)ox * yw;
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

static pt_status pair(pt_bind *b, uint32_t i, const char *what, uint32_t sp, int64_t dflt,
                      int64_t min, int64_t *v) {
  int64_t l[2];
  uint32_t n;
  pt_status s = ku_int_list(b, i, what, l, 2, &n);
  if (s) return s;
  if (n != 1 && n != sp && !(n == 0 && dflt >= 0))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s needs 1 or %u values, got %u",
                   b->op_name, what, (unsigned)sp, (unsigned)n);
  for (uint32_t k = 0; k < sp; k++) {
    v[k] = n == 0 ? dflt : n == 1 ? l[0] : l[k];
    if (v[k] < min || v[k] > 0x7fff)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s value %lld is out of range",
                     b->op_name, what, (long long)v[k]);
  }
  return PT_OK;
}

static pt_status conv_bind(pt_bind *b) {
  const pt_tensor *in, *wt, *out;
  int64_t st[2], pad[2], dil[2], opad[2], groups;
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
  if (groups < 1 || C % groups || OC % groups || wt->sizes[1] * groups != C)
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
  int64_t sh = sp == 2 ? st[0] : 1, ph = sp == 2 ? pad[0] : 0, dh = sp == 2 ? dil[0] : 1;
  b->state[0] = (uint32_t)(sh << 16 | st[sp - 1]);
  b->state[1] = (uint32_t)(ph << 16 | pad[sp - 1]);
  b->state[2] = (uint32_t)(dh << 16 | dil[sp - 1]);
  b->state[3] = (uint32_t)groups;
  return PT_OK;
}

const pt_kernel pt_k_aten_convolution_out = {"aten::convolution.out", conv_bind, conv_run};
