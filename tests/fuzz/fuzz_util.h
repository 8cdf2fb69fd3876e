/* Helpers shared by the fuzz targets. */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H
#define _POSIX_C_SOURCE 200112L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "petite.h"

static volatile uint8_t fuzz_sink;

/* An invariant broke: abort, so libFuzzer saves the input. */
#define FUZZ_FAIL(...) do { fprintf(stderr, "fuzz invariant: " __VA_ARGS__); fputc('\n', stderr); abort(); } while (0)

/* Copies the input into its own 16-aligned block of exactly `size` bytes (the runtime needs
 * 8-aligned program bytes; libFuzzer's buffer has no such promise). */
static inline uint8_t *fuzz_copy(const uint8_t *data, size_t size) {
  void *p = NULL;
  if (posix_memalign(&p, 16, size ? size : 1) != 0) abort();
  if (size) memcpy(p, data, size);
  return p;
}

static inline void *fuzz_alloc(size_t n) {
  void *p = NULL;
  if (posix_memalign(&p, 16, n ? n : 1) != 0) abort();
  return p;
}

/* Every failure names itself: status in the diag, a message, a terminated string. */
static inline void fuzz_check_diag(pt_status s, const pt_diag *d) {
  if (s == PT_OK) return;
  if ((unsigned)s >= PT_STATUS_COUNT) FUZZ_FAIL("status %d out of range", (int)s);
  if (d->status != s) FUZZ_FAIL("diag status %s, returned %s", pt_status_name(d->status), pt_status_name(s));
  if (memchr(d->text, '\0', sizeof d->text) == NULL) FUZZ_FAIL("diag text not terminated");
  if (d->text[0] == '\0') FUZZ_FAIL("%s with an empty message", pt_status_name(s));
}
#endif
