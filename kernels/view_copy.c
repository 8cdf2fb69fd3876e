/* aten::view_copy.out: out = self with a new shape (one -1 allowed); bytes copied. */
#include <string.h>

#include "kernel_util.h"

static pt_status view_copy_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0);
  pt_tensor *out = KU_T(ctx, call, 2);
  if (out->data != in->data) memcpy(out->data, in->data, pt_tensor_nbytes(in));
  return PT_OK;
}

static pt_status view_copy_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  pt_status s;
  if ((s = ku_nargs(b, 4)) || (s = ku_tensor(b, 0, "self", &in)) || (s = ku_out(b, 2, &out)))
    return s;
  return ku_view_bind(b, in, out);
}

const pt_kernel pt_k_aten_view_copy_out = {"aten::view_copy.out", view_copy_bind, view_copy_run, NULL};
