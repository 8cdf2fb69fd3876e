/* %.9g without libc. A float is m * 2^e exactly; we compute floor(|v| * 10^s) for the s that
 * leaves 10 digits, in exact big-integer arithmetic, then round the 10th digit away. Exact,
 * so ties round to even like glibc's printf, and every float prints the same on every board. */
#include "fmt.h"

#include <string.h>

#define BIG_WORDS 8 /* 2^24 * 10^56 < 2^256: the largest product for the smallest subnormal */

typedef struct big {
  uint32_t w[BIG_WORDS]; /* little-endian words */
} big;

static void big_mul_small(big *a, uint32_t k) {
  uint64_t carry = 0;
  for (int i = 0; i < BIG_WORDS; i++) {
    uint64_t t = (uint64_t)a->w[i] * k + carry;
    a->w[i] = (uint32_t)t;
    carry = t >> 32;
  }
}

/* w[0..n) (little-endian words) /= k for k < 2^16; returns the remainder. In 16-bit halves,
 * so every step is a 32-bit division (one UDIV on the M33) and libgcc's 64-bit division
 * (__udivmoddi4, ~800 B) stays out of the image. */
static uint32_t words_div_small(uint32_t *w, int n, uint32_t k) {
  uint32_t rem = 0;
  for (int i = n - 1; i >= 0; i--) {
    uint32_t hi = (rem << 16) | (w[i] >> 16);
    uint32_t lo = ((hi % k) << 16) | (w[i] & 0xffffu);
    w[i] = ((hi / k) << 16) | (lo / k);
    rem = lo % k;
  }
  return rem;
}

/* a /= k; returns whether the remainder was non-zero. */
static int big_div_small(big *a, uint32_t k) { return words_div_small(a->w, BIG_WORDS, k) != 0; }

uint32_t fmt_u64_div(uint64_t *v, uint32_t k) {
  uint32_t w[2] = {(uint32_t)*v, (uint32_t)(*v >> 32)};
  uint32_t rem = words_div_small(w, 2, k);
  *v = ((uint64_t)w[1] << 32) | w[0];
  return rem;
}

static void big_shl(big *a, int n) {
  for (; n >= 32; n -= 32) {
    for (int i = BIG_WORDS - 1; i > 0; i--) a->w[i] = a->w[i - 1];
    a->w[0] = 0;
  }
  if (n == 0) return;
  for (int i = BIG_WORDS - 1; i > 0; i--) a->w[i] = (a->w[i] << n) | (a->w[i - 1] >> (32 - n));
  a->w[0] <<= n;
}

/* a >>= n; returns whether any 1 bit was shifted out. */
static int big_shr(big *a, int n) {
  int lost = 0;
  for (; n >= 32; n -= 32) {
    lost |= a->w[0] != 0;
    for (int i = 0; i < BIG_WORDS - 1; i++) a->w[i] = a->w[i + 1];
    a->w[BIG_WORDS - 1] = 0;
  }
  if (n == 0) return lost;
  lost |= (a->w[0] & ((1u << n) - 1)) != 0;
  for (int i = 0; i < BIG_WORDS - 1; i++) a->w[i] = (a->w[i] >> n) | (a->w[i + 1] << (32 - n));
  a->w[BIG_WORDS - 1] >>= n;
  return lost;
}

/* floor(m * 2^e2 * 10^s) and whether it was inexact. The result fits in 64 bits for the s we use. */
static uint64_t scaled_floor(uint32_t m, int e2, int s, int *inexact) {
  big a;
  memset(&a, 0, sizeof a);
  a.w[0] = m;
  *inexact = 0;
  if (s > 0)
    for (int i = 0; i < s; i++) big_mul_small(&a, 10);
  if (e2 > 0) big_shl(&a, e2);
  if (s < 0)
    for (int i = 0; i < -s; i++) *inexact |= big_div_small(&a, 10);
  if (e2 < 0) *inexact |= big_shr(&a, -e2);
  return ((uint64_t)a.w[1] << 32) | a.w[0];
}

size_t fmt_u64(char *out, uint64_t v) {
  char tmp[21];
  size_t n = 0;
  do {
    tmp[n++] = (char)('0' + fmt_u64_div(&v, 10));
  } while (v);
  for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
  out[n] = '\0';
  return n;
}

size_t fmt_float(char *out, float v) {
  uint32_t bits;
  memcpy(&bits, &v, sizeof bits);
  size_t n = 0;
  if (bits >> 31) out[n++] = '-';
  uint32_t exp = (bits >> 23) & 0xff, frac = bits & 0x7fffff;
  if (exp == 0xff) {
    memcpy(out + n, frac ? "nan" : "inf", 4);
    return n + 3;
  }
  if (exp == 0 && frac == 0) {
    memcpy(out + n, "0", 2);
    return n + 1;
  }
  uint32_t m = exp ? (frac | 0x800000u) : frac;
  int e2 = exp ? (int)exp - 150 : -149; /* |v| = m * 2^e2 */

  /* Decimal exponent k of |v| (10^k <= |v| < 10^(k+1)): estimate from the binary one, then fix. */
  int msb = 31;
  while (!(m >> msb)) msb--;
  int b = e2 + msb; /* 2^b <= |v| < 2^(b+1) */
  int k = b >= 0 ? (b * 78913) >> 18 : -((-b * 78913 + (1 << 18) - 1) >> 18);
  uint64_t q;
  int inexact;
  for (;;) {
    q = scaled_floor(m, e2, 9 - k, &inexact); /* 10 digits when k is right */
    if (q >= 10000000000ull) k++;
    else if (q < 1000000000ull) k--;
    else break;
  }
  /* Round 10 digits to 9, half to even, using the exact remainder. */
  uint64_t d = q;
  uint32_t last = fmt_u64_div(&d, 10);
  if (last > 5 || (last == 5 && (inexact || (d & 1)))) d++;
  if (d == 1000000000ull) {
    d = 100000000ull;
    k++;
  }
  char dig[10];
  fmt_u64(dig, d); /* exactly 9 digits */
  int nd = 9;
  while (nd > 1 && dig[nd - 1] == '0') nd--; /* %g drops trailing zeros */

  if (k >= -4 && k < 9) { /* fixed notation */
    if (k < 0) {
      out[n++] = '0';
      out[n++] = '.';
      for (int i = 0; i < -k - 1; i++) out[n++] = '0';
      for (int i = 0; i < nd; i++) out[n++] = dig[i];
    } else {
      for (int i = 0; i <= k; i++) out[n++] = dig[i];
      if (nd > k + 1) {
        out[n++] = '.';
        for (int i = k + 1; i < nd; i++) out[n++] = dig[i];
      }
    }
  } else { /* d.ddddde+XX */
    out[n++] = dig[0];
    if (nd > 1) {
      out[n++] = '.';
      for (int i = 1; i < nd; i++) out[n++] = dig[i];
    }
    out[n++] = 'e';
    out[n++] = k < 0 ? '-' : '+';
    int ak = k < 0 ? -k : k;
    if (ak >= 10) out[n++] = (char)('0' + ak / 10);
    else out[n++] = '0';
    out[n++] = (char)('0' + ak % 10);
  }
  out[n] = '\0';
  return n;
}
