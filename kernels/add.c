/* aten::add.out and aten::add.Scalar_out: out = a + alpha * b, ExecuTorch promotion and broadcasting. */
#include <string.h>

#include "binary_op.h"

static float add_f32(float a, float b, float alpha) { (void)alpha; return a + alpha * b; }
static double add_f64(double a, double b, double alpha) { (void)alpha; return a + alpha * b; }
static int64_t add_i64(int64_t a, int64_t b, int64_t alpha) {
  (void)alpha;
  return (int64_t)((uint64_t)a + (uint64_t)alpha * (uint64_t)b);
}

static const ku_binary_fns add_tensor = {add_f32, add_f64, add_i64, true, false, false};
static const ku_binary_fns add_scalar = {add_f32, add_f64, add_i64, true, true, false};

KU_BINARY_FAST_F32(add_fast, a + alpha * b)

static pt_status add_bind(pt_bind *b) { return ku_binary_bind(b, &add_tensor, add_fast); }
static pt_status add_run(const pt_ctx *v, const pt_call *c) { return ku_binary_run(v, c, &add_tensor); }
static pt_status add_scalar_bind(pt_bind *b) { return ku_binary_bind(b, &add_scalar, add_fast); }
static pt_status add_scalar_run(const pt_ctx *v, const pt_call *c) { return ku_binary_run(v, c, &add_scalar); }

const pt_kernel pt_k_aten_add_out = {"aten::add.out", add_bind, add_run, NULL};
const pt_kernel pt_k_aten_add_Scalar_out = {"aten::add.Scalar_out", add_scalar_bind, add_scalar_run, NULL};
