/* Walking a reduction: the input's elements split into kept dims (one output each, in
 * out's contiguous order) and reduced dims (visited in increasing index order), any
 * input dim_order. Shared by amax/amin, argmax/argmin and var. */
#ifndef PETITE_REDUCE_WALK_H
#define PETITE_REDUCE_WALK_H

#include "kernel_util.h"

typedef struct rw_walk {
  uint32_t nk, nr, count;
  uint32_t kept_sizes[PT_MAX_RANK], kept_str[PT_MAX_RANK];
  uint32_t red_sizes[PT_MAX_RANK], red_str[PT_MAX_RANK];
  uint32_t kidx[PT_MAX_RANK], ridx[PT_MAX_RANK];
  uint32_t koff, roff;
} rw_walk;

/* mask: bit d set when dim d is reduced. */
void rw_begin(rw_walk *w, const pt_tensor *in, uint32_t mask);
/* Offset of the current reduced element of the current output; then step. */
static inline uint32_t rw_at(const rw_walk *w) { return w->koff + w->roff; }
void rw_next_reduced(rw_walk *w);
void rw_next_output(rw_walk *w);

/* Bind: the dims to reduce (a dim list, or all when `all`), keepdim, and out's shape;
 * returns the mask. Rank-0 input reduces its one element. */
pt_status rw_bind(pt_bind *b, const pt_tensor *in, const int32_t *dims, uint32_t ndims,
                  bool all, bool keepdim, const pt_tensor *out, uint32_t *mask,
                  uint32_t *count);

#endif
