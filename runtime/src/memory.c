/* Lays one method's memory out in blocks the caller owns (static arrays on a device), so that
 * no firmware has to repeat the arithmetic of pt_memory. */
#include <string.h>
#include "petite_kernel.h"

/* Each buffer's bytes rounded up to 16, or SIZE_MAX when that does not fit a size_t. */
static size_t aligned16(size_t n) { return n > SIZE_MAX - 15u ? SIZE_MAX : (n + 15u) & ~(size_t)15u; }

size_t pt_plan_arena_bytes(const pt_method_plan *plan) {
  size_t total = 0;
  uint32_t n = plan && plan->nbuffers <= PT_MAX_BUFFERS ? plan->nbuffers : 0;
  for (uint32_t b = 0; b < n; b++) {
    size_t need = aligned16(plan->buffer_bytes[b]);
    if (need > SIZE_MAX - total) return SIZE_MAX;
    total += need;
  }
  return total;
}

pt_status pt_memory_carve(pt_memory *mem, const pt_method_plan *plan, void *metadata,
                          size_t metadata_size, void *arena, size_t arena_size, void *scratch,
                          size_t scratch_size, pt_diag *d) {
  if (!mem || !plan) return pt_fail(d, PT_ERR_INVALID_ARGUMENT, "pt_memory_carve: mem and plan must not be NULL");
  if (plan->nbuffers > PT_MAX_BUFFERS)
    return pt_fail(d, PT_ERR_INVALID_ARGUMENT, "the plan has %u buffers, at most %u are supported",
                   (unsigned)plan->nbuffers, (unsigned)PT_MAX_BUFFERS);
  size_t arena_bytes = pt_plan_arena_bytes(plan);
  size_t meta_bytes = plan->bound ? plan->metadata_bytes : plan->table_bytes;
  if (meta_bytes > metadata_size || !metadata)
    return pt_fail(d, PT_ERR_BUFFER_TOO_SMALL, "metadata needs %s%zu bytes but %zu were given",
                   plan->bound ? "" : "at least ", meta_bytes, metadata ? metadata_size : 0);
  if (arena_bytes > arena_size || (arena_bytes && !arena))
    return pt_fail(d, PT_ERR_BUFFER_TOO_SMALL, "the planned arena needs %zu bytes but %zu were given",
                   arena_bytes, arena ? arena_size : 0);
  if (plan->bound && (plan->scratch_bytes > scratch_size || (plan->scratch_bytes && !scratch)))
    return pt_fail(d, PT_ERR_BUFFER_TOO_SMALL, "kernel scratch needs %zu bytes but %zu were given",
                   plan->scratch_bytes, scratch ? scratch_size : 0);
  if ((uintptr_t)arena % 16u != 0)
    return pt_fail(d, PT_ERR_MISALIGNED, "the arena must be 16-byte aligned (_Alignas(16))");
  memset(mem, 0, sizeof *mem);
  mem->metadata = metadata;
  mem->metadata_size = metadata_size;
  mem->scratch = scratch;
  mem->scratch_size = scratch_size;
  mem->nbuffers = plan->nbuffers;
  size_t used = 0;
  for (uint32_t b = 0; b < plan->nbuffers; b++) {
    mem->buffers[b] = arena ? (uint8_t *)arena + used : NULL; /* no offset on NULL: UB */
    mem->buffer_sizes[b] = plan->buffer_bytes[b];
    used += aligned16(plan->buffer_bytes[b]);
  }
  return PT_OK;
}
