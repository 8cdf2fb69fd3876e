/* sin(x) for the demo's reference column, with no libm (the RV32 board has none). */
#ifndef PETITE_REF_SIN_H
#define PETITE_REF_SIN_H

/* sin(x) in double precision for |x| < 1e6: accurate to a few 1e-16, so its float rounding is
 * sinf's correctly rounded value almost always. Slow on soft-float cores: it is the reference,
 * computed outside the timed inference. */
double ref_sin(double x);

#endif
