/* fmt_float against the host's printf("%.9g") and ref_sin against libm: the boards print with
 * fmt.c and compute the reference with ref_sin.c, so these two decide what the tests compare. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "ref_sin.h"

static uint64_t rng = 88172645463325252ull;
static uint32_t next_u32(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)rng;
}

static int check_float(float v) {
  char want[64], got[FMT_FLOAT_MAX];
  snprintf(want, sizeof want, "%.9g", (double)v);
  size_t n = fmt_float(got, v);
  if (strcmp(want, got) != 0 || n != strlen(got)) {
    printf("fmt_float mismatch: printf gives %s, fmt_float gives %s\n", want, got);
    return 1;
  }
  return 0;
}

static float from_bits(uint32_t u) {
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
}

int main(void) {
  int bad = 0;
  long n = 0;
  for (int i = 0; i < 300000; i++, n++) bad += check_float(from_bits(next_u32()));
  /* every exponent, with mantissas at both ends and a few random ones (subnormals included) */
  for (uint32_t e = 0; e < 256; e++) {
    bad += check_float(from_bits(e << 23)) + check_float(from_bits((e << 23) | 0x7fffffu));
    for (int j = 0; j < 200; j++, n++) bad += check_float(from_bits((e << 23) | (next_u32() & 0x7fffffu)));
  }
  /* exact ties at the 10th digit (1 + k/512 has 10 significant digits): printf rounds to even */
  for (int k = 0; k < 4096; k++, n += 3)
    bad += check_float(1.0f + (float)k / 512.0f) + check_float((float)k / 1024.0f) + check_float((float)k * 1e-3f);
  char u[21];
  fmt_u64(u, UINT64_MAX);
  if (strcmp(u, "18446744073709551615") != 0) bad += printf("fmt_u64(UINT64_MAX) gave %s\n", u) > 0;
  fmt_u64(u, 0);
  if (strcmp(u, "0") != 0) bad += printf("fmt_u64(0) gave %s\n", u) > 0;
  /* fmt_u64 divides in 16-bit halves (no 64-bit division): every magnitude, against printf */
  for (int i = 0; i < 200000; i++) {
    uint64_t v = (((uint64_t)next_u32() << 32) | next_u32()) >> (i % 64);
    char want[32];
    snprintf(want, sizeof want, "%llu", (unsigned long long)v);
    if (fmt_u64(u, v) != strlen(want) || strcmp(u, want) != 0) bad += printf("fmt_u64(%s) gave %s\n", want, u) > 0;
  }
  for (int i = 0; i < 200000; i++) { /* fmt_u64_div: any divisor below 2^16 */
    uint64_t v = (((uint64_t)next_u32() << 32) | next_u32()) >> (i % 64), q = v;
    uint32_t k = 1 + next_u32() % 65535u, r = fmt_u64_div(&q, k);
    if (q != v / k || r != v % k) bad += printf("fmt_u64_div(%llu, %u) gave %llu r %u\n", (unsigned long long)v, k, (unsigned long long)q, r) > 0;
  }

  double max_diff = 0.0;
  int float_mismatch = 0;
  for (int i = 0; i <= 100000; i++) {
    double x = -10.0 + 20.0 * i / 100000.0;
    double d = fabs(ref_sin(x) - sin(x));
    if (d > max_diff) max_diff = d;
    float_mismatch += (float)ref_sin(x) != (float)sin(x);
  }
  if (max_diff > 1e-15 || float_mismatch) {
    printf("ref_sin: max |diff| to libm %g, %d float results differ\n", max_diff, float_mismatch);
    bad++;
  }
  printf("%ld floats formatted, ref_sin max |diff| %g: %s\n", n, max_diff, bad ? "FAILED" : "ok");
  return bad != 0;
}
