#include "cm_broadcast.h"

pt_status cm_broadcast_bind(pt_bind *b, const pt_tensor *a, const pt_tensor *c, const pt_tensor *out) {
  int32_t sizes[PT_MAX_RANK];
  uint32_t rank;
  pt_status s = ku_broadcast_shape(b, a, c, sizes, &rank);
  return s ? s : ku_out_shape(b, out, sizes, rank);
}

/* Strides of t seen as out's rank-dim shape: 0 along broadcast (size-1 or missing) dims. */
static void bstrides(const pt_tensor *t, const pt_tensor *out, uint32_t *st) {
  uint32_t own[PT_MAX_RANK];
  ku_strides(t, own);
  uint32_t lead = out->rank - t->rank;
  for (uint32_t d = 0; d < out->rank; d++)
    st[d] = d < lead || t->sizes[d - lead] == 1 ? 0 : own[d - lead];
}

void cm_walk_init(cm_walk *w, const pt_tensor *a, const pt_tensor *b, const pt_tensor *out) {
  w->rank = out->rank;
  for (uint32_t d = 0; d < out->rank; d++) w->sizes[d] = out->sizes[d];
  ku_strides(out, w->so);
  bstrides(a, out, w->sa);
  bstrides(b, out, w->sb);
}
