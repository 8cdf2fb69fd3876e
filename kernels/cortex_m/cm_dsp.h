/* The Cortex-M DSP extension (SMLAD: two 16x16 multiplies added to a 32-bit accumulator;
 * SXTB16/SXTAB16: sign-extend bytes 0 and 2 of a word to two halfwords). Compiled only
 * where the compiler says the core has it; the portable loops are the reference. */
#ifndef PETITE_CM_DSP_H
#define PETITE_CM_DSP_H

#include <stdint.h>

#if defined(__ARM_FEATURE_DSP) && defined(__ARM_FEATURE_SIMD32)
#define CM_HAVE_DSP 1
#include <arm_acle.h>

/* 4 bytes from any address (the M33 allows unaligned word loads). */
static inline uint32_t cm_read_u32(const void *p) {
  uint32_t v;
  __builtin_memcpy(&v, p, 4);
  return v;
}

/* Rotate right by 8: moves bytes 1 and 3 to where SXTB16 reads (gcc emits ROR). */
static inline uint32_t cm_ror8(uint32_t x) { return (x >> 8) | (x << 24); }

/* Two words from a 4-aligned address in one LDRD, advancing the pointer (gcc splits the
 * equivalent C into two LDRs). */
typedef struct cm_word2 {
  uint32_t w[2];
} cm_word2;
static inline void cm_ldrd_inc(const uint32_t **p, uint32_t *lo, uint32_t *hi) {
  __asm__("ldrd %0, %1, [%2], #8" : "=r"(*lo), "=r"(*hi), "+r"(*p) : "m"(*(const cm_word2 *)*p));
}
#elif defined(PETITE_CM_DSP_EMULATE)
/* Test builds only (tests/int8): the DSP paths on the host, with these C models of the
 * instructions, so their indexing and edges run under the sanitizers. */
#define CM_HAVE_DSP 1
static inline uint32_t cm_ror8(uint32_t x) { return (x >> 8) | (x << 24); }
static inline uint32_t cm_read_u32(const void *p) {
  uint32_t v;
  __builtin_memcpy(&v, p, 4);
  return v;
}
static inline uint32_t cm_h(int32_t lo, int32_t hi) { return ((uint32_t)lo & 0xffffu) | ((uint32_t)hi << 16); }
static inline int32_t cm_lo(uint32_t x) { return (int16_t)(x & 0xffffu); }
static inline int32_t cm_hi(uint32_t x) { return (int16_t)(x >> 16); }
static inline uint32_t __sxtb16(uint32_t x) { return cm_h((int8_t)(x & 0xffu), (int8_t)((x >> 16) & 0xffu)); }
static inline uint32_t __sxtab16(uint32_t a, uint32_t x) {
  return cm_h(cm_lo(a) + (int8_t)(x & 0xffu), cm_hi(a) + (int8_t)((x >> 16) & 0xffu));
}
static inline int32_t __smlad(uint32_t x, uint32_t y, int32_t acc) {
  return (int32_t)((uint32_t)acc + (uint32_t)(cm_lo(x) * cm_lo(y)) + (uint32_t)(cm_hi(x) * cm_hi(y)));
}
static inline int32_t __smlabb(uint32_t x, uint32_t y, int32_t acc) {
  return (int32_t)((uint32_t)acc + (uint32_t)(cm_lo(x) * cm_lo(y)));
}
static inline int32_t __smlatt(uint32_t x, uint32_t y, int32_t acc) {
  return (int32_t)((uint32_t)acc + (uint32_t)(cm_hi(x) * cm_hi(y)));
}
static inline void cm_ldrd_inc(const uint32_t **p, uint32_t *lo, uint32_t *hi) {
  *lo = (*p)[0], *hi = (*p)[1], *p += 2;
}
#else
#define CM_HAVE_DSP 0
#endif

/* Host builds (petite fit, inspect, run) size kernel scratch as the DSP paths need it, so the
 * RAM they report holds on a DSP core such as the Pico 2 W's M33 (their portable paths leave
 * the extra unused). Device builds size scratch exactly for the path they compile. */
#if CM_HAVE_DSP || !(defined(__arm__) || defined(__riscv))
#define CM_SCRATCH_AS_DSP 1
#else
#define CM_SCRATCH_AS_DSP 0
#endif

#endif
