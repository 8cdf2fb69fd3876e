/* Number formatting for the demo's serial lines, with no printf: the bare boards have no libc. */
#ifndef PETITE_FMT_H
#define PETITE_FMT_H

#include <stddef.h>
#include <stdint.h>

/* Longest text fmt_float writes: "-1.23456789e-38" plus NUL, with room to spare. */
#define FMT_FLOAT_MAX 24

/* Writes `v` as printf("%.9g") does (9 significant digits, correctly rounded, half to even;
 * "inf", "nan"), NUL-terminated. Returns the length. `out` holds FMT_FLOAT_MAX bytes. */
size_t fmt_float(char *out, float v);
/* Writes `v` in decimal, NUL-terminated; `out` holds 21 bytes. Returns the length. */
size_t fmt_u64(char *out, uint64_t v);
/* *v /= k for 0 < k < 65536; returns the remainder. 32-bit divisions only: no libgcc
 * 64-bit division (~800 B) in the image. */
uint32_t fmt_u64_div(uint64_t *v, uint32_t k);

#endif
