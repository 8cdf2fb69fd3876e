/* petite on a host with a heap (tools, tests, a Linux application): conveniences that allocate.
 * Header-only, so that the runtime library itself never references malloc. Devices size their
 * memory with `petite fit` and call pt_method_init directly. */
#ifndef PETITE_HOST_H
#define PETITE_HOST_H

#include <stdlib.h>

#include "petite.h"

/* pt_method_needs with a work area it allocates and frees: the plan comes back bound (persistent
 * and scratch bytes filled). PT_ERR_BUFFER_TOO_SMALL if the work area cannot be allocated. */
static inline pt_status pt_method_needs_host(const pt_program *p, const char *method,
                                             const pt_kernel_table *kernels, pt_method_plan *out,
                                             pt_diag *d) {
  pt_status s = pt_method_needs(p, method, kernels, out, NULL, 0, d);
  if (s != PT_OK) return s;
  size_t bytes = out->table_bytes ? out->table_bytes : 8;
  void *work = malloc(bytes); /* malloc's alignment covers the 8 bytes needed */
  if (!work) {
    if (d) d->status = PT_ERR_BUFFER_TOO_SMALL;
    return PT_ERR_BUFFER_TOO_SMALL;
  }
  s = pt_method_needs(p, method, kernels, out, work, bytes, d);
  free(work);
  return s;
}

#endif
