/* Reduce by pi/2 (a two-part constant keeps the reduction exact to ~1e-17 for small n), then a
 * Taylor series on [-pi/4, pi/4]: the x^19 term is below 1e-19 there, so no minimax needed. */
#include "ref_sin.h"

static double sin_poly(double r) {
  double r2 = r * r, t = 1.0 / 121645100408832000.0; /* 1/19! */
  static const double inv_fact[] = {
    1.0 / 355687428096000.0, 1.0 / 1307674368000.0, 1.0 / 6227020800.0, 1.0 / 39916800.0,
    1.0 / 362880.0, 1.0 / 5040.0, 1.0 / 120.0, 1.0 / 6.0}; /* 1/17! ... 1/3! */
  for (unsigned i = 0; i < sizeof inv_fact / sizeof inv_fact[0]; i++) t = inv_fact[i] - r2 * t;
  return r - r * r2 * t;
}

static double cos_poly(double r) {
  double r2 = r * r, t = 1.0 / 6402373705728000.0; /* 1/18! */
  static const double inv_fact[] = {
    1.0 / 20922789888000.0, 1.0 / 87178291200.0, 1.0 / 479001600.0, 1.0 / 3628800.0,
    1.0 / 40320.0, 1.0 / 720.0, 1.0 / 24.0, 1.0 / 2.0};  /* 1/16! ... 1/2! */
  for (unsigned i = 0; i < sizeof inv_fact / sizeof inv_fact[0]; i++) t = inv_fact[i] - r2 * t;
  return 1.0 - r2 * t;
}

double ref_sin(double x) {
  static const double two_over_pi = 0.63661977236758134308;
  static const double pio2_hi = 1.57079632673412561417;  /* first 33 bits of pi/2 */
  static const double pio2_lo = 6.07710050650619224932e-11; /* pi/2 - pio2_hi */
  double fn = x * two_over_pi;
  long n = (long)(fn < 0 ? fn - 0.5 : fn + 0.5);
  double r = (x - (double)n * pio2_hi) - (double)n * pio2_lo;
  switch (n & 3) {
    case 0: return sin_poly(r);
    case 1: return cos_poly(r);
    case 2: return -sin_poly(r);
    default: return -cos_poly(r);
  }
}
