/* TensorList arguments (cat's inputs, split's outputs): value indices in the program
 * bytes, each checked to name a tensor. */
#ifndef PETITE_TENSOR_LIST_H
#define PETITE_TENSOR_LIST_H

#include "kernel_util.h"

#define TL_MAX 64

/* Bind: argument i is a TensorList of at most TL_MAX tensors; copies their value indices. */
pt_status tl_get(pt_bind *b, uint32_t i, const char *what, int32_t *idx, uint32_t *n);
/* Run: value index of item k of the list at argument i (already checked at bind). */
int32_t tl_item(const pt_value *values, const pt_call *call, uint32_t i, uint32_t k);

#endif
