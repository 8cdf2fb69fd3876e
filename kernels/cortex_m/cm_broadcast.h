/* Walking a binary op's output with its two operands broadcast to it (numpy rules), each
 * tensor addressed through its own dim_order. Internal to the cortex_m kernels. */
#ifndef PETITE_CM_BROADCAST_H
#define PETITE_CM_BROADCAST_H

#include "cm_util.h"

typedef struct cm_walk {
  uint32_t rank;
  int32_t sizes[PT_MAX_RANK];
  uint32_t so[PT_MAX_RANK], sa[PT_MAX_RANK], sb[PT_MAX_RANK];
} cm_walk;

/* Bind: out's shape must be the broadcast of a and b. */
pt_status cm_broadcast_bind(pt_bind *b, const pt_tensor *a, const pt_tensor *c, const pt_tensor *out);
void cm_walk_init(cm_walk *w, const pt_tensor *a, const pt_tensor *b, const pt_tensor *out);

/* Calls body(o, ia, ib) with element offsets, for every output element. */
#define CM_WALK(w, numel, body)                                                     \
  do {                                                                              \
    uint32_t idx_[PT_MAX_RANK] = {0}, o_ = 0, ia_ = 0, ib_ = 0;                     \
    for (uint32_t n_ = 0; n_ < (numel); n_++) {                                     \
      body(o_, ia_, ib_);                                                           \
      for (uint32_t d_ = (w)->rank; d_-- > 0;) {                                    \
        o_ += (w)->so[d_], ia_ += (w)->sa[d_], ib_ += (w)->sb[d_];                  \
        if (++idx_[d_] < (uint32_t)(w)->sizes[d_]) break;                           \
        o_ -= (w)->so[d_] * idx_[d_], ia_ -= (w)->sa[d_] * idx_[d_],                \
            ib_ -= (w)->sb[d_] * idx_[d_];                                          \
        idx_[d_] = 0;                                                               \
      }                                                                             \
    }                                                                               \
  } while (0)

#endif
