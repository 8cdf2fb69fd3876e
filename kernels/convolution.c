/* aten::convolution.out [input, weight, bias?, stride, padding, dilation, transposed,
 * output_padding, groups, out, out]: 1-D and 2-D, float32, input and out in any dim_order (channels-last too), groups
 * (depthwise included), not transposed. Each output sums in_c, then kh, then kw from 0,
 * then adds the bias, as ExecuTorch's portable kernel does. */
#include "kernel_util.h"

/* 1-D runs as 2-D with H = 1. Geometry is recomputed from the tensors; state holds
 * stride_h, stride_w | pad_h, pad_w | dil_h, dil_w | groups, 16 bits each. */
static pt_status conv_run(pt_value *values, const pt_call *call) {
  const pt_tensor *in = KU_T(values, call, 0), *wt = KU_T(values, call, 1);
  const pt_tensor *out = KU_T(values, call, 9);
  const pt_value *vb = &values[call->args[2]];
  const float *bias = vb->tag == PT_TAG_TENSOR ? (const float *)vb->u.t->data : NULL;
  const float *x = (const float *)in->data, *w = (const float *)wt->data;
  float *y = (float *)out->data;
  bool two = in->rank == 4;
  uint32_t N = (uint32_t)in->sizes[0], C = (uint32_t)in->sizes[1];
  uint32_t H = two ? (uint32_t)in->sizes[2] : 1, W = (uint32_t)in->sizes[in->rank - 1];
  uint32_t OC = (uint32_t)out->sizes[1], OH = two ? (uint32_t)out->sizes[2] : 1;
  uint32_t OW = (uint32_t)out->sizes[out->rank - 1];
  uint32_t KH = two ? (uint32_t)wt->sizes[2] : 1, KW = (uint32_t)wt->sizes[wt->rank - 1];
  int32_t sh = (int32_t)(call->state[0] >> 16), sw = (int32_t)(call->state[0] & 0xffff);
  int32_t ph = (int32_t)(call->state[1] >> 16), pw = (int32_t)(call->state[1] & 0xffff);
  int32_t dh = (int32_t)(call->state[2] >> 16), dw = (int32_t)(call->state[2] & 0xffff);
  uint32_t groups = call->state[3], cg = C / groups, ocg = OC / groups;
  /* element strides of input and out (N, C, H, W; H stride 0 for 1-D): any dim_order */
  uint32_t si[PT_MAX_RANK], so[PT_MAX_RANK];
  ku_strides(in, si);
  ku_strides(out, so);
  uint32_t xn = si[0], xc_ = si[1], xh = two ? si[2] : 0, xw = si[in->rank - 1];
  uint32_t yn = so[0], yc = so[1], yh = two ? so[2] : 0, yw = so[out->rank - 1];
  for (uint32_t n = 0; n < N; n++) {
    for (uint32_t oc = 0; oc < OC; oc++) {
      uint32_t g = oc / ocg;
      const float *wo = w + (size_t)oc * cg * KH * KW;
      for (uint32_t oy = 0; oy < OH; oy++) {
        for (uint32_t ox = 0; ox < OW; ox++) {
          float acc = 0.0f;
          for (uint32_t ic = 0; ic < cg; ic++) {
            const float *xc = x + (size_t)n * xn + (size_t)(g * cg + ic) * xc_;
            for (uint32_t ky = 0; ky < KH; ky++) {
              int32_t iy = (int32_t)oy * sh - ph + (int32_t)ky * dh;
              if (iy < 0 || iy >= (int32_t)H) continue;
              for (uint32_t kx = 0; kx < KW; kx++) {
                int32_t ix = (int32_t)ox * sw - pw + (int32_t)kx * dw;
                if (ix < 0 || ix >= (int32_t)W) continue;
                acc += xc[(uint32_t)iy * xh + (uint32_t)ix * xw] * wo[(ic * KH + ky) * KW + kx];
              }
            }
          }
          if (bias) acc += bias[oc];
          y[(size_t)n * yn + (size_t)oc * yc + oy * yh + ox * yw] = acc;
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
