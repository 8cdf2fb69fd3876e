/* cortex_m::quantized_linear.out [input, weights, bias?, kernel_sum?, input_offset,
 * filter_offset, output_offset, requantize_multipliers[], requantize_shifts[],
 * activation_max, activation_min, out, out] — arm_fully_connected_s8's contract:
 *   bias path:       acc = sum((x + input_offset) * (w + filter_offset)) + bias
 *   kernel_sum path: acc = sum(x * w) + sum(x) * filter_offset + kernel_sum   (MVE exports)
 * then out = clamp(requantize(acc, multipliers[0], shifts[0]) + output_offset, min, max).
 * The DSP path packs the offset input row once into scratch as int16 pairs and runs SMLAD. */
#include "cm_dsp.h"
#include "cm_util.h"

#if CM_HAVE_DSP
static pt_status linear_run_dsp(const pt_ctx *ctx, const pt_call *call);
#endif

enum { L_IN, L_W, L_BIAS, L_KSUM, L_IOFF, L_FOFF, L_OOFF, L_MULT, L_SHIFT, L_AMAX, L_AMIN, L_OUT };

static pt_status linear_bind(pt_bind *b) {
  const pt_tensor *in, *w, *out, *bias = NULL, *ksum = NULL;
  int64_t ioff, foff, ooff, amax, amin, mult[1], shift[1];
  pt_status s;
  if ((s = cm_nargs(b, 13, "input, weights, bias?, kernel_sum?, input_offset, filter_offset, "
                           "output_offset, requantize_multipliers[], requantize_shifts[], "
                           "activation_max, activation_min")) ||
      (s = ku_tensor(b, L_IN, "input", &in)) || (s = ku_tensor(b, L_W, "weights", &w)) ||
      (s = ku_out(b, L_OUT, &out)) ||
      (s = cm_int_range(b, L_IOFF, "input_offset", -255, 255, &ioff)) ||
      (s = cm_int_range(b, L_FOFF, "filter_offset", -255, 255, &foff)) ||
      (s = cm_int_range(b, L_OOFF, "output_offset", -255, 255, &ooff)) ||
      (s = cm_int_range(b, L_AMAX, "activation_max", -128, 127, &amax)) ||
      (s = cm_int_range(b, L_AMIN, "activation_min", -128, 127, &amin)))
    return s;
  /* The reference uses the first multiplier and shift (per-tensor). */
  uint32_t nm, ns;
  if ((s = ku_int_list(b, L_MULT, "requantize_multipliers", mult, 1, &nm)) ||
      (s = ku_int_list(b, L_SHIFT, "requantize_shifts", shift, 1, &ns)))
    return s;
  if (nm != 1 || ns != 1 || mult[0] < 0 || mult[0] > INT32_MAX || shift[0] < -31 || shift[0] > 31)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: want one requantize multiplier in [0, 2^31) and one shift in [-31, 31]",
                   b->op_name);
  if (in->dtype != PT_I8 || w->dtype != PT_I8 || out->dtype != PT_I8)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: input, weights and out must be int8",
                   b->op_name);
  if ((s = ku_contiguous(b, in, "input")) || (s = ku_contiguous(b, w, "weights")) ||
      (s = ku_contiguous(b, out, "out")))
    return s;
  if (w->rank != 2 || in->rank < 1 || out->rank != in->rank ||
      in->sizes[in->rank - 1] != w->sizes[1] || out->sizes[out->rank - 1] != w->sizes[0])
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: want input [..., K], weights [N, K], out [..., N]", b->op_name);
  for (uint32_t d = 0; d + 1 < in->rank; d++)
    if (in->sizes[d] != out->sizes[d])
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: input and out batch dims differ", b->op_name);
  if (!ku_is_none(b, L_BIAS) && (s = ku_tensor(b, L_BIAS, "bias", &bias))) return s;
  if (!ku_is_none(b, L_KSUM) && (s = ku_tensor(b, L_KSUM, "kernel_sum", &ksum))) return s;
  if ((bias && (bias->dtype != PT_I32 || bias->numel != (uint32_t)w->sizes[0])) ||
      (ksum && (ksum->dtype != PT_I32 || ksum->numel != (uint32_t)w->sizes[0])))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: bias/kernel_sum must be int32 with N = %d items",
                   b->op_name, (int)w->sizes[0]);
  if (amin > amax)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: activation_min > activation_max", b->op_name);
  KU_STATE4(b)[0] = (uint32_t)mult[0];
  KU_STATE4(b)[1] = (uint32_t)(int32_t)shift[0];
#if CM_SCRATCH_AS_DSP
  if (!ksum) b->scratch_bytes = (((size_t)w->sizes[1] + 3) & ~(size_t)3) * sizeof(int16_t);
#endif
#if CM_HAVE_DSP
  if (!ksum) b->run = linear_run_dsp;
#endif
  return PT_OK;
}

typedef struct lin_args {
  const int8_t *x, *w;
  const int32_t *bias, *ksum;
  int8_t *y;
  int32_t rows, k, n, ioff, foff, ooff, amin, amax, mult, shift;
} lin_args;

