/* aten::addmm.out: out = beta * self + alpha * (mat1 @ mat2), self broadcast to [m, n].
 * float32. Each dot product starts from 0 and adds k in order, as ExecuTorch's portable
 * vec_addmm / vec_matmul do; the result is then sum * alpha + self * beta. */
#include <stddef.h>

#include "kernel_util.h"
#include "relu_f32.h"

/* self's strides (addmm_state.mode): bit0 along rows, bit1 along columns. */
#define ROW_STRIDE 1u
#define COL_STRIDE 2u

/* The call's state: shapes, self's strides, the relu it claimed (its out value, or -1), and
 * for the scaled run alpha and beta (the state is shorter without them). */
typedef struct addmm_state {
  uint32_t m, k, n, mode;
  int32_t relu_out;
  float alpha, beta;
} addmm_state;
#define ADDMM_STATE_UNIT offsetof(addmm_state, alpha)

/* The M33 (any Thumb-2 core with a single-precision FPU) computes 8 columns of a row at a
 * time in registers: per k step one load of x, one VLDM of 8 weights, 8 VMLA. VMLA is VFP's
 * chained (not fused) multiply-accumulate: the product is rounded, then added and rounded,
 * exactly what `sum += x * w` compiles to without contraction, so each sum is bit-identical
 * to the plain loop's: from +0, over k in order, then + bias. */
#if defined(__arm__) && defined(__thumb2__) && defined(__ARM_FP) && (__ARM_FP & 4)
#define ADDMM_VFP 1
static void row8(const float *x, const float *w, uint32_t k, uint32_t wstride, const float *b, float *y) {
  __asm__ volatile(
      "vmov s0, s1, %[z], %[z]\n\tvmov s2, s3, %[z], %[z]\n\t"
      "vmov s4, s5, %[z], %[z]\n\tvmov s6, s7, %[z], %[z]\n"
      "1:\n\t"
      "vldmia %[x]!, {s16}\n\t"
      "vldmia %[w], {s8-s15}\n\t"
      "add %[w], %[w], %[ws]\n\t"
      "vmla.f32 s0, s16, s8\n\tvmla.f32 s1, s16, s9\n\tvmla.f32 s2, s16, s10\n\t"
      "vmla.f32 s3, s16, s11\n\tvmla.f32 s4, s16, s12\n\tvmla.f32 s5, s16, s13\n\t"
      "vmla.f32 s6, s16, s14\n\tvmla.f32 s7, s16, s15\n\t"
      "subs %[k], %[k], #1\n\t"
      "bne 1b\n\t"
      "vldmia %[b], {s8-s15}\n\t"
      "vadd.f32 s0, s0, s8\n\tvadd.f32 s1, s1, s9\n\tvadd.f32 s2, s2, s10\n\t"
      "vadd.f32 s3, s3, s11\n\tvadd.f32 s4, s4, s12\n\tvadd.f32 s5, s5, s13\n\t"
      "vadd.f32 s6, s6, s14\n\tvadd.f32 s7, s7, s15\n\t"
      "vstmia %[y], {s0-s7}"
      : [x] "+r"(x), [w] "+r"(w), [k] "+r"(k)
      : [ws] "r"(wstride), [b] "r"(b), [y] "r"(y), [z] "r"(0)
      : "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12", "s13",
        "s14", "s15", "s16", "cc", "memory");
}

/* sum + x[0..8k) . w[0..8k) (w contiguous: a one-column mat2), in order. */
static float dot8(const float *x, const float *w, uint32_t k8, float sum) {
  __asm__ volatile(
      "1:\n\t"
      "vldmia %[x]!, {s8-s15}\n\t"
      "vldmia %[w]!, {s16-s23}\n\t"
      "vmla.f32 %[s], s8, s16\n\tvmla.f32 %[s], s9, s17\n\tvmla.f32 %[s], s10, s18\n\t"
      "vmla.f32 %[s], s11, s19\n\tvmla.f32 %[s], s12, s20\n\tvmla.f32 %[s], s13, s21\n\t"
      "vmla.f32 %[s], s14, s22\n\tvmla.f32 %[s], s15, s23\n\t"
      "subs %[k], %[k], #1\n\t"
      "bne 1b"
      : [x] "+r"(x), [w] "+r"(w), [k] "+r"(k8), [s] "+t"(sum)
      :
      : "s8", "s9", "s10", "s11", "s12", "s13", "s14", "s15", "s16", "s17", "s18", "s19", "s20",
        "s21", "s22", "s23", "cc", "memory");
  return sum;
}
#endif

