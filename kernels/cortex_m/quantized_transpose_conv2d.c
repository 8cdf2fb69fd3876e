/* cortex_m::quantized_transpose_conv2d.out (+ _nhwc) [input, weight, bias?, stride[],
 * padding[], output_padding[], dilation[], input_offset, output_offset,
 * requantize_multipliers, requantize_shifts, activation_min, activation_max, scratch,
 * output_scratch, out, out]: int8 NHWC, weight OHWI [Cout, KH, KW, Cin], groups 1 (the
 * quantizer rejects grouped ones). Each output pixel gathers the input pixels that land on it:
 *   oy = iy*stride - padding + ky*dilation. */
#include "cm_util.h"

typedef struct tc_geom {
  cm_shape in, out;
  int32_t kh, kw, sh, sw, ph, pw, dh, dw;
} tc_geom;

static pt_status tc_bind_any(pt_bind *b, bool nhwc) {
  const pt_tensor *in, *w, *out, *mult, *shift;
  int64_t st[2], pad[2], opad[2], dil[2], v;
  tc_geom g;
  pt_status s;
  if ((s = cm_nargs(b, 17, "input, weight, bias?, stride[], padding[], output_padding[], "
                           "dilation[], input_offset, output_offset, requantize_multipliers, "
                           "requantize_shifts, activation_min, activation_max, scratch, "
                           "output_scratch")) ||
      (s = ku_tensor(b, 0, "input", &in)) || (s = ku_tensor(b, 1, "weight", &w)) ||
      (s = ku_out(b, 15, &out)) || (s = cm_nhwc(b, in, "input", nhwc, &g.in)) ||
      (s = cm_nhwc(b, out, "out", nhwc, &g.out)) || (s = cm_int_list_n(b, 3, "stride", st, 2)) ||
      (s = cm_int_list_n(b, 4, "padding", pad, 2)) ||
      (s = cm_int_list_n(b, 5, "output_padding", opad, 2)) ||
      (s = cm_int_list_n(b, 6, "dilation", dil, 2)) ||
      (s = cm_int_range(b, 7, "input_offset", -255, 255, &v)) ||
      (s = cm_int_range(b, 8, "output_offset", -255, 255, &v)) ||
      (s = ku_tensor(b, 9, "requantize_multipliers", &mult)) ||
      (s = ku_tensor(b, 10, "requantize_shifts", &shift)) ||
      (s = cm_int_range(b, 11, "activation_min", -128, 127, &v)) ||
      (s = cm_int_range(b, 12, "activation_max", -128, 127, &v)) || (s = ku_contiguous(b, w, "weight")))
    return s;
  for (int k = 0; k < 2; k++)
    if (st[k] < 1 || st[k] > 255 || pad[k] < 0 || pad[k] > 255 || dil[k] < 1 || dil[k] > 255 ||
        opad[k] < 0 || opad[k] >= (st[k] > dil[k] ? st[k] : dil[k]))
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                     "%s: stride/dilation 1..255, padding 0..255, output_padding < stride or dilation",
                     b->op_name);
  if (w->rank != 4 || w->dtype != PT_I8 || w->sizes[3] != g.in.c || w->sizes[0] != g.out.c)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: weight must be int8 [Cout=%d, KH, KW, Cin=%d] (groups 1)", b->op_name,
                   (int)g.out.c, (int)g.in.c);
  int32_t oh = (g.in.h - 1) * (int32_t)st[0] - 2 * (int32_t)pad[0] + (int32_t)dil[0] * (w->sizes[1] - 1) +
               (int32_t)opad[0] + 1;
  int32_t ow = (g.in.w - 1) * (int32_t)st[1] - 2 * (int32_t)pad[1] + (int32_t)dil[1] * (w->sizes[2] - 1) +
               (int32_t)opad[1] + 1;
  if (g.out.n != g.in.n || g.out.h != oh || g.out.w != ow || oh < 1 || ow < 1)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: out must be N=%d C=%d H=%d W=%d", b->op_name,
                   (int)g.in.n, (int)g.out.c, (int)oh, (int)ow);
  if (mult->dtype != PT_I32 || shift->dtype != PT_I32 || mult->numel != (uint32_t)g.out.c ||
      shift->numel != (uint32_t)g.out.c)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: requantize_multipliers/shifts must be int32 with %d items", b->op_name, (int)g.out.c);
  if (!ku_is_none(b, 2)) {
    const pt_tensor *bias;
    if ((s = ku_tensor(b, 2, "bias", &bias))) return s;
    if (bias->dtype != PT_I32 || bias->numel != (uint32_t)g.out.c)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: bias must be int32 with %d items",
                     b->op_name, (int)g.out.c);
  }
  KU_STATE4(b)[0] = nhwc;
  return PT_OK;
}
static pt_status tc_bind(pt_bind *b) { return tc_bind_any(b, false); }
static pt_status tc_nhwc_bind(pt_bind *b) { return tc_bind_any(b, true); }

