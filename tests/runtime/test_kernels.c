/* Test kernels: check everything at bind, so that the corrupted-file tests can run them. */
#include "test_kernels.h"

#include <string.h>

static const pt_tensor *tensor_arg(const pt_bind *b, uint32_t k) {
  const pt_value *v = &b->values[b->args[k]];
  return v->tag == PT_TAG_TENSOR ? v->u.t : NULL;
}

static bool f32_2d(const pt_tensor *t) {
  return t && t->dtype == PT_F32 && t->rank == 2 && t->is_contiguous;
}

/* Four words of persistent state: the call's own at init, the bind's sink while sizing. */
static uint32_t *state4(pt_bind *b) {
  b->persistent_bytes = 4 * sizeof(uint32_t);
  return b->state && b->state_room >= b->persistent_bytes ? b->state : (uint32_t *)b->sink;
}

static bool number(const pt_value *v) { return v->tag == PT_TAG_INT || v->tag == PT_TAG_DOUBLE; }
static float as_float(const pt_value *v) { return v->tag == PT_TAG_INT ? (float)v->u.i : (float)v->u.d; }

/* addmm [bias, x, w, beta, alpha, out, out]: out = beta*bias + alpha*(x @ w).
 * Asks for K floats of scratch (a copy of the current row of x) to exercise scratch sizing. */
static pt_status addmm_bind(pt_bind *b) {
  if (b->nargs != 7) return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "expected 7 args, got %u", (unsigned)b->nargs);
  const pt_tensor *bias = tensor_arg(b, 0), *x = tensor_arg(b, 1), *w = tensor_arg(b, 2), *out = tensor_arg(b, 5);
  if (!f32_2d(x) || !f32_2d(w) || !f32_2d(out) || !bias || bias->dtype != PT_F32 || !bias->is_contiguous)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "expected 2-D contiguous float32 tensors");
  if (!number(&b->values[b->args[3]]) || !number(&b->values[b->args[4]]) || b->args[6] != b->args[5])
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "bad beta/alpha/out");
  int32_t m = x->sizes[0], k = x->sizes[1], n = w->sizes[1];
  if (w->sizes[0] != k || out->sizes[0] != m || out->sizes[1] != n)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "shapes do not match");
  bool bias_ok = (bias->rank == 1 && bias->sizes[0] == n) ||
                 (bias->rank == 2 && (bias->sizes[0] == m || bias->sizes[0] == 1) && bias->sizes[1] == n);
  if (!bias_ok) return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "bias shape");
  if (out->is_constant) return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "out is constant");
  b->scratch_bytes = (size_t)k * sizeof(float);
  uint32_t *st = state4(b);
  st[0] = (uint32_t)m;
  st[1] = (uint32_t)k;
  st[2] = (uint32_t)n;
  st[3] = bias->rank == 2 && bias->sizes[0] == m && m > 1;
  return PT_OK;
}

static pt_status addmm_run(const pt_ctx *cx, const pt_call *c) {
  const float *bias = cx->values[c->args[0]].u.t->data, *x = cx->values[c->args[1]].u.t->data, *w = cx->values[c->args[2]].u.t->data;
  float *out = cx->values[c->args[5]].u.t->data, *row = cx->scratch;
  float beta = as_float(&cx->values[c->args[3]]), alpha = as_float(&cx->values[c->args[4]]);
  uint32_t m = ((const uint32_t *)c->state)[0], k = ((const uint32_t *)c->state)[1], n = ((const uint32_t *)c->state)[2];
  for (uint32_t i = 0; i < m; i++) {
    memcpy(row, x + i * k, k * sizeof(float));
    for (uint32_t j = 0; j < n; j++) {
      float acc = 0;
      for (uint32_t q = 0; q < k; q++) acc += row[q] * w[q * n + j];
      out[i * n + j] = beta * bias[(((const uint32_t *)c->state)[3] ? i * n : 0) + j] + alpha * acc;
    }
  }
  return PT_OK;
}

/* permute_copy [self, dims, out, out], 2-D only. */
static pt_status permute_bind(pt_bind *b) {
  if (b->nargs != 4) return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "expected 4 args");
  const pt_tensor *in = tensor_arg(b, 0), *out = tensor_arg(b, 2);
  const pt_value *dims = &b->values[b->args[1]];
  if (!f32_2d(in) || !f32_2d(out) || dims->tag != PT_TAG_INT_LIST || dims->u.list.len != 2 || out->is_constant)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "expected 2-D float32 and 2 dims");
  const int64_t *items = dims->u.list.items;
  int64_t d0 = b->values[items[0]].u.i, d1 = b->values[items[1]].u.i;
  bool swap = d0 == 1 && d1 == 0;
  if (!swap && !(d0 == 0 && d1 == 1)) return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "dims");
  if (out->sizes[0] != in->sizes[swap] || out->sizes[1] != in->sizes[!swap])
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "out shape");
  state4(b)[0] = swap;
  return PT_OK;
}

static pt_status permute_run(const pt_ctx *cx, const pt_call *c) {
  const pt_tensor *in = cx->values[c->args[0]].u.t;
  const float *src = in->data;
  float *dst = cx->values[c->args[2]].u.t->data;
  uint32_t r = (uint32_t)in->sizes[0], k = (uint32_t)in->sizes[1];
  for (uint32_t i = 0; i < r; i++)
    for (uint32_t j = 0; j < k; j++) dst[((const uint32_t *)c->state)[0] ? j * r + i : i * k + j] = src[i * k + j];
  return PT_OK;
}

/* relu [self, out, out] */
static pt_status relu_bind(pt_bind *b) {
  if (b->nargs != 3) return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "expected 3 args");
  const pt_tensor *in = tensor_arg(b, 0), *out = tensor_arg(b, 1);
  if (!in || !out || in->dtype != PT_F32 || out->dtype != PT_F32 || in->numel != out->numel || out->is_constant)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "expected float32 tensors of equal size");
  return PT_OK;
}

static pt_status relu_run(const pt_ctx *cx, const pt_call *c) {
  const pt_tensor *in = cx->values[c->args[0]].u.t;
  const float *src = in->data;
  float *dst = cx->values[c->args[1]].u.t->data;
  for (uint32_t i = 0; i < in->numel; i++) dst[i] = src[i] > 0 ? src[i] : 0;
  return PT_OK;
}

static pt_status refuse_bind(pt_bind *b) {
  return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "arg 0: refused by the test");
}

const pt_kernel test_addmm = { "aten::addmm.out", addmm_bind, addmm_run, NULL };
const pt_kernel test_permute_copy = { "aten::permute_copy.out", permute_bind, permute_run, NULL };
const pt_kernel test_relu = { "aten::relu.out", relu_bind, relu_run, NULL };
const pt_kernel test_relu_rejects = { "aten::relu.out", refuse_bind, relu_run, NULL };

static const pt_kernel *const all[] = { &test_addmm, &test_permute_copy, &test_relu };
static const pt_kernel *const bad[] = { &test_addmm, &test_permute_copy, &test_relu_rejects };
const pt_kernel_table test_kernels = { all, 3 };
const pt_kernel_table test_kernels_no_relu = { all, 2 };
const pt_kernel_table test_kernels_bad_relu = { bad, 3 };
