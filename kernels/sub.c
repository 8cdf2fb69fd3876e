/* aten::sub.out and aten::sub.Scalar_out: out = a - alpha * b, ExecuTorch promotion and broadcasting. */
#include <string.h>

#include "binary_op.h"

static float sub_f32(float a, float b, float alpha) { (void)alpha; return a - alpha * b; }
static double sub_f64(double a, double b, double alpha) { (void)alpha; return a - alpha * b; }
static int64_t sub_i64(int64_t a, int64_t b, int64_t alpha) {
  (void)alpha;
  return (int64_t)((uint64_t)a - (uint64_t)alpha * (uint64_t)b);
}

static const ku_binary_fns sub_tensor = {sub_f32, sub_f64, sub_i64, true, false, true};
static const ku_binary_fns sub_scalar = {sub_f32, sub_f64, sub_i64, true, true, true};

KU_BINARY_FAST_F32(sub_fast, a - alpha * b)

static pt_status sub_bind(pt_bind *b) { return ku_binary_bind(b, &sub_tensor, sub_fast); }
static pt_status sub_run(const pt_ctx *v, const pt_call *c) { return ku_binary_run(v, c, &sub_tensor); }
static pt_status sub_scalar_bind(pt_bind *b) { return ku_binary_bind(b, &sub_scalar, sub_fast); }
static pt_status sub_scalar_run(const pt_ctx *v, const pt_call *c) { return ku_binary_run(v, c, &sub_scalar); }

const pt_kernel pt_k_aten_sub_out = {"aten::sub.out", sub_bind, sub_run, NULL};
const pt_kernel pt_k_aten_sub_Scalar_out = {"aten::sub.Scalar_out", sub_scalar_bind, sub_scalar_run, NULL};