/* out = mat1 @ mat2 + self, with self's strides `mode` and its data from `bias`. */
static void addmm_rows(const pt_ctx *ctx, const pt_call *call, const float *bias, uint32_t mode) {
  const addmm_state *st = call->state;
  const float *x = (const float *)KU_T(ctx, call, 1)->data;
  const float *w = (const float *)KU_T(ctx, call, 2)->data;
  float *y = (float *)KU_T(ctx, call, 5)->data;
  uint32_t m = st->m, k = st->k, n = st->n;
  uint32_t sj = (mode & COL_STRIDE) ? 1 : 0, si = (mode & ROW_STRIDE) ? (sj ? n : 1) : 0;
  for (uint32_t i = 0; i < m; i++, x += k, y += n) {
    const float *brow = bias + i * si;
    uint32_t j = 0;
#ifdef ADDMM_VFP
    if (k && n >= 8 && sj) { /* (a self broadcast along rows takes the C loop) */
      for (; j + 8 <= n; j += 8) row8(x, w + j, k, n * 4u, brow + j, y + j);
    } else if (n == 1 && k >= 8) {
      float sum = dot8(x, w, k / 8, 0.0f);
      for (uint32_t p = k & ~7u; p < k; p++) sum += x[p] * w[p];
      y[0] = sum + brow[0];
      continue;
    }
#endif
    for (; j < n; j++) {
      float sum = 0.0f;
      const float *wc = w + j;
      for (uint32_t p = 0; p < k; p++) sum += x[p] * wc[p * n];
      y[j] = sum + brow[j * sj];
    }
  }
}

/* alpha = beta = 1 (nn.Linear's addmm). */
static pt_status addmm_run(const pt_ctx *ctx, const pt_call *call) {
  addmm_rows(ctx, call, (const float *)KU_T(ctx, call, 0)->data, ((const addmm_state *)call->state)->mode);
  return PT_OK;
}

/* alpha or beta other than 1: the sums alone first (plus a zero self, broadcast: a sum from +0
 * is never -0, so adding +0 keeps it), then out = sum * alpha + self * beta, ExecuTorch's order,
 * with alpha and beta converted once at bind. */
static pt_status addmm_run_scaled(const pt_ctx *ctx, const pt_call *call) {
  static const float zero = 0.0f;
  const addmm_state *st = call->state;
  addmm_rows(ctx, call, &zero, 0);
  const float *bias = (const float *)KU_T(ctx, call, 0)->data;
  float *y = (float *)KU_T(ctx, call, 5)->data;
  uint32_t m = st->m, n = st->n, mode = st->mode;
  uint32_t sj = (mode & COL_STRIDE) ? 1 : 0, si = (mode & ROW_STRIDE) ? (sj ? n : 1) : 0;
  float alpha = st->alpha, beta = st->beta;
  for (uint32_t i = 0; i < m; i++, bias += si)
    for (uint32_t j = 0; j < n; j++, y++) *y = *y * alpha + bias[j * sj] * beta;
  return PT_OK;
}

/* addmm and the relu after it, which its bind claimed (pt_bind.claims_next). addmm's out is
 * written as before, then relu's out from it, so every tensor ends as the two calls would
 * leave it, even where the planner put relu's out over addmm's inputs. */
static pt_status addmm_run_relu(const pt_ctx *ctx, const pt_call *call) {
  const addmm_state *st = call->state;
  addmm_rows(ctx, call, (const float *)KU_T(ctx, call, 0)->data, st->mode);
  const pt_tensor *t = KU_T(ctx, call, 5);
  ku_relu_f32((const float *)t->data, (float *)ctx->values[st->relu_out].u.t->data, t->numel);
  return PT_OK;
}

