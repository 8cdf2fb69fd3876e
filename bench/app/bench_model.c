/* The bench firmware: runs one embedded model a few times between calls to petite_bench_mark,
 * so that the QEMU plugin (bench/insn_count_plugin.c) counts the instructions of each
 * inference exactly. Inputs are case 0 of the model's .ptv (bench_case.h, written by
 * bench/run.py), and output 0 is compared with the .ptv's expected output.
 *
 * Serial lines (read by bench/run.py):
 *   PLAN metadata=<B> arena=<B> scratch=<B> calls=<n>
 *   CHECK max_abs_diff=<f>
 *   STACK used=<B> of=<B>       (stack painting: deepest byte touched below the start)
 *   DONE
 *
 * Built with the runtime's -DPETITE_BENCH_HOOKS, the executor also marks before each call and
 * after the last one: the marks between an inference's two marks time each operator. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "board.h"
#include "fmt.h"
#include "petite.h"

#include BENCH_MODEL_HEADER
#include "bench_case.h"

#ifndef BENCH_RUNS
#define BENCH_RUNS 3
#endif

extern const pt_kernel_table pt_selected_kernels;

static _Alignas(16) uint8_t metadata[BENCH_METADATA_BYTES];
static _Alignas(16) uint8_t arena[BENCH_ARENA_BYTES];
static _Alignas(16) uint8_t scratch[BENCH_SCRATCH_BYTES];
static pt_program program;
static pt_method method;
static pt_diag diag;

/* newlib's libm (expf, logf: softmax) reports errors through __errno(); the bench links no libc. */
int *__errno(void);
int *__errno(void) {
  static int e;
  return &e;
}

__attribute__((noinline)) void petite_bench_mark(void) { __asm__ volatile("" ::: "memory"); }

static void put(const char *s) { board_write(s, strlen(s)); }
static void put_u64(uint64_t v) {
  char b[21];
  board_write(b, fmt_u64(b, v));
}
static void put_float(float v) {
  char b[FMT_FLOAT_MAX];
  board_write(b, fmt_float(b, v));
}

static int fail(const char *stage, pt_status s) {
  put("FAIL ");
  put(stage);
  put(" ");
  put(pt_status_name(s));
  put(": ");
  put(diag.text);
  put("\n");
  return 1;
}

/* Stack painting: fill the unused stack with a pattern before the work, find the deepest
 * overwritten word after it. The stack is the linker's .stack section (board link.ld). */
extern uint32_t __stack_top[];
extern char __stack_size[];
#define PAINT 0xA5A5A5A5u

__attribute__((noinline)) static void paint_stack(void) {
  uint32_t *bottom = (uint32_t *)((uintptr_t)__stack_top - (uintptr_t)__stack_size);
  uint32_t *here = (uint32_t *)__builtin_frame_address(0) - 64; /* keep clear of our own frame */
  for (volatile uint32_t *p = bottom; p < here; p++) *p = PAINT;
}

static size_t stack_used(void) {
  const uint32_t *bottom = (const uint32_t *)((uintptr_t)__stack_top - (uintptr_t)__stack_size);
  const volatile uint32_t *p = bottom;
  while ((const uint32_t *)p < __stack_top && *p == PAINT) p++;
  return (size_t)((uintptr_t)__stack_top - (uintptr_t)p);
}

static int set_inputs(void) {
  for (uint32_t i = 0; i < BENCH_NINPUTS; i++) {
    pt_status s = pt_method_set_input(&method, i, bench_inputs[i], bench_input_bytes[i], &diag);
    if (s != PT_OK) return (int)s;
  }
  return 0;
}

static int run(void) {
  pt_status s = pt_program_load(&program, BENCH_MODEL, BENCH_MODEL_SIZE, &diag);
  if (s != PT_OK) return fail("load", s);
  pt_method_plan plan;
  s = pt_method_needs(&program, "forward", &pt_selected_kernels, &plan, NULL, 0, &diag);
  if (s != PT_OK) return fail("plan", s);
  pt_memory mem;
  s = pt_memory_carve(&mem, &plan, metadata, sizeof metadata, arena, sizeof arena, scratch,
                      sizeof scratch, &diag);
  if (s != PT_OK) return fail("memory", s);
  const size_t used = pt_plan_arena_bytes(&plan);
  s = pt_method_init(&method, &program, "forward", &pt_selected_kernels, &mem, &diag);
  if (s != PT_OK) return fail("init", s);
  put("PLAN metadata=");
  put_u64(method.metadata_bytes);
  put(" arena=");
  put_u64(used);
  put(" scratch=");
  put_u64(method.scratch_bytes);
  put(" persistent=");
  put_u64(method.persistent_bytes);
  put(" calls=");
  put_u64(plan.ninstructions);
  put("\n");

  for (int r = 0; r < BENCH_RUNS; r++) {
    petite_bench_mark();
    int e = set_inputs();
    if (e == 0) e = (int)pt_method_execute(&method, &diag);
    petite_bench_mark();
    if (e != 0) return fail("execute", (pt_status)e);
  }

  const pt_value *out = pt_method_output(&method, 0);
  if (!out || out->tag != PT_TAG_TENSOR || out->u.t->dtype != PT_F32 || out->u.t->numel != BENCH_OUT_NUMEL) {
    put("FAIL output 0 is not the expected float32 tensor\n");
    return 1;
  }
  float maxd = 0.0f;
  for (uint32_t i = 0; i < BENCH_OUT_NUMEL; i++) {
    float y, d;
    memcpy(&y, (const uint8_t *)out->u.t->data + 4 * i, 4);
    d = y > bench_expected[i] ? y - bench_expected[i] : bench_expected[i] - y;
    if (d > maxd || d != d) maxd = d;
  }
  put("CHECK max_abs_diff=");
  put_float(maxd);
  put("\n");
  return 0;
}

int main(void) {
  board_init();
  paint_stack();
  int code = run();
  put("STACK used=");
  put_u64(stack_used());
  put(" of=");
  put_u64((uintptr_t)__stack_size);
  put("\n");
  if (code == 0) put("DONE\n");
  board_exit(code);
}
