#include "tensor_list.h"

#include <string.h>

pt_status tl_get(pt_bind *b, uint32_t i, const char *what, int32_t *idx, uint32_t *n) {
  const pt_value *v = KU_ARG(b, i);
  if (v->tag != PT_TAG_TENSOR_LIST)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: argument %u (%s) must be a TensorList",
                   b->op_name, (unsigned)i, what);
  if (v->u.list.len > TL_MAX)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s has %u tensors, at most %u supported",
                   b->op_name, what, (unsigned)v->u.list.len, (unsigned)TL_MAX);
  for (uint32_t k = 0; k < v->u.list.len; k++) {
    int32_t x;
    memcpy(&x, (const int32_t *)v->u.list.items + k, sizeof x);
    if (x < 0 || (uint32_t)x >= b->nvalues || b->values[x].tag != PT_TAG_TENSOR ||
        b->values[x].u.t == NULL)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s item %u is not a tensor",
                     b->op_name, what, (unsigned)k);
    idx[k] = x;
  }
  *n = v->u.list.len;
  return PT_OK;
}

int32_t tl_item(const pt_value *values, const pt_call *call, uint32_t i, uint32_t k) {
  int32_t x;
  memcpy(&x, (const int32_t *)values[call->args[i]].u.list.items + k, sizeof x);
  return x;
}
