/* The sine demo, the same on every board: load the embedded .pte once, bind it once, then
 * sweep x over [0, 2*pi] and print one line per inference for the plotter (python/petite/plot.py):
 *
 *   # board=<name> model=<name> bytes=<pte bytes> points=<n> unit=<unit>
 *   x=<f> y=<f> sin=<f> err=<f> <unit>=<n>          (n lines)
 *   SUMMARY max_err=<f> mean_<unit>=<n> ram_bytes=<n> arena_bytes=<n>
 *   DONE                      or, after the runtime's message:  FAIL <reason>
 *
 * All memory is static and sized at build time; the run checks it against pt_method_needs.
 * No printf: the bare boards have no libc, so numbers go through fmt.c (%.9g, exact). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "board.h"
#include "fmt.h"
#include "petite.h"
#include "ref_sin.h"

#define PD_STR_(x) #x
#define PD_STR(x) PD_STR_(x)
#define PD_CAT_(a, b) a##b
#define PD_CAT(a, b) PD_CAT_(a, b)

#ifndef PETITE_DEMO_MODEL
#define PETITE_DEMO_MODEL sine_model /* the C name `petite header` gave the embedded .pte */
#endif
#ifndef PETITE_DEMO_MODEL_HEADER
#define PETITE_DEMO_MODEL_HEADER "sine_model.h"
#endif
#include PETITE_DEMO_MODEL_HEADER
#define MODEL_DATA PETITE_DEMO_MODEL
#define MODEL_SIZE PD_CAT(PETITE_DEMO_MODEL, _size)

#ifndef PETITE_DEMO_POINTS
#define PETITE_DEMO_POINTS 100
#endif
#ifndef PETITE_DEMO_METADATA_BYTES
#define PETITE_DEMO_METADATA_BYTES 4096
#endif
#ifndef PETITE_DEMO_ARENA_BYTES
#define PETITE_DEMO_ARENA_BYTES 1024
#endif
#ifndef PETITE_DEMO_SCRATCH_BYTES
#define PETITE_DEMO_SCRATCH_BYTES 256
#endif
_Static_assert(PETITE_DEMO_POINTS >= 2, "the sweep needs both ends of [0, 2*pi]");
_Static_assert(PETITE_DEMO_POINTS < 65536, "the mean divides by the point count with fmt_u64_div");

/* The firmware links a kernel table generated from the embedded .pte (`petite ops --table`). */
extern const pt_kernel_table pt_selected_kernels;

static _Alignas(16) uint8_t metadata[PETITE_DEMO_METADATA_BYTES];
static _Alignas(16) uint8_t arena[PETITE_DEMO_ARENA_BYTES];
static _Alignas(16) uint8_t scratch[PETITE_DEMO_SCRATCH_BYTES];
static pt_program program;
static pt_method method;
static pt_diag diag;

/* A marker for the bench's QEMU instruction-count plugin: called right before and right
 * after each inference, so the difference of two marks is one inference (+ the marker). */
__attribute__((noinline)) void petite_bench_mark(void) { __asm__ volatile("" ::: "memory"); }

/* ---- output ---- */

static void put(const char *s) { board_write(s, strlen(s)); }
static void put_float(float v) {
  char b[FMT_FLOAT_MAX];
  board_write(b, fmt_float(b, v));
}
static void put_u64(uint64_t v) {
  char b[21];
  board_write(b, fmt_u64(b, v));
}

static int fail(const char *reason) {
  put("FAIL ");
  put(reason);
  put("\n");
  return 1;
}

/* The runtime's message, then FAIL: the plotter and the tests read both. */
static int fail_status(const char *stage, pt_status s) {
  put("ERROR ");
  put(pt_status_name(s));
  put(": ");
  put(diag.text);
  put("\n");
  return fail(stage);
}

/* "ERROR <what> needs <need> bytes but <define> is <have>", then FAIL memory. */
static int fail_memory(const char *what, size_t need, const char *define, size_t have) {
  put("ERROR ");
  put(what);
  put(" needs ");
  put_u64(need);
  put(" bytes but ");
  put(define);
  put(" is ");
  put_u64(have);
  put(": rebuild with a larger value\n");
  return fail("memory");
}

