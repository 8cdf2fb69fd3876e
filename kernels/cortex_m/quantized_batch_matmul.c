/* cortex_m::quantized_batch_matmul.out [lhs, lhs_zero_point, rhs_transposed, rhs_zero_point,
 * output_zero_point, output_multiplier, output_shift, scratch, out, out]:
 * out[b,i,j] = clamp(requantize(sum_k (lhs[b,i,k] + lhs_zp) * (rhs_t[b,j,k] + rhs_zp)) + out_zp)
 * (the "zero points" are CMSIS-NN offsets: added, as the reference adds them). */
#include "cm_util.h"

static pt_status bmm_bind(pt_bind *b) {
  const pt_tensor *l, *r, *o;
  int64_t v;
  pt_status s;
  if ((s = cm_nargs(b, 10, "lhs, lhs_zero_point, rhs_transposed, rhs_zero_point, output_zero_point, "
                           "output_multiplier, output_shift, scratch")) ||
      (s = ku_tensor(b, 0, "lhs", &l)) || (s = ku_tensor(b, 2, "rhs_transposed", &r)) ||
      (s = ku_out(b, 8, &o)) || (s = cm_int_range(b, 1, "lhs_zero_point", -255, 255, &v)) ||
      (s = cm_int_range(b, 3, "rhs_zero_point", -255, 255, &v)) ||
      (s = cm_int_range(b, 4, "output_zero_point", -255, 255, &v)) ||
      (s = cm_int_range(b, 5, "output_multiplier", 0, INT32_MAX, &v)) ||
      (s = cm_int_range(b, 6, "output_shift", -31, 31, &v)) || (s = ku_contiguous(b, l, "lhs")) ||
      (s = ku_contiguous(b, r, "rhs_transposed")) || (s = ku_contiguous(b, o, "out")))
    return s;
  if (l->rank != 3 || r->rank != 3 || o->rank != 3 || l->dtype != PT_I8 || r->dtype != PT_I8 ||
      o->dtype != PT_I8 || r->sizes[0] != l->sizes[0] || r->sizes[2] != l->sizes[2] ||
      o->sizes[0] != l->sizes[0] || o->sizes[1] != l->sizes[1] || o->sizes[2] != r->sizes[1])
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: want int8 lhs [B,M,K], rhs_transposed [B,N,K], out [B,M,N]", b->op_name);
  return PT_OK;
}

static pt_status bmm_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *l = KU_T(ctx, call, 0), *r = KU_T(ctx, call, 2), *o = KU_T(ctx, call, 8);
  const int8_t *x = (const int8_t *)l->data, *y = (const int8_t *)r->data;
  int8_t *z = (int8_t *)o->data;
  int32_t lz = (int32_t)CM_INT(ctx, call, 1), rz = (int32_t)CM_INT(ctx, call, 3);
  int32_t oz = (int32_t)CM_INT(ctx, call, 4);
  int64_t mult = CM_INT(ctx, call, 5), shift = CM_INT(ctx, call, 6);
  int32_t B = l->sizes[0], M = l->sizes[1], K = l->sizes[2], N = r->sizes[1];
  for (int32_t bb = 0; bb < B; bb++)
    for (int32_t i = 0; i < M; i++)
      for (int32_t j = 0; j < N; j++) {
        const int8_t *xr = x + ((size_t)bb * M + i) * K, *yr = y + ((size_t)bb * N + j) * K;
        uint32_t acc = 0;
        for (int32_t k = 0; k < K; k++) acc += (uint32_t)(((int32_t)xr[k] + lz) * ((int32_t)yr[k] + rz));
        int32_t q = cm_requantize((int32_t)acc, mult, shift);
        z[((size_t)bb * M + i) * N + j] = (int8_t)cm_clamp((int32_t)((uint32_t)q + (uint32_t)oz), -128, 127);
      }
  return PT_OK;
}

const pt_kernel pt_k_cortex_m_quantized_batch_matmul_out = {"cortex_m::quantized_batch_matmul.out",
                                                            bmm_bind, bmm_run, NULL};
