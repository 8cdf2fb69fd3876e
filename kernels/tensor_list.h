/* TensorList arguments (cat's inputs, split's outputs): value indices in the program
 * bytes, each checked to name a tensor. */
#ifndef PETITE_TENSOR_LIST_H
#define PETITE_TENSOR_LIST_H

#include "kernel_util.h"

/* Bind: argument i is a TensorList whose every item names a tensor; *n items (any number:
 * they are read in place, in the program bytes). */
pt_status tl_check(pt_bind *b, uint32_t i, const char *what, uint32_t *n);
/* Bind: the tensor of item k of the list at argument i (tl_check accepted it). */
const pt_tensor *tl_bind_item(const pt_bind *b, uint32_t i, uint32_t k);
/* Run: value index of item k of the list at argument i (already checked at bind). */
int32_t tl_item(const pt_ctx *ctx, const pt_call *call, uint32_t i, uint32_t k);

#endif
