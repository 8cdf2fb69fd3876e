/* The int8 kernels' arithmetic against ExecuTorch's own reference code (requantize_cases.h,
 * generated from passes_utils.requantize_cmsis and torch.round), and the argument-count
 * check naming the operators.yaml layout. */
#include <stdio.h>
#include <string.h>

#include "cortex_m/cm_util.h"
#include "requantize_cases.h"

extern const pt_kernel pt_k_cortex_m_quantized_linear_out, pt_k_cortex_m_quantized_conv2d_out,
    pt_k_cortex_m_softmax_out;

static int failures;

static void check_requantize(void) {
  size_t n = sizeof requantize_cases / sizeof requantize_cases[0];
  for (size_t i = 0; i < n; i++) {
    int32_t got = cm_requantize(requantize_cases[i].v, requantize_cases[i].mult, requantize_cases[i].shift);
    if (got != requantize_cases[i].want && failures++ < 10)
      printf("FAIL requantize(%ld, %ld, %ld) = %ld, ExecuTorch gives %ld\n", (long)requantize_cases[i].v,
             (long)requantize_cases[i].mult, (long)requantize_cases[i].shift, (long)got,
             (long)requantize_cases[i].want);
  }
  printf("requantize: %zu cases\n", n);
  /* The kernels' 32-bit form (and its fallback) must give the oracle's answers too. */
  for (size_t i = 0; i < n; i++) {
    int32_t got = cm_requantize_fast(requantize_cases[i].v, (int32_t)requantize_cases[i].mult,
                                     (int32_t)requantize_cases[i].shift);
    if (got != requantize_cases[i].want && failures++ < 10)
      printf("FAIL requantize_fast(%ld, %ld, %ld) = %ld, ExecuTorch gives %ld\n", (long)requantize_cases[i].v,
             (long)requantize_cases[i].mult, (long)requantize_cases[i].shift, (long)got,
             (long)requantize_cases[i].want);
  }
  /* ... and agree with the checked 64-bit form on negative and extreme multipliers. */
  uint32_t seed = 6;
  static const int32_t edge_m[] = {INT32_MIN, INT32_MIN + 1, -1, 0, INT32_MAX};
  for (int i = 0; i < 20000; i++) {
    seed = seed * 1664525u + 1013904223u;
    int32_t v = (int32_t)seed;
    if (i % 5 == 0) v = i % 10 ? INT32_MIN : INT32_MAX;
    seed = seed * 1664525u + 1013904223u;
    int32_t m = i % 7 == 0 ? edge_m[(i / 7) % 5] : (int32_t)seed;
    int32_t sh = (int32_t)(i % 40) - 34;
    int32_t want = cm_requantize(v, m, sh), got = cm_requantize_fast(v, m, sh);
    if (got != want && failures++ < 10)
      printf("FAIL requantize_fast(%ld, %ld, %ld) = %ld, 64-bit form gives %ld\n", (long)v, (long)m,
             (long)sh, (long)got, (long)want);
  }
}

static void check_round(void) {
  size_t n = sizeof round_cases / sizeof round_cases[0];
  for (size_t i = 0; i < n; i++) {
    float got = cm_round_even(round_cases[i].x);
    if (got != round_cases[i].want && failures++ < 20)
      printf("FAIL round(%.9g) = %.9g, torch.round gives %.9g\n", round_cases[i].x, got, round_cases[i].want);
  }
  printf("round half even: %zu cases\n", n);
}

/* A call with the wrong number of arguments must fail at bind, naming the expected layout. */
static void check_nargs(const pt_kernel *k, uint32_t nargs) {
  pt_value values[20];
  int32_t args[20];
  memset(values, 0, sizeof values);
  for (uint32_t i = 0; i < 20; i++) args[i] = (int32_t)i;
  pt_diag d;
  pt_bind b = {.values = values, .nvalues = 20, .args = args, .nargs = nargs, .op_name = k->name,
               .diag = &d, .run = k->run};
  pt_status s = k->bind(&b);
  if (s != PT_ERR_BAD_ARGUMENTS || !strstr(d.text, "operators.yaml") || !strstr(d.text, "arguments")) {
    failures++;
    printf("FAIL %s with %u args: status %d, message \"%s\"\n", k->name, (unsigned)nargs, (int)s, d.text);
  } else {
    printf("%s: %s\n", k->name, d.text);
  }
}

int main(void) {
  check_requantize();
  check_round();
  check_nargs(&pt_k_cortex_m_quantized_linear_out, 12);
  check_nargs(&pt_k_cortex_m_quantized_conv2d_out, 14);
  check_nargs(&pt_k_cortex_m_softmax_out, 8);
  printf("%s\n", failures ? "FAILED" : "all passed");
  return failures ? 1 : 0;
}
