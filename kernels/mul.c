/* aten::mul.out and aten::mul.Scalar_out: out = a * b, ExecuTorch promotion and broadcasting. */
#include <string.h>

#include "binary_op.h"

static float mul_f32(float a, float b, float alpha) { (void)alpha; return a * b; }
static double mul_f64(double a, double b, double alpha) { (void)alpha; return a * b; }
static int64_t mul_i64(int64_t a, int64_t b, int64_t alpha) {
  (void)alpha;
  return (int64_t)((uint64_t)a * (uint64_t)b);
}

static const ku_binary_fns mul_tensor = {mul_f32, mul_f64, mul_i64, false, false, false};
static const ku_binary_fns mul_scalar = {mul_f32, mul_f64, mul_i64, false, true, false};

KU_BINARY_FAST_F32(mul_fast, a * b)

static pt_status mul_bind(pt_bind *b) { return ku_binary_bind(b, &mul_tensor, mul_fast); }
static pt_status mul_run(const pt_ctx *v, const pt_call *c) { return ku_binary_run(v, c, &mul_tensor); }
static pt_status mul_scalar_bind(pt_bind *b) { return ku_binary_bind(b, &mul_scalar, mul_fast); }
static pt_status mul_scalar_run(const pt_ctx *v, const pt_call *c) { return ku_binary_run(v, c, &mul_scalar); }

const pt_kernel pt_k_aten_mul_out = {"aten::mul.out", mul_bind, mul_run, NULL};
const pt_kernel pt_k_aten_mul_Scalar_out = {"aten::mul.Scalar_out", mul_scalar_bind, mul_scalar_run, NULL};