/* The unit run may take on the relu that reads its out (the kernel table offers it). */
static void addmm_claim_relu(pt_bind *b, addmm_state *st) {
  st->relu_out = -1;
  if (!b->next_args || b->next_nargs != 3 || b->next_args[0] != b->args[5]) return;
  st->relu_out = b->next_args[1];
  b->claims_next = true;
  b->run = addmm_run_relu;
}

/* Every check but alpha's and beta's; fills the state. */
static pt_status addmm_check(pt_bind *b, addmm_state *st) {
  static const char *const what[4] = {"self", "mat1", "mat2", "out"};
  const pt_tensor *t[4];
  pt_status s;
  if ((s = ku_nargs(b, 7))) return s;
  for (uint32_t i = 0; i < 3; i++)
    if ((s = ku_tensor(b, i, what[i], &t[i]))) return s;
  if ((s = ku_out(b, 5, &t[3]))) return s;
  for (uint32_t i = 0; i < 4; i++)
    if ((s = ku_dtype_is(b, t[i], what[i], PT_F32)) || (s = ku_contiguous(b, t[i], what[i])))
      return s;
  const pt_tensor *self = t[0], *m1 = t[1], *m2 = t[2];
  if (m1->rank != 2 || m2->rank != 2)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: mat1 and mat2 must be 2-D, got %u-D and %u-D",
                   b->op_name, (unsigned)m1->rank, (unsigned)m2->rank);
  if (m1->sizes[1] != m2->sizes[0])
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: mat1 is %dx%d but mat2 is %dx%d (inner sizes differ)", b->op_name,
                   (int)m1->sizes[0], (int)m1->sizes[1], (int)m2->sizes[0], (int)m2->sizes[1]);
  int32_t sizes[2] = {m1->sizes[0], m2->sizes[1]};
  if ((s = ku_out_shape(b, t[3], sizes, 2))) return s;
  /* self must broadcast to [m, n]; it strides along the dims where it is not 1 */
  uint32_t r = self->rank;
  uint32_t mode = (r == 2 && self->sizes[0] != 1 ? ROW_STRIDE : 0) |
                  (r >= 1 && self->sizes[r - 1] != 1 ? COL_STRIDE : 0);
  if (r > 2 || ((mode & ROW_STRIDE) && self->sizes[0] != sizes[0]) ||
      ((mode & COL_STRIDE) && self->sizes[r - 1] != sizes[1]))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: self does not broadcast to [%d, %d]",
                   b->op_name, (int)sizes[0], (int)sizes[1]);
  st->m = (uint32_t)sizes[0];
  st->k = (uint32_t)m1->sizes[1];
  st->n = (uint32_t)sizes[1];
  st->mode = mode;
  return PT_OK;
}

static pt_status addmm_bind(pt_bind *b) {
  float beta, alpha;
  pt_status s;
  if ((s = ku_scalar_f32(b, 3, "beta", &beta)) || (s = ku_scalar_f32(b, 4, "alpha", &alpha))) return s;
  bool unit = alpha == 1.0f && beta == 1.0f;
  addmm_state *st = ku_state(b, unit ? ADDMM_STATE_UNIT : sizeof(addmm_state));
  if ((s = addmm_check(b, st))) return s;
  if (unit) {
    addmm_claim_relu(b, st);
    return PT_OK;
  }
  st->relu_out = -1;
  st->alpha = alpha;
  st->beta = beta;
  b->run = addmm_run_scaled;
  return PT_OK;
}

const pt_kernel pt_k_aten_addmm_out = {"aten::addmm.out", addmm_bind, addmm_run, "aten::relu.out"};

/* alpha = beta = 1 only (kernel_variants.def): what a selective build links when its programs
 * use addmm as nn.Linear does, without the scaled run and the scalars' float conversion. */
static pt_status addmm_bind_unit(pt_bind *b) {
  pt_status s;
  addmm_state *st = ku_state(b, ADDMM_STATE_UNIT);
  if ((s = ku_scalar_one_in_build(b, 3, "beta")) || (s = ku_scalar_one_in_build(b, 4, "alpha")) ||
      (s = addmm_check(b, st)))
    return s;
  addmm_claim_relu(b, st);
  return PT_OK;
}

const pt_kernel pt_k_aten_addmm_out_unit = {"aten::addmm.out", addmm_bind_unit, addmm_run, "aten::relu.out"};