/* x_i = 2*pi*i/(N-1) computed as petite.export computes its reference inputs, in double,
 * (2*pi * i) / (N - 1), then rounded to float32: the firmware sweeps exactly the .ptv's inputs. */
static float sweep_x(uint32_t i) {
  const double two_pi = 6.283185307179586; /* 2.0 * math.pi, exactly */
  return (float)((two_pi * (double)i) / (double)(PETITE_DEMO_POINTS - 1));
}

static int run_demo(void) {
  const char *unit = board_cycles_unit();
  put("# board=");
  put(board_name());
  put(" model=" PD_STR(PETITE_DEMO_MODEL) " bytes=");
  put_u64(MODEL_SIZE);
  put(" points=" PD_STR(PETITE_DEMO_POINTS) " unit=");
  put(unit);
  put("\n");

  pt_status s = pt_program_load(&program, MODEL_DATA, MODEL_SIZE, &diag);
  if (s != PT_OK) return fail_status("load", s);

  pt_method_plan plan;
  /* the program's part of the plan (no kernel bound yet): init binds each call once */
  s = pt_method_needs(&program, "forward", &pt_selected_kernels, &plan, NULL, 0, &diag);
  if (s != PT_OK) return fail_status("plan", s);
  if (plan.table_bytes > sizeof metadata)
    return fail_memory("metadata", plan.table_bytes, "PETITE_DEMO_METADATA_BYTES", sizeof metadata);
  const size_t arena_bytes = pt_plan_arena_bytes(&plan);
  if (arena_bytes > sizeof arena)
    return fail_memory("the planned arena", arena_bytes, "PETITE_DEMO_ARENA_BYTES", sizeof arena);

  pt_memory mem;
  s = pt_memory_carve(&mem, &plan, metadata, sizeof metadata, arena, sizeof arena, scratch,
                      sizeof scratch, &diag);
  if (s != PT_OK) return fail_status("memory", s);
  /* too small a metadata or scratch block: the message names it and the bytes it needs
   * (PETITE_DEMO_METADATA_BYTES, PETITE_DEMO_SCRATCH_BYTES) */
  s = pt_method_init(&method, &program, "forward", &pt_selected_kernels, &mem, &diag);
  if (s != PT_OK) return fail_status("init", s);
  const size_t ram_bytes = method.metadata_bytes + arena_bytes + method.scratch_bytes;

  float max_err = 0.0f;
  uint64_t total = 0;
  for (uint32_t i = 0; i < PETITE_DEMO_POINTS; i++) {
    const float x = sweep_x(i);
    petite_bench_mark();
    const uint32_t t0 = board_cycles();
    s = pt_method_set_input(&method, 0, &x, sizeof x, &diag);
    if (s == PT_OK) s = pt_method_execute(&method, &diag);
    const uint32_t t1 = board_cycles();
    petite_bench_mark();
    if (s != PT_OK) return fail_status("execute", s);

    const pt_value *out = pt_method_output(&method, 0);
    if (!out || out->tag != PT_TAG_TENSOR || out->u.t->dtype != PT_F32 || out->u.t->numel < 1)
      return fail("output 0 is not a float32 tensor");
    float y;
    memcpy(&y, out->u.t->data, sizeof y);
    const float ref = (float)ref_sin((double)x);
    const float err = y > ref ? y - ref : ref - y;
    if (err > max_err || err != err) max_err = err;
    total += (uint32_t)(t1 - t0);

    put("x=");
    put_float(x);
    put(" y=");
    put_float(y);
    put(" sin=");
    put_float(ref);
    put(" err=");
    put_float(err);
    put(" ");
    put(unit);
    put("=");
    put_u64((uint32_t)(t1 - t0));
    put("\n");
    board_led((int)(i & 1));
  }

  put("SUMMARY max_err=");
  put_float(max_err);
  put(" mean_");
  put(unit);
  put("=");
  fmt_u64_div(&total, PETITE_DEMO_POINTS); /* the mean, without a 64-bit division helper */
  put_u64(total);
  put(" ram_bytes=");
  put_u64(ram_bytes);
  put(" arena_bytes=");
  put_u64(arena_bytes);
  put("\n");
  put("DONE\n");
  return 0;
}

int main(void) {
  board_init();
  const int code = run_demo();
  board_led(0);
  board_exit(code);
}
