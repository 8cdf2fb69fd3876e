/* math.h for bare boards without a C library (RV32: Debian has no RISC-V newlib/libm).
 * DECLARATIONS ONLY, so that every kernel source compiles: a firmware whose selective kernel
 * table needs one of these (gelu, tanh, softmax, batch norm...) fails at link time with
 * "undefined reference to expf", naming the function. The sine MLP needs none of them. */
#ifndef PETITE_MIN_MATH_H
#define PETITE_MIN_MATH_H

float expf(float x);
float logf(float x);
float sqrtf(float x);
float tanhf(float x);
float erff(float x);
double exp(double x);
double log(double x);
double sqrt(double x);
double erf(double x);
double tanh(double x);
static inline float fabsf(float x) { return __builtin_fabsf(x); }
static inline double fabs(double x) { return __builtin_fabs(x); }

#define INFINITY (__builtin_inff())
#define NAN (__builtin_nanf(""))
#define isnan(x) __builtin_isnan(x)
#define isinf(x) __builtin_isinf(x)

#endif
