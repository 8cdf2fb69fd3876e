#include "elementwise.h"

#include <string.h>

pt_status ew_check_dtype(pt_bind *b, const pt_tensor *t, const char *what) {
  if (!ku_dtype_known(t->dtype))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: %s has a dtype (%s) this kernel does not support", b->op_name, what,
                   pt_dtype_name(t->dtype));
  return PT_OK;
}

pt_status ew_bind_binary(pt_bind *b, const pt_tensor **in, const pt_tensor **out, bool check_inputs) {
  pt_status s;
  if ((s = ku_nargs(b, 4)) || (s = ku_tensor(b, 0, "self", &in[0])) ||
      (s = ku_tensor(b, 1, "other", &in[1])) || (s = ku_out(b, 2, out)))
    return s;
  if (check_inputs && ((s = ew_check_dtype(b, in[0], "self")) || (s = ew_check_dtype(b, in[1], "other"))))
    return s;
  return ew_check_dtype(b, *out, "out");
}

pt_status ew_check_binary_shapes(pt_bind *b, const pt_tensor *const *in, const pt_tensor *out) {
  static const char *const names[2] = {"self", "other"};
  return ew_check_shapes(b, in, names, 2, out);
}

pt_status ew_check_result_type(pt_bind *b, int common, const pt_tensor *out) {
  if (ku_can_cast(common, out->dtype)) return PT_OK;
  return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: the result type (%s) cannot be stored in out (%s)",
                 b->op_name, pt_dtype_name(common), pt_dtype_name(out->dtype));
}

static bool full_shape(const pt_tensor *t, const pt_tensor *out) {
  if (t->rank != out->rank) return false;
  for (uint32_t d = 0; d < t->rank; d++)
    if (t->sizes[d] != out->sizes[d]) return false;
  return true;
}

pt_status ew_check_shapes(pt_bind *b, const pt_tensor *const *in, const char *const *names,
                          uint32_t n, const pt_tensor *out) {
  int32_t sizes[PT_MAX_RANK];
  uint32_t rank = in[0]->rank;
  pt_status s;
  memcpy(sizes, in[0]->sizes, rank * sizeof *sizes);
  for (uint32_t k = 1; k < n; k++) {
    /* broadcast the running shape with input k, through a tensor-shaped view of it */
    pt_tensor acc = *in[0];
    acc.sizes = sizes;
    acc.rank = (uint8_t)rank;
    int32_t next[PT_MAX_RANK];
    uint32_t r2;
    if ((s = ku_broadcast_shape(b, &acc, in[k], next, &r2))) return s;
    memcpy(sizes, next, r2 * sizeof *sizes);
    rank = r2;
  }
  if ((s = ku_out_shape(b, out, sizes, rank))) return s;
  bool contiguous = out->numel <= 1 || out->is_contiguous;
  for (uint32_t k = 0; k < n; k++)
    if (in[k]->numel > 1 && !in[k]->is_contiguous) contiguous = false;
  if (contiguous) return PT_OK;
  for (uint32_t k = 0; k < n; k++) {
    if (in[k]->numel <= 1) continue;
    if (!full_shape(in[k], out))
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                     "%s: broadcasting %s over a non-contiguous dim_order is not supported",
                     b->op_name, names[k]);
    if (!ku_same_dim_order(in[k], out))
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s and out must share one dim_order",
                     b->op_name, names[k]);
  }
  return PT_OK;
}

void ew_begin(ew_iter *it, const pt_tensor *out, const pt_tensor *const *in, uint32_t n) {
  memset(it, 0, sizeof *it);
  it->n = n;
  it->rank = out->rank;
  it->sizes = out->sizes;
  for (uint32_t k = 0; k < n; k++) {
    if (in[k]->numel == 1) it->mode[k] = 2;
    else if (full_shape(in[k], out)) it->mode[k] = 1;
    else ku_broadcast_strides(in[k], out->rank, it->st[k]);
  }
}

void ew_next(ew_iter *it) {
  for (uint32_t d = it->rank; d-- > 0;) {
    for (uint32_t k = 0; k < it->n; k++) it->off[k] += it->st[k][d];
    if (++it->idx[d] < (uint32_t)it->sizes[d]) return;
    for (uint32_t k = 0; k < it->n; k++) it->off[k] -= it->st[k][d] * it->idx[d];
    it->idx[d] = 0;
  }
}

ku_num ew_scalar_num(const pt_value *v) {
  ku_num x = {false, 0, 0.0};
  if (v->tag == PT_TAG_DOUBLE) { x.is_float = true; x.d = v->u.d; }
  else if (v->tag == PT_TAG_BOOL) x.i = v->u.b;
  else x.i = v->u.i;
  return x;
}
