/* Kernel lookup by exact name; used once per operator at bind time, never while executing. */
#include "petite_kernel.h"

const pt_kernel *pt_kernel_find(const pt_kernel_table *table, const char *name, size_t name_len) {
  if (!table || !name) return NULL;
  for (uint32_t i = 0; i < table->count; i++) {
    const pt_kernel *k = table->kernels[i];
    if (!k || !k->name) continue;
    size_t j = 0;
    while (j < name_len && k->name[j] != '\0' && k->name[j] == name[j]) j++;
    if (j == name_len && k->name[j] == '\0') return k;
  }
  return NULL;
}