static lin_args lin_get(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, L_IN), *w = KU_T(ctx, call, L_W);
  const pt_value *bv = &ctx->values[call->args[L_BIAS]], *kv = &ctx->values[call->args[L_KSUM]];
  lin_args a;
  a.x = (const int8_t *)in->data;
  a.w = (const int8_t *)w->data;
  a.bias = bv->tag == PT_TAG_TENSOR ? (const int32_t *)bv->u.t->data : NULL;
  a.ksum = kv->tag == PT_TAG_TENSOR ? (const int32_t *)kv->u.t->data : NULL;
  a.y = (int8_t *)KU_T(ctx, call, L_OUT)->data;
  a.n = w->sizes[0];
  a.k = w->sizes[1];
  a.rows = a.k ? (int32_t)(in->numel / (uint32_t)a.k) : 0;
  a.ioff = (int32_t)CM_INT(ctx, call, L_IOFF);
  a.foff = (int32_t)CM_INT(ctx, call, L_FOFF);
  a.ooff = (int32_t)CM_INT(ctx, call, L_OOFF);
  a.amax = (int32_t)CM_INT(ctx, call, L_AMAX);
  a.amin = (int32_t)CM_INT(ctx, call, L_AMIN);
  a.mult = (int32_t)KU_STATE(call)[0];
  a.shift = (int32_t)KU_STATE(call)[1];
  return a;
}

static int8_t lin_finish(const lin_args *a, uint32_t acc) {
  int32_t r = cm_requantize_fast((int32_t)acc, a->mult, a->shift);
  return (int8_t)cm_clamp((int32_t)((uint32_t)r + (uint32_t)a->ooff), a->amin, a->amax);
}

/* Accumulation wraps modulo 2^32 like torch's int32 mm (and SMLAD). */
static pt_status linear_run(const pt_ctx *ctx, const pt_call *call) {
  lin_args a = lin_get(ctx, call);
  for (int32_t r = 0; r < a.rows; r++) {
    const int8_t *x = a.x + (size_t)r * (size_t)a.k;
    uint32_t xsum = 0;
    if (a.ksum)
      for (int32_t j = 0; j < a.k; j++) xsum += (uint32_t)(int32_t)x[j];
    for (int32_t o = 0; o < a.n; o++) {
      const int8_t *w = a.w + (size_t)o * (size_t)a.k;
      uint32_t acc = 0;
      if (a.ksum) {
        for (int32_t j = 0; j < a.k; j++) acc += (uint32_t)((int32_t)x[j] * (int32_t)w[j]);
        acc += xsum * (uint32_t)a.foff + (uint32_t)a.ksum[o];
      } else {
        for (int32_t j = 0; j < a.k; j++)
          acc += (uint32_t)(((int32_t)x[j] + a.ioff) * ((int32_t)w[j] + a.foff));
        if (a.bias) acc += (uint32_t)a.bias[o];
      }
      a.y[(size_t)r * (size_t)a.n + (size_t)o] = lin_finish(&a, acc);
    }
  }
  return PT_OK;
}

#if CM_HAVE_DSP
/* x + input_offset as int16, each group of 4 stored (x0, x2, x1, x3) so that one word holds
 * the pair SXTB16 extracts from bytes 0,2 of the weights and the next the pair from 1,3. */
static pt_status linear_run_dsp(const pt_ctx *ctx, const pt_call *call) {
  lin_args a = lin_get(ctx, call);
  int16_t *xs = (int16_t *)ctx->scratch;
  int32_t k4 = a.k & ~3;
  uint32_t foff2 = ((uint32_t)(uint16_t)a.foff << 16) | (uint16_t)a.foff;
  for (int32_t r = 0; r < a.rows; r++) {
    const int8_t *x = a.x + (size_t)r * (size_t)a.k;
    for (int32_t j = 0; j < k4; j += 4) {
      xs[j] = (int16_t)(x[j] + a.ioff);
      xs[j + 1] = (int16_t)(x[j + 2] + a.ioff);
      xs[j + 2] = (int16_t)(x[j + 1] + a.ioff);
      xs[j + 3] = (int16_t)(x[j + 3] + a.ioff);
    }
    for (int32_t o = 0; o < a.n; o++) {
      const int8_t *w = a.w + (size_t)o * (size_t)a.k;
      int32_t acc = a.bias ? a.bias[o] : 0;
      for (int32_t j = 0; j < k4; j += 4) {
        uint32_t w4 = cm_read_u32(w + j);
        uint32_t w02 = __sxtab16(foff2, w4), w13 = __sxtab16(foff2, cm_ror8(w4));
        acc = __smlad(w02, cm_read_u32(xs + j), acc);
        acc = __smlad(w13, cm_read_u32(xs + j + 2), acc);
      }
      uint32_t uacc = (uint32_t)acc;
      for (int32_t j = k4; j < a.k; j++)
        uacc += (uint32_t)(((int32_t)x[j] + a.ioff) * ((int32_t)w[j] + a.foff));
      a.y[(size_t)r * (size_t)a.n + (size_t)o] = lin_finish(&a, uacc);
    }
  }
  return PT_OK;
}
#endif

const pt_kernel pt_k_cortex_m_quantized_linear_out = {"cortex_m::quantized_linear.out",
                                                       linear_bind, linear_run, NULL};
