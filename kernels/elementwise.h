/* Element-wise kernels with up to three broadcast operands (div, comparisons, where,
 * maximum/minimum, bitwise): the bind-time shape/dim_order rules and the run-time walk.
 * Values go through ku_num, so every dtype pair works the same way. */
#ifndef PETITE_ELEMENTWISE_H
#define PETITE_ELEMENTWISE_H

#include "kernel_util.h"

#define EW_MAX_IN 3

/* Checks that the inputs broadcast to out's shape, and that either every tensor with
 * more than one element is contiguous, or all of them share one dim_order and out's shape
 * exactly (then the walk is flat). `names` name the inputs in messages. */
pt_status ew_check_shapes(pt_bind *b, const pt_tensor *const *in, const char *const *names,
                          uint32_t n, const pt_tensor *out);
/* Every tensor has a dtype the generic element paths handle. */
pt_status ew_check_dtype(pt_bind *b, const pt_tensor *t, const char *what);

/* The arguments [self, other, out, out] of a two-tensor op: count, tensors, out, and
 * ew_check_dtype on out (and on self and other when `check_inputs`). */
pt_status ew_bind_binary(pt_bind *b, const pt_tensor **in, const pt_tensor **out, bool check_inputs);
/* ew_check_shapes for [self, other] into out. */
pt_status ew_check_binary_shapes(pt_bind *b, const pt_tensor *const *in, const pt_tensor *out);
/* The promoted type `common` can be cast to out's dtype. */
pt_status ew_check_result_type(pt_bind *b, int common, const pt_tensor *out);

/* The walk over out's elements: offset of input k for the current element. */
typedef struct ew_iter {
  uint32_t n, rank;
  const int32_t *sizes;
  uint32_t idx[PT_MAX_RANK];
  uint32_t st[EW_MAX_IN][PT_MAX_RANK];
  uint32_t off[EW_MAX_IN];
  uint8_t mode[EW_MAX_IN]; /* 0 broadcast walk, 1 flat (same shape), 2 single element */
} ew_iter;

void ew_begin(ew_iter *it, const pt_tensor *out, const pt_tensor *const *in, uint32_t n);
/* Offset of input k at out element i. */
static inline uint32_t ew_at(const ew_iter *it, uint32_t k, uint32_t i) {
  return it->mode[k] == 1 ? i : it->mode[k] == 2 ? 0 : it->off[k];
}
void ew_next(ew_iter *it);

/* A Scalar argument's value as a ku_num (Int, Bool or Double). */
ku_num ew_scalar_num(const pt_value *v);

#endif
