/* Prints the name of every kernel in pt_all_kernels, one per line: the table as linked,
 * which scripts/supported_ops.py checks against kernels/kernels.def. */
#include <stdio.h>

#include "petite_kernel.h"

int main(void) {
  for (uint32_t i = 0; i < pt_all_kernels.count; i++) puts(pt_all_kernels.kernels[i]->name);
  return 0;
}
