#include "reduce_walk.h"

#include <string.h>

void rw_begin(rw_walk *w, const pt_tensor *in, uint32_t mask) {
  uint32_t strides[PT_MAX_RANK];
  memset(w, 0, sizeof *w);
  ku_strides(in, strides);
  w->count = 1;
  for (uint32_t d = 0; d < in->rank; d++) {
    if (mask & (1u << d)) {
      w->red_sizes[w->nr] = (uint32_t)in->sizes[d];
      w->red_str[w->nr++] = strides[d];
      w->count *= (uint32_t)in->sizes[d];
    } else {
      w->kept_sizes[w->nk] = (uint32_t)in->sizes[d];
      w->kept_str[w->nk++] = strides[d];
    }
  }
}

static void step(uint32_t n, const uint32_t *sizes, const uint32_t *str, uint32_t *idx,
                 uint32_t *off) {
  for (uint32_t d = n; d-- > 0;) {
    *off += str[d];
    if (++idx[d] < sizes[d]) return;
    *off -= str[d] * idx[d];
    idx[d] = 0;
  }
}

void rw_next_reduced(rw_walk *w) { step(w->nr, w->red_sizes, w->red_str, w->ridx, &w->roff); }

void rw_next_output(rw_walk *w) {
  step(w->nk, w->kept_sizes, w->kept_str, w->kidx, &w->koff);
  memset(w->ridx, 0, sizeof w->ridx);
  w->roff = 0;
}

pt_status rw_bind(pt_bind *b, const pt_tensor *in, const int32_t *dims, uint32_t ndims,
                  bool all, bool keepdim, const pt_tensor *out, uint32_t *mask,
                  uint32_t *count) {
  uint32_t m = 0;
  pt_status s;
  for (uint32_t k = 0; k < ndims && !all; k++) {
    uint32_t d;
    if ((s = ku_dim(b, dims[k], in->rank, "dim", &d))) return s;
    if (in->rank == 0) continue;
    if (m & (1u << d))
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: dim %u repeats", b->op_name, (unsigned)d);
    m |= 1u << d;
  }
  if (all) m = in->rank ? (1u << in->rank) - 1 : 0;
  int32_t sizes[PT_MAX_RANK];
  uint32_t rank = 0, n = 1;
  for (uint32_t d = 0; d < in->rank; d++) {
    if (m & (1u << d)) {
      n *= (uint32_t)in->sizes[d];
      if (keepdim) sizes[rank++] = 1;
    } else {
      sizes[rank++] = in->sizes[d];
    }
  }
  if ((s = ku_out_shape(b, out, sizes, rank)) || (s = ku_contiguous(b, out, "out"))) return s;
  if (n == 0 && out->numel > 0)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: cannot reduce over zero elements",
                   b->op_name);
  *mask = m;
  *count = n;
  return PT_OK;
}
