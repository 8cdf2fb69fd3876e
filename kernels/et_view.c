/* executorch_prim::et_view.default [self, size, out]: out aliases self's memory.
 * `size` may hold SymInts computed at run time (dynamic dims, run at their static upper
 * bound): bind checks what is static, run checks that the sizes match out's shape. */
#include <string.h>

#include "kernel_util.h"

static pt_status et_view_run(const pt_ctx *ctx, const pt_call *call) {
  pt_tensor *out = KU_T(ctx, call, 2);
  const pt_value *size = &ctx->values[call->args[1]];
  const int64_t *items = (const int64_t *)size->u.list.items;
  for (uint32_t d = 0; d < size->u.list.len; d++) {
    int64_t vi;
    memcpy(&vi, &items[d], sizeof vi); /* the list lives in program bytes */
    int64_t v = ctx->values[vi].u.i;
    if (v != -1 && v != out->sizes[d]) return PT_ERR_KERNEL_FAILED; /* not the static shape */
  }
  out->data = KU_T(ctx, call, 0)->data;
  return PT_OK;
}

static pt_status et_view_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  uint32_t n;
  pt_status s;
  if ((s = ku_nargs(b, 3)) || (s = ku_tensor(b, 0, "self", &in)) ||
      (s = ku_tensor(b, 2, "out", &out)))
    return s;
  pt_diag *d = b->diag;
  b->diag = NULL; /* a failure here only means the sizes are not all static */
  s = ku_view_bind(b, in, out);
  b->diag = d;
  if (s == PT_OK) return PT_OK;
  /* not static: same dtype, element count and layout, one size per dim of out */
  if ((s = ku_int_list_len(b, 1, "size", &n)) ||
      (s = ku_same_dtype(b, in, "self", out, "out")) || (s = ku_contiguous(b, in, "self")) ||
      (s = ku_contiguous(b, out, "out")))
    return s;
  if (n != out->rank || in->numel != out->numel)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: size does not describe out (%u dims for rank %u, %u elements for %u)",
                   b->op_name, (unsigned)n, (unsigned)out->rank, (unsigned)in->numel,
                   (unsigned)out->numel);
  return PT_OK;
}

const pt_kernel pt_k_executorch_prim_et_view_default = {"executorch_prim::et_view.default",
                                                        et_view_bind, et_view_run, NULL};
