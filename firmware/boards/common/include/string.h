/* string.h for bare boards without a C library (Debian has no RISC-V newlib): only what
 * boards/common/libc_min.c implements. The RV32 toolchain file puts this directory on the
 * system include path, so the runtime and kernels build unchanged. */
#ifndef PETITE_MIN_STRING_H
#define PETITE_MIN_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#endif
