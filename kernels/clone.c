/* aten::clone.out [self, memory_format, out, out]: a copy, same dtype. */
#include "kernel_util.h"

static pt_status clone_bind(pt_bind *b) {
  pt_status s;
  if ((s = ku_nargs(b, 4)) || (s = ku_copy_bind(b, 2, true))) return s;
  if (!ku_is_none(b, 1)) {
    int64_t fmt;
    if ((s = ku_int(b, 1, "memory_format", &fmt))) return s;
    /* torch.contiguous_format = 0, torch.preserve_format = 1 */
    if (fmt != 0 && fmt != 1)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                     "%s: memory_format %lld is not supported (contiguous or preserve only)",
                     b->op_name, (long long)fmt);
  }
  return PT_OK;
}

const pt_kernel pt_k_aten_clone_out = {"aten::clone.out", clone_bind, ku_copy_run, NULL};