static pt_status tc_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0), *wt = KU_T(ctx, call, 1), *out = KU_T(ctx, call, 15);
  bool nhwc = KU_STATE(call)[0] != 0;
  tc_geom g;
  g.in = nhwc ? (cm_shape){in->sizes[0], in->sizes[1], in->sizes[2], in->sizes[3]}
              : (cm_shape){in->sizes[0], in->sizes[2], in->sizes[3], in->sizes[1]};
  g.out = nhwc ? (cm_shape){out->sizes[0], out->sizes[1], out->sizes[2], out->sizes[3]}
               : (cm_shape){out->sizes[0], out->sizes[2], out->sizes[3], out->sizes[1]};
  g.kh = wt->sizes[1], g.kw = wt->sizes[2];
  g.sh = (int32_t)cm_list_item(ctx, call, 3, 0), g.sw = (int32_t)cm_list_item(ctx, call, 3, 1);
  g.ph = (int32_t)cm_list_item(ctx, call, 4, 0), g.pw = (int32_t)cm_list_item(ctx, call, 4, 1);
  g.dh = (int32_t)cm_list_item(ctx, call, 6, 0), g.dw = (int32_t)cm_list_item(ctx, call, 6, 1);
  const pt_value *bv = &ctx->values[call->args[2]];
  const int32_t *bias = bv->tag == PT_TAG_TENSOR ? (const int32_t *)bv->u.t->data : NULL;
  const int32_t *mult = (const int32_t *)KU_T(ctx, call, 9)->data;
  const int32_t *shift = (const int32_t *)KU_T(ctx, call, 10)->data;
  const int8_t *x = (const int8_t *)in->data, *w = (const int8_t *)wt->data;
  int8_t *y = (int8_t *)out->data;
  int32_t ioff = (int32_t)CM_INT(ctx, call, 7), ooff = (int32_t)CM_INT(ctx, call, 8);
  int32_t amin = (int32_t)CM_INT(ctx, call, 11), amax = (int32_t)CM_INT(ctx, call, 12);
  int32_t cin = g.in.c, cout = g.out.c;
  for (int32_t n = 0; n < g.out.n; n++)
    for (int32_t oy = 0; oy < g.out.h; oy++)
      for (int32_t ox = 0; ox < g.out.w; ox++)
        for (int32_t oc = 0; oc < cout; oc++) {
          uint32_t acc = bias ? (uint32_t)bias[oc] : 0;
          for (int32_t ky = 0; ky < g.kh; ky++) {
            int32_t ty = oy + g.ph - ky * g.dh;
            if (ty < 0 || ty % g.sh || ty / g.sh >= g.in.h) continue;
            for (int32_t kx = 0; kx < g.kw; kx++) {
              int32_t tx = ox + g.pw - kx * g.dw;
              if (tx < 0 || tx % g.sw || tx / g.sw >= g.in.w) continue;
              const int8_t *xp = x + (((size_t)n * g.in.h + ty / g.sh) * g.in.w + tx / g.sw) * cin;
              const int8_t *wp = w + (((size_t)oc * g.kh + ky) * g.kw + kx) * cin;
              for (int32_t ic = 0; ic < cin; ic++) acc += (uint32_t)(((int32_t)xp[ic] + ioff) * wp[ic]);
            }
          }
          int32_t r = cm_requantize((int32_t)acc, mult[oc], shift[oc]);
          y[(((size_t)n * g.out.h + oy) * g.out.w + ox) * cout + oc] =
              (int8_t)cm_clamp((int32_t)((uint32_t)r + (uint32_t)ooff), amin, amax);
        }
  return PT_OK;
}

const pt_kernel pt_k_cortex_m_quantized_transpose_conv2d_out = {
    "cortex_m::quantized_transpose_conv2d.out", tc_bind, tc_run, NULL};
const pt_kernel pt_k_cortex_m_quantized_transpose_conv2d_nhwc_out = {
    "cortex_m::quantized_transpose_conv2d_nhwc.out", tc_nhwc_bind, tc_run, NULL};
