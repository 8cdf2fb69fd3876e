/* libFuzzer target 1: pt_program_load on arbitrary bytes, then every method's name.
 * A rejected file must come with a non-empty message and the same status in the diag. */
#include "fuzz_util.h" /* first: it sets _POSIX_C_SOURCE */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t *copy = fuzz_copy(data, size); /* exact size, 16-aligned: ASan sees any overread */
  pt_program p;
  pt_diag d;
  pt_status s = pt_program_load(&p, copy, size, &d);
  fuzz_check_diag(s, &d);
  if (s == PT_OK) {
    uint32_t n = pt_program_method_count(&p);
    for (uint32_t i = 0; i < n; i++) {
      size_t len = 0;
      const char *name = pt_program_method_name(&p, i, &len);
      if (!name) FUZZ_FAIL("a loaded program's method name is unreadable");
      for (size_t k = 0; k < len; k++) fuzz_sink ^= (uint8_t)name[k]; /* touch every byte */
    }
  }
  free(copy);
  return 0;
}
