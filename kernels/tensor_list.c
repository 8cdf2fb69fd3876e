#include "tensor_list.h"

#include <string.h>

static int32_t item(const pt_value *list, uint32_t k) {
  int32_t x;
  memcpy(&x, (const int32_t *)list->u.list.items + k, sizeof x); /* program bytes */
  return x;
}

pt_status tl_check(pt_bind *b, uint32_t i, const char *what, uint32_t *n) {
  const pt_value *v = KU_ARG(b, i);
  if (v->tag != PT_TAG_TENSOR_LIST)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: argument %u (%s) must be a TensorList",
                   b->op_name, (unsigned)i, what);
  for (uint32_t k = 0; k < v->u.list.len; k++) {
    int32_t x = item(v, k);
    if (x < 0 || (uint32_t)x >= b->nvalues || b->values[x].tag != PT_TAG_TENSOR ||
        b->values[x].u.t == NULL)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s item %u is not a tensor",
                     b->op_name, what, (unsigned)k);
  }
  *n = v->u.list.len;
  return PT_OK;
}

const pt_tensor *tl_bind_item(const pt_bind *b, uint32_t i, uint32_t k) {
  return b->values[item(KU_ARG(b, i), k)].u.t;
}

int32_t tl_item(const pt_ctx *ctx, const pt_call *call, uint32_t i, uint32_t k) {
  int32_t x;
  memcpy(&x, (const int32_t *)ctx->values[call->args[i]].u.list.items + k, sizeof x);
  return x;
}
