/* ku_scalar_f32 converts Int and Double scalars to float32 on the bits (no soft-float helper
 * on the device). The oracle is the host compiler's own conversion, (float)d and (float)i:
 * every result must have the same bits, over edge cases (ties, the overflow threshold,
 * subnormals and the underflow threshold, inf, NaN payloads, int64 extremes) and over
 * millions of random bit patterns spread across all exponents. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kernel_util.h"

static int failures;
static long checked;

static pt_value val;
static const int32_t arg0[] = {0};

static uint32_t converted(void) {
  pt_bind b;
  float f = -12345.0f;
  uint32_t bits;
  memset(&b, 0, sizeof b);
  b.values = &val;
  b.nvalues = 1;
  b.args = arg0;
  b.nargs = 1;
  b.op_name = "test";
  if (ku_scalar_f32(&b, 0, "x", &f) != PT_OK) {
    printf("FAIL: ku_scalar_f32 rejected tag %d\n", val.tag);
    failures++;
  }
  memcpy(&bits, &f, sizeof bits);
  return bits;
}

static uint32_t f32_bits_of(float f) {
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  return u;
}

static void check_double(double d) {
  volatile double vd = d; /* converted at run time, by the hardware */
  uint32_t want = f32_bits_of((float)vd);
  val.tag = PT_TAG_DOUBLE;
  val.u.d = d;
  uint32_t got = converted();
  checked++;
  if (got != want && failures++ < 20) {
    uint64_t x;
    memcpy(&x, &d, sizeof x);
    printf("FAIL: double 0x%016llx (%.17g): got 0x%08x, (float) gives 0x%08x\n",
           (unsigned long long)x, d, (unsigned)got, (unsigned)want);
  }
}

static void check_bits(uint64_t x) {
  double d;
  memcpy(&d, &x, sizeof d);
  check_double(d);
}

/* (float)i, rounded once by the hardware from an exactly representable double: valgrind
 * emulates the int64 -> float instruction through a double, which rounds twice. Above 53
 * bits the dropped bits leave a sticky bit in the double's last place, far below float's. */
static float i64_to_float(int64_t i) {
  uint64_t u = i < 0 ? 0u - (uint64_t)i : (uint64_t)i, top = u;
  int s = 0;
  while ((u >> s) >= (1ull << 53)) s++;
  if (s) top = u >> s | ((u & ((1ull << s) - 1)) != 0);
  volatile double d = ldexp((double)top, s);
  float f = (float)d;
  return i < 0 ? -f : f;
}

