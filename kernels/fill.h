/* Filling a tensor with one Scalar (full, full_like, scalar_tensor, constant_pad_nd). */
#ifndef PETITE_FILL_H
#define PETITE_FILL_H

#include "kernel_util.h"

/* Checks that `s` can be stored in `dtype` as ExecuTorch's extract_scalar allows (no
 * floating value into an integer or bool tensor, integers in range) and puts the element's
 * bytes in state[0..1]. */
pt_status fill_bind_value(pt_bind *b, const ku_scalar *s, int dtype, uint32_t *state);
/* Writes the element held in state[0..1] to every element of t. */
void fill_run_value(pt_tensor *t, const uint32_t *state);

#endif
