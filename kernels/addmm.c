/* aten::addmm.out: out = beta * self + alpha * (mat1 @ mat2), self broadcast to [m, n].
 * float32. Each dot product starts from 0 and adds k in order, as ExecuTorch's portable
 * vec_addmm / vec_matmul do; the result is then sum * alpha + self * beta. */
#include <string.h>

#include "kernel_util.h"

/* state (fast run, alpha = beta = 1): m, k, n, self strides (bit0: along rows, bit1: along
 * columns). state (general run): alpha bits, beta bits, self strides. */
#define ROW_STRIDE 1u
#define COL_STRIDE 2u

static pt_status addmm_fast(pt_value *values, const pt_call *call) {
  const float *bias = (const float *)KU_T(values, call, 0)->data;
  const float *x = (const float *)KU_T(values, call, 1)->data;
  const float *w = (const float *)KU_T(values, call, 2)->data;
  float *y = (float *)KU_T(values, call, 5)->data;
  uint32_t m = call->state[0], k = call->state[1], n = call->state[2], mode = call->state[3];
  uint32_t sj = (mode & COL_STRIDE) ? 1 : 0, si = (mode & ROW_STRIDE) ? (sj ? n : 1) : 0;
  for (uint32_t i = 0; i < m; i++, x += k, y += n) {
    const float *brow = bias + i * si;
    for (uint32_t j = 0; j < n; j++) {
      float sum = 0.0f;
      const float *wc = w + j;
      for (uint32_t p = 0; p < k; p++) sum += x[p] * wc[p * n];
      y[j] = sum + brow[j * sj];
    }
  }
  return PT_OK;
}

static pt_status addmm_run(pt_value *values, const pt_call *call) {
  const pt_tensor *t1 = KU_T(values, call, 1);
  const float *bias = (const float *)KU_T(values, call, 0)->data;
  const float *x = (const float *)t1->data;
  const float *w = (const float *)KU_T(values, call, 2)->data;
  float *y = (float *)KU_T(values, call, 5)->data;
  uint32_t m = (uint32_t)t1->sizes[0], k = (uint32_t)t1->sizes[1];
  uint32_t n = (uint32_t)KU_T(values, call, 2)->sizes[1], mode = call->state[2];
  uint32_t sj = (mode & COL_STRIDE) ? 1 : 0, si = (mode & ROW_STRIDE) ? (sj ? n : 1) : 0;
  float alpha, beta;
  memcpy(&alpha, &call->state[0], sizeof alpha);
  memcpy(&beta, &call->state[1], sizeof beta);
  for (uint32_t i = 0; i < m; i++) {
    for (uint32_t j = 0; j < n; j++) {
      float sum = 0.0f;
      for (uint32_t p = 0; p < k; p++) sum += x[i * k + p] * w[p * n + j];
      y[i * n + j] = sum * alpha + bias[i * si + j * sj] * beta;
    }
  }
  return PT_OK;
}

static pt_status addmm_bind(pt_bind *b) {
  const pt_tensor *self, *m1, *m2, *out;
  ku_scalar beta, alpha;
  pt_status s;
  if ((s = ku_nargs(b, 7)) || (s = ku_tensor(b, 0, "self", &self)) ||
      (s = ku_tensor(b, 1, "mat1", &m1)) || (s = ku_tensor(b, 2, "mat2", &m2)) ||
      (s = ku_scalar_arg(b, 3, "beta", &beta)) || (s = ku_scalar_arg(b, 4, "alpha", &alpha)) ||
      (s = ku_out(b, 5, &out)))
    return s;
  if ((s = ku_dtype_is(b, self, "self", PT_F32)) || (s = ku_dtype_is(b, m1, "mat1", PT_F32)) ||
      (s = ku_dtype_is(b, m2, "mat2", PT_F32)) || (s = ku_dtype_is(b, out, "out", PT_F32)))
    return s;
  if (m1->rank != 2 || m2->rank != 2)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: mat1 and mat2 must be 2-D, got %u-D and %u-D",
                   b->op_name, (unsigned)m1->rank, (unsigned)m2->rank);
  if (m1->sizes[1] != m2->sizes[0])
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: mat1 is %dx%d but mat2 is %dx%d (inner sizes differ)", b->op_name,
                   (int)m1->sizes[0], (int)m1->sizes[1], (int)m2->sizes[0], (int)m2->sizes[1]);
  int32_t sizes[2] = {m1->sizes[0], m2->sizes[1]};
  if ((s = ku_out_shape(b, out, sizes, 2))) return s;
  /* self must broadcast to [m, n] */
  if (self->rank > 2 || (self->rank == 2 && self->sizes[0] != 1 && self->sizes[0] != sizes[0]) ||
      (self->rank >= 1 && self->sizes[self->rank - 1] != 1 &&
       self->sizes[self->rank - 1] != sizes[1]))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: self does not broadcast to [%d, %d]",
                   b->op_name, (int)sizes[0], (int)sizes[1]);
  if ((s = ku_contiguous(b, self, "self")) || (s = ku_contiguous(b, m1, "mat1")) ||
      (s = ku_contiguous(b, m2, "mat2")) || (s = ku_contiguous(b, out, "out")))
    return s;
  uint32_t mode = 0;
  if (self->rank == 2 && self->sizes[0] != 1) mode |= ROW_STRIDE;
  if (self->rank >= 1 && self->sizes[self->rank - 1] != 1) mode |= COL_STRIDE;
  float fa = (float)alpha.d, fb = (float)beta.d;
  if (fa == 1.0f && fb == 1.0f) {
    b->state[0] = (uint32_t)sizes[0];
    b->state[1] = (uint32_t)m1->sizes[1];
    b->state[2] = (uint32_t)sizes[1];
    b->state[3] = mode;
    b->run = addmm_fast;
  } else {
    memcpy(&b->state[0], &fa, sizeof fa);
    memcpy(&b->state[1], &fb, sizeof fb);
    b->state[2] = mode;
  }
  return PT_OK;
}

const pt_kernel pt_k_aten_addmm_out = {"aten::addmm.out", addmm_bind, addmm_run};
