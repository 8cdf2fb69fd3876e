/* Runs a floor (floor.h) BENCH_RUNS times between petite_bench_mark calls, on case 0 of the
 * model's .ptv, and prints how far output 0 is from the .ptv's: the same lines as the
 * petite bench firmware (bench/app/bench_model.c), so bench/run.py reads both alike. */
#include <stdint.h>
#include <string.h>

#include "bench_case.h"
#include "board.h"
#include "floor.h"
#include "fmt.h"

#ifndef BENCH_RUNS
#define BENCH_RUNS 3
#endif

__attribute__((noinline)) void petite_bench_mark(void) { __asm__ volatile("" ::: "memory"); }

static float in[BENCH_IN0_NUMEL];
static float out[BENCH_OUT_NUMEL];

static void put(const char *s) { board_write(s, strlen(s)); }

int main(void) {
  board_init();
  memcpy(in, bench_inputs[0], sizeof in);
  for (int r = 0; r < BENCH_RUNS; r++) {
    petite_bench_mark();
    floor_run(in, out);
    petite_bench_mark();
  }
  float maxd = 0.0f;
  for (uint32_t i = 0; i < BENCH_OUT_NUMEL; i++) {
    float d = out[i] > bench_expected[i] ? out[i] - bench_expected[i] : bench_expected[i] - out[i];
    if (d > maxd || d != d) maxd = d;
  }
  char b[FMT_FLOAT_MAX];
  put("CHECK max_abs_diff=");
  board_write(b, fmt_float(b, maxd));
  put("\nDONE\n");
  board_exit(0);
}
