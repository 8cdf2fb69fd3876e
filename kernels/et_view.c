/* executorch_prim::et_view.default [self, size, out]: out aliases self's memory. */
#include "kernel_util.h"

static pt_status et_view_run(pt_value *values, const pt_call *call) {
  KU_T(values, call, 2)->data = KU_T(values, call, 0)->data;
  return PT_OK;
}

static pt_status et_view_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  pt_status s;
  if ((s = ku_nargs(b, 3)) || (s = ku_tensor(b, 0, "self", &in)) ||
      (s = ku_tensor(b, 2, "out", &out)))
    return s;
  return ku_view_bind(b, in, out);
}

const pt_kernel pt_k_executorch_prim_et_view_default = {"executorch_prim::et_view.default",
                                                        et_view_bind, et_view_run};
