/* dim_order_ops::_clone_dim_order.out and _to_dim_order_copy.out
 * [self, non_blocking, dim_order, out, out]: copy into out's dim_order (and, for
 * _to_dim_order_copy, out's dtype, with static_cast conversion). */
#include "kernel_util.h"

/* True when `order` lays out out's elements in memory exactly as out's own dim_order does.
 * Orders can differ and still agree: ExecuTorch records a one-channel channels-last tensor
 * as (0,2,1,3) while the argument says (0,2,3,1); dims of size 1 have no stride that matters. */
static bool same_layout(const pt_bind *b, const pt_tensor *out, uint32_t n) {
  if (n != out->rank) return false;
  uint32_t want[PT_MAX_RANK], got[PT_MAX_RANK] = {0}, seen = 0;
  ku_strides(out, want);
  uint32_t stride = 1;
  for (uint32_t k = n; k-- > 0;) {
    int64_t o = ku_int_list_at(b, 2, k);
    if (o < 0 || o >= (int64_t)n || (seen >> o & 1u)) return false;
    seen |= 1u << o;
    got[o] = stride;
    stride *= (uint32_t)out->sizes[o];
  }
  for (uint32_t d = 0; d < n; d++)
    if (out->sizes[d] > 1 && got[d] != want[d]) return false;
  return true;
}

static pt_status dim_order_bind(pt_bind *b, bool same_dtype) {
  const pt_tensor *out;
  bool non_blocking;
  pt_status s;
  if ((s = ku_nargs(b, 5)) || (s = ku_copy_bind(b, 3, same_dtype)) ||
      (s = ku_bool(b, 1, "non_blocking", &non_blocking)) || (s = ku_tensor(b, 3, "out", &out)))
    return s;
  if (!ku_is_none(b, 2)) {
    uint32_t n;
    if ((s = ku_int_list_len(b, 2, "dim_order", &n))) return s;
    if (!same_layout(b, out, n))
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                     "%s: dim_order argument (rank %u) lays out memory differently from out's "
                     "dim_order", b->op_name, (unsigned)n);
  }
  return PT_OK;
}

static pt_status clone_dim_order_bind(pt_bind *b) { return dim_order_bind(b, true); }
static pt_status to_dim_order_copy_bind(pt_bind *b) { return dim_order_bind(b, false); }

const pt_kernel pt_k_dim_order_ops_clone_dim_order_out = {
    "dim_order_ops::_clone_dim_order.out", clone_dim_order_bind, ku_copy_run, NULL};
const pt_kernel pt_k_dim_order_ops_to_dim_order_copy_out = {
    "dim_order_ops::_to_dim_order_copy.out", to_dim_order_copy_bind, ku_copy_run, NULL};
