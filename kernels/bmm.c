/* aten::bmm.out [self, mat2, out, out]: a batch of matrix products, float32, contiguous;
 * each dot product sums k in order from 0. */
#include "kernel_util.h"

static pt_status bmm_run(const pt_ctx *ctx, const pt_call *call) {
  const float *x = (const float *)KU_T(ctx, call, 0)->data;
  const float *w = (const float *)KU_T(ctx, call, 1)->data;
  float *y = (float *)KU_T(ctx, call, 2)->data;
  uint32_t nb = KU_STATE(call)[3], m = KU_STATE(call)[0], k = KU_STATE(call)[1], n = KU_STATE(call)[2];
  for (uint32_t bi = 0; bi < nb; bi++, w += (size_t)k * n)
    for (uint32_t i = 0; i < m; i++, x += k, y += n)
      for (uint32_t j = 0; j < n; j++) {
        float sum = 0.0f;
        for (uint32_t p = 0; p < k; p++) sum += x[p] * w[(size_t)p * n + j];
        y[j] = sum;
      }
  return PT_OK;
}

static pt_status bmm_bind(pt_bind *b) {
  const pt_tensor *a, *m2, *out;
  pt_status s;
  if ((s = ku_nargs(b, 4)) || (s = ku_tensor(b, 0, "self", &a)) ||
      (s = ku_tensor(b, 1, "mat2", &m2)) || (s = ku_out(b, 2, &out)) ||
      (s = ku_dtype_is(b, a, "self", PT_F32)) || (s = ku_dtype_is(b, m2, "mat2", PT_F32)) ||
      (s = ku_dtype_is(b, out, "out", PT_F32)))
    return s;
  if (a->rank != 3 || m2->rank != 3)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: self and mat2 must be 3-D, got %u-D and %u-D",
                   b->op_name, (unsigned)a->rank, (unsigned)m2->rank);
  if (a->sizes[0] != m2->sizes[0] || a->sizes[2] != m2->sizes[1])
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: self is %dx%dx%d but mat2 is %dx%dx%d (batch or inner sizes differ)",
                   b->op_name, (int)a->sizes[0], (int)a->sizes[1], (int)a->sizes[2],
                   (int)m2->sizes[0], (int)m2->sizes[1], (int)m2->sizes[2]);
  int32_t sizes[3] = {a->sizes[0], a->sizes[1], m2->sizes[2]};
  if ((s = ku_out_shape(b, out, sizes, 3)) || (s = ku_contiguous(b, a, "self")) ||
      (s = ku_contiguous(b, m2, "mat2")) || (s = ku_contiguous(b, out, "out")))
    return s;
  KU_STATE4(b)[0] = (uint32_t)sizes[1];
  KU_STATE4(b)[1] = (uint32_t)a->sizes[2];
  KU_STATE4(b)[2] = (uint32_t)sizes[2];
  KU_STATE4(b)[3] = (uint32_t)sizes[0];
  return PT_OK;
}

const pt_kernel pt_k_aten_bmm_out = {"aten::bmm.out", bmm_bind, bmm_run, NULL};
