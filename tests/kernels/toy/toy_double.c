/* petite_test::double.out [self, out, out]: out = 2 * self, float32. A toy kernel that only
 * tests/kernels/CMakeLists.txt builds: one file and one line in toy.def, nothing else. */
#include "kernel_util.h"

static pt_status double_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0);
  float *y = (float *)KU_T(ctx, call, 1)->data;
  const float *x = (const float *)in->data;
  for (uint32_t i = 0; i < in->numel; i++) y[i] = 2.0f * x[i];
  return PT_OK;
}

static pt_status double_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  pt_status s;
  if ((s = ku_nargs(b, 3)) || (s = ku_tensor(b, 0, "self", &in)) || (s = ku_out(b, 1, &out)) ||
      (s = ku_dtype_is(b, in, "self", PT_F32)) || (s = ku_same_dtype(b, in, "self", out, "out")) ||
      (s = ku_out_shape(b, out, in->sizes, in->rank)) || (s = ku_contiguous(b, in, "self")) ||
      (s = ku_contiguous(b, out, "out")))
    return s;
  return PT_OK;
}

const pt_kernel pt_k_petite_test_double_out = {"petite_test::double.out", double_bind, double_run, NULL};
