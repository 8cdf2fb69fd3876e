/* Small helpers shared by the runtime tests: checks, file reading, aligned copies. */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H
#define _POSIX_C_SOURCE 200112L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "petite_kernel.h"

static int failures;
#define CHECK(cond) do { if (!(cond)) { failures++; fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
/* A call must fail with exactly `want`, leaving a message. */
#define CHECK_STATUS(call, want, diag) do { pt_status s_ = (call); \
    if (s_ != (want) || (s_ != PT_OK && (diag).text[0] == '\0')) { failures++; \
      fprintf(stderr, "%s:%d: %s -> %s (want %s): \"%s\"\n", __FILE__, __LINE__, #call, pt_status_name(s_), \
              pt_status_name(want), (diag).text); } } while (0)

/* Reads a file into 16-aligned heap memory. */
static inline uint8_t *read_file(const char *dir, const char *name, size_t *size) {
  char path[1024];
  snprintf(path, sizeof path, "%s%s%s", dir ? dir : "", dir ? "/" : "", name); /* dir NULL: name is a path */
  FILE *f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "cannot open %s\n", path); exit(2); }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  void *p = NULL;
  if (posix_memalign(&p, 16, n > 0 ? (size_t)n : 1) != 0 || fread(p, 1, (size_t)n, f) != (size_t)n) exit(2);
  fclose(f);
  *size = (size_t)n;
  return p;
}

static inline void *alloc_exact(size_t n) {
  void *p = NULL;
  if (posix_memalign(&p, 16, n ? n : 1) != 0) exit(2);
  return p;
}
#endif
