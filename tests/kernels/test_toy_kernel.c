/* A kernel is one .c file plus one .def line (issue 13): tests/kernels/toy holds a toy kernel and
 * toy.def names it, and nothing else was written for it. The lists built from the .def files
 * must pick it up: the kernel table (toy_all_kernels: every petite kernel, then the toy), the
 * symbol list `petite ops --table` writes selective tables from, and the kernel itself binds and
 * runs from the table. (tests/kernels/CMakeLists.txt also checks the operators page generator.) */
#include <stdio.h>
#include <string.h>

#include "../common/kernel_call.h"
#include "kernel_symbols.h"

extern const pt_kernel_table toy_all_kernels;
extern const pt_kernel_symbol toy_all_kernels_symbols[];

static int failures;
#define CHECK(c, ...) do { if (!(c)) { failures++; printf("FAIL: " __VA_ARGS__); printf("\n"); } } while (0)

int main(void) {
  static const char op[] = "petite_test::double.out";
  CHECK(toy_all_kernels.count == pt_all_kernels.count + 1, "table has %u kernels, petite's %u + the toy expected",
        (unsigned)toy_all_kernels.count, (unsigned)pt_all_kernels.count);
  const pt_kernel *k = pt_kernel_find(&toy_all_kernels, op, strlen(op));
  CHECK(k != NULL, "%s is not in the generated table", op);
  CHECK(pt_kernel_find(&pt_all_kernels, op, strlen(op)) == NULL, "%s leaked into petite's own table", op);
  const char *sym = NULL;
  uint32_t nsyms = 0;
  for (const pt_kernel_symbol *s = toy_all_kernels_symbols; s->name; s++, nsyms++)
    if (strcmp(s->name, op) == 0) sym = s->symbol;
  CHECK(nsyms == toy_all_kernels.count, "symbol list has %u entries, the table %u", (unsigned)nsyms,
        (unsigned)toy_all_kernels.count);
  CHECK(sym && strcmp(sym, "pt_k_petite_test_double_out") == 0, "symbol of %s is %s", op, sym ? sym : "(none)");
  if (!k) return 1;

  /* bind and run it from the table: out = 2 * self */
  static const int32_t sizes[2] = {2, 3};
  static const uint8_t order[2] = {0, 1};
  float x[6] = {1, -2, 0.5f, 3, -0.25f, 8}, y[6] = {0};
  pt_tensor tx = {x, sizes, order, 6, PT_F32, 2, 0, 1}, ty = {y, sizes, order, 6, PT_F32, 2, 0, 1};
  pt_value v[2];
  memset(v, 0, sizeof v);
  v[0].tag = v[1].tag = PT_TAG_TENSOR;
  v[0].u.t = &tx;
  v[1].u.t = &ty;
  static const int32_t args[3] = {0, 1, 1};
  pt_diag d = {PT_OK, ""};
  test_call tc;
  pt_status s = test_call_bind(&tc, k, v, 2, args, 3, &d);
  CHECK(s == PT_OK, "bind: %s", d.text);
  if (s == PT_OK) CHECK(test_call_run(&tc, v) == PT_OK, "run failed");
  for (int i = 0; i < 6; i++) CHECK(y[i] == 2.0f * x[i], "y[%d] = %g, want %g", i, (double)y[i], (double)(2.0f * x[i]));
  test_call_free(&tc);
  if (failures) return 1;
  printf("toy kernel: %s found in a table of %u, symbol %s, runs\n", op, (unsigned)toy_all_kernels.count, sym);
  return 0;
}
