#include "cm_util.h"

pt_status cm_nargs(pt_bind *b, uint32_t n, const char *schema) {
  if (b->nargs != n)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: %u arguments, but the " CM_LAYOUT " layout has %u: %s, out, out",
                   b->op_name, (unsigned)b->nargs, (unsigned)n, schema);
  return PT_OK;
}

/* Strides agree on every dim longer than 1: the same bytes in the same places. */
bool cm_same_memory(const pt_tensor *a, const pt_tensor *c) {
  uint32_t sa[PT_MAX_RANK], sc[PT_MAX_RANK];
  if (a->rank != c->rank) return false;
  ku_strides(a, sa);
  ku_strides(c, sc);
  for (uint32_t d = 0; d < a->rank; d++)
    if (a->sizes[d] != c->sizes[d] || (a->sizes[d] > 1 && sa[d] != sc[d])) return false;
  return true;
}

bool cm_is_nhwc_memory(const pt_tensor *t) {
  uint32_t st[PT_MAX_RANK];
  ku_strides(t, st);
  uint32_t c = (uint32_t)t->sizes[1], w = (uint32_t)t->sizes[3], h = (uint32_t)t->sizes[2];
  uint32_t want[4] = {h * w * c, 1, w * c, c};
  for (uint32_t d = 0; d < 4; d++)
    if (t->sizes[d] > 1 && st[d] != want[d]) return false;
  return true;
}

pt_status cm_nhwc(pt_bind *b, const pt_tensor *t, const char *what, bool nhwc, cm_shape *s) {
  if (t->rank != 4)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s must be 4-D, got rank %u", b->op_name,
                   what, (unsigned)t->rank);
  if (t->dtype != PT_I8)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s must be int8, got %s", b->op_name,
                   what, pt_dtype_name(t->dtype));
  if (nhwc) {
    if (!t->is_contiguous)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s must be contiguous NHWC", b->op_name,
                     what);
    *s = (cm_shape){t->sizes[0], t->sizes[1], t->sizes[2], t->sizes[3]};
    return PT_OK;
  }
  *s = (cm_shape){t->sizes[0], t->sizes[2], t->sizes[3], t->sizes[1]};
  if (!cm_is_nhwc_memory(t))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: %s must be channels-last (dim_order 0,2,3,1), got %u,%u,%u,%u",
                   b->op_name, what, t->dim_order[0], t->dim_order[1], t->dim_order[2],
                   t->dim_order[3]);
  return PT_OK;
}

pt_status cm_double(pt_bind *b, uint32_t i, const char *what, double *v) {
  const pt_value *x = KU_ARG(b, i);
  if (x->tag == PT_TAG_DOUBLE) *v = x->u.d;
  else if (x->tag == PT_TAG_INT) *v = (double)x->u.i;
  else
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: argument %u (%s) must be a Double",
                   b->op_name, (unsigned)i, what);
  return PT_OK;
}

pt_status cm_int_list_n(pt_bind *b, uint32_t i, const char *what, int64_t *v, uint32_t n) {
  uint32_t len;
  pt_status s = ku_int_list(b, i, what, v, n, &len);
  if (s) return s;
  if (len != n)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s must have %u items, got %u",
                   b->op_name, what, (unsigned)n, (unsigned)len);
  return PT_OK;
}

pt_status cm_int_range(pt_bind *b, uint32_t i, const char *what, int64_t lo, int64_t hi,
                       int64_t *v) {
  pt_status s = ku_int(b, i, what, v);
  if (s) return s;
  if (*v < lo || *v > hi)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s = %lld is outside [%lld, %lld]",
                   b->op_name, what, (long long)*v, (long long)lo, (long long)hi);
  return PT_OK;
}

int64_t cm_list_item(const pt_ctx *ctx, const pt_call *call, uint32_t i, uint32_t k) {
  const uint8_t *items = (const uint8_t *)ctx->values[call->args[i]].u.list.items + 8u * k;
  uint64_t idx = 0;
  for (uint32_t j = 0; j < 8; j++) idx |= (uint64_t)items[j] << (8 * j); /* LE, unaligned */
  return ctx->values[idx].u.i;
}

int32_t cm_requantize_slow(int32_t v, int32_t multiplier, int32_t shift) {
  return cm_requantize(v, multiplier, shift);
}