static void check_int(int64_t i) {
  uint32_t want = f32_bits_of(i64_to_float(i));
  val.tag = PT_TAG_INT;
  val.u.i = i;
  uint32_t got = converted();
  checked++;
  if (got != want && failures++ < 20)
    printf("FAIL: int %lld: got 0x%08x, (float) gives 0x%08x\n", (long long)i, (unsigned)got,
           (unsigned)want);
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next(void) { /* xorshift64* */
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 0x2545f4914f6cdd1dull;
}

int main(void) {
  /* doubles: specials and the float32 thresholds, each with its neighbours */
  const double edges[] = {
      0.0, 1.0, 2.0, 0.5, 0.1, 1.0 / 3.0, 16777216.0, 16777217.0, 16777219.0,
      (double)FLT_MAX, 3.4028235677973366e38 /* FLT_MAX + half an ulp: the overflow tie */,
      3.4028235677973362e38, 3.402823567797337e38, 1e39, DBL_MAX, INFINITY,
      (double)FLT_MIN, (double)FLT_MIN * (1 - 0x1p-24), (double)FLT_MIN * (1 - 0x1p-25),
      0x1p-149, 0x1p-150, 0x1.8p-150, 0x1.000001p-150, 0x1.fffffp-151, 0x1p-151, 0x1.8p-149,
      0x1.4p-148, 0x1.cp-148, 0x1p-1022, 0x1p-1074, 0x1.8p-1060, DBL_MIN, 1e-300,
      1.0 + 0x1p-24, 1.0 + 0x1p-23 + 0x1p-24, 1.0 + 0x1p-24 + 0x1p-52, 0x1.fffffffp0};
  for (size_t k = 0; k < sizeof edges / sizeof edges[0]; k++) {
    uint64_t x;
    memcpy(&x, &edges[k], sizeof x);
    for (int dx = -2; dx <= 2; dx++) {
      check_bits(x + (uint64_t)(int64_t)dx);
      check_bits((x + (uint64_t)(int64_t)dx) ^ 0x8000000000000000ull); /* negative */
    }
  }
  /* NaNs: quiet and signalling, with payloads in the kept and the dropped bits */
  const uint64_t nans[] = {0x7ff8000000000000ull, 0x7ff0000000000001ull, 0x7ff4000000000000ull,
                           0x7fffffffffffffffull, 0x7ff0000020000000ull, 0x7ff000001fffffffull,
                           0x7ff8123456789abcull};
  for (size_t k = 0; k < sizeof nans / sizeof nans[0]; k++) {
    check_bits(nans[k]);
    check_bits(nans[k] | 0x8000000000000000ull);
  }
  /* every float32 exponent, with the 29 dropped bits at a tie, just under and just over */
  for (uint64_t e = 1023 - 160; e <= 1023 + 130; e++)
    for (uint64_t low = 0; low < 8; low++) {
      uint64_t frac = (next() & 0xfffff00000000ull) | (low & 1 ? 0x10000000ull : 0) |
                      (low & 2 ? 0x0fffffffull : 0) | (low & 4 ? 0x20000000ull : 0);
      check_bits(e << 52 | frac);
      check_bits(e << 52 | (frac & ~0x1fffffffull) | 0x10000000ull); /* an exact tie */
    }
  /* random doubles: any bits, and exponents near float32's range */
  for (int k = 0; k < 2000000; k++) check_bits(next());
  for (int k = 0; k < 2000000; k++) {
    uint64_t x = next();
    uint64_t e = 1023 - 155 + (x >> 55) % 290; /* 2^-155 .. 2^134 */
    check_bits((x & 0x800fffffffffffffull) | e << 52);
  }

  /* ints: extremes, the 2^24 edge, ties at every magnitude, random */
  const int64_t ints[] = {0, 1, -1, 2, 3, 16777215, 16777216, 16777217, 16777218, 16777219,
                          -16777217, 33554435, 2147483647, -2147483647 - 1, 4294967295ll,
                          INT64_MAX, INT64_MIN, INT64_MIN + 1, INT64_MAX - 1,
                          0x7fffff8000000000ll, 0x7fffff7fffffffffll, 0x7fffffc000000000ll};
  for (size_t k = 0; k < sizeof ints / sizeof ints[0]; k++) check_int(ints[k]);
  for (int sh = 0; sh < 39; sh++)
    for (int64_t m = 0xfffffe; m <= 0x1000003; m++) {
      int64_t v = (int64_t)((uint64_t)m << sh);
      check_int(v);
      check_int(v + ((int64_t)1 << sh) / 2); /* a tie (or an exact value for sh = 0) */
      check_int(v + ((int64_t)1 << sh) / 2 + 1);
      check_int(-v);
    }
  for (int k = 0; k < 1000000; k++) {
    uint64_t x = next();
    check_int((int64_t)(x >> (x & 63)));
    check_int((int64_t)x);
  }

  /* Bool and a wrong tag */
  val.tag = PT_TAG_BOOL;
  val.u.b = true;
  if (converted() != 0x3f800000u) printf("FAIL: True is not 1.0f\n"), failures++;
  val.u.b = false;
  if (converted() != 0) printf("FAIL: False is not 0.0f\n"), failures++;
  {
    pt_bind b;
    pt_diag d = {PT_OK, ""};
    float f;
    memset(&b, 0, sizeof b);
    val.tag = PT_TAG_INT_LIST;
    b.values = &val;
    b.nvalues = 1;
    b.args = arg0;
    b.nargs = 1;
    b.op_name = "test";
    b.diag = &d;
    if (ku_scalar_f32(&b, 0, "alpha", &f) != PT_ERR_BAD_ARGUMENTS || !strstr(d.text, "alpha"))
      printf("FAIL: an int[] as a Scalar: \"%s\"\n", d.text), failures++;
  }

  printf("%ld conversions checked, %d failures\n", checked, failures);
  return failures != 0;
}
