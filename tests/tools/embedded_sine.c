/* Firmware-style use of petite_add_model: the sine program embedded twice as C arrays
 * (two calls on one target) and run with the generated selective kernel table.
 *   embedded_sine sine_model.pte sine_model.ptv sine_model.ops.txt */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "petite_host.h"
#include "petite_kernel.h"
#include "ptv.h"
#include "sine_a.h"
#include "sine_b.h"

extern const pt_kernel_table pt_selected_kernels;

static int failures;
#define CHECK(cond, ...) \
  do {                   \
    if (!(cond)) {       \
      failures++;        \
      printf("FAIL: " __VA_ARGS__); \
      printf("\n");      \
    }                    \
  } while (0)

static uint8_t *read_all(const char *path, size_t *n) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  fseek(fp, 0, SEEK_END);
  long len = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  uint8_t *b = malloc(len > 0 ? (size_t)len : 1);
  *n = len > 0 && b && fread(b, 1, (size_t)len, fp) == (size_t)len ? (size_t)len : 0;
  fclose(fp);
  return b;
}

static void check_array(const char *what, const uint8_t *arr, size_t size, const uint8_t *file, size_t n) {
  CHECK(size == n, "%s: %zu bytes embedded, the file has %zu", what, size, n);
  CHECK(size == n && memcmp(arr, file, n) == 0, "%s: embedded bytes differ from the file", what);
  CHECK((uintptr_t)arr % 16 == 0, "%s: array not 16-aligned", what);
}

static void check_table(const char *ops_path) {
  FILE *fp = fopen(ops_path, "r");
  CHECK(fp != NULL, "cannot open %s", ops_path);
  if (!fp) return;
  char line[256];
  uint32_t n = 0;
  while (fgets(line, sizeof line, fp)) {
    line[strcspn(line, "\r\n")] = 0;
    if (!line[0]) continue;
    n++;
    CHECK(pt_kernel_find(&pt_selected_kernels, line, strlen(line)) != NULL,
          "selected table lacks %s", line);
  }
  fclose(fp);
  CHECK(pt_selected_kernels.count == n, "selected table has %u kernels, the model uses %u",
        pt_selected_kernels.count, n);
}

static void run_cases(const char *ptv_path) {
  ptv_file f;
  char err[256];
  CHECK(ptv_read(&f, ptv_path, err, sizeof err) == 0, "%s", err);
  if (failures) return;
  pt_program prog;
  pt_diag d = {0};
  pt_method_plan plan;
  pt_method m;
  CHECK(pt_program_load(&prog, sine_a, sine_a_size, &d) == PT_OK, "load: %s", d.text);
  CHECK(!failures && pt_method_needs_host(&prog, "forward", &pt_selected_kernels, &plan, &d) == PT_OK,
        "needs: %s", d.text);
  if (failures) return ptv_free(&f);
  pt_memory mem = {0};
  mem.metadata = aligned_alloc(16, (plan.metadata_bytes + 15) / 16 * 16 + 16);
  mem.metadata_size = plan.metadata_bytes;
  mem.nbuffers = plan.nbuffers;
  for (uint32_t i = 0; i < plan.nbuffers; i++) {
    mem.buffers[i] = aligned_alloc(16, (plan.buffer_bytes[i] + 15) / 16 * 16 + 16);
    mem.buffer_sizes[i] = plan.buffer_bytes[i];
  }
  mem.scratch = aligned_alloc(16, (plan.scratch_bytes + 15) / 16 * 16 + 16);
  mem.scratch_size = plan.scratch_bytes;
  CHECK(pt_method_init(&m, &prog, "forward", &pt_selected_kernels, &mem, &d) == PT_OK, "init: %s", d.text);
  double max_diff = 0;
  for (uint32_t c = 0; !failures && c < f.ncases; c++) {
    CHECK(pt_method_set_input(&m, 0, ptv_tensor(&f, c, 0), f.specs[0].nbytes, &d) == PT_OK, "input: %s", d.text);
    CHECK(!failures && pt_method_execute(&m, &d) == PT_OK, "execute: %s", d.text);
    if (failures) break;
    const pt_value *y = pt_method_output(&m, 0);
    float got, want;
    memcpy(&got, y->u.t->data, 4);
    memcpy(&want, ptv_tensor(&f, c, 1), 4);
    if (fabs((double)got - want) > max_diff) max_diff = fabs((double)got - want);
  }
  printf("embedded sine: %u cases vs %s, max abs diff %.3g\n", f.ncases, f.source, max_diff);
  CHECK(max_diff <= 1e-6, "max abs diff %.3g above 1e-6", max_diff);
  free(mem.metadata);
  for (uint32_t i = 0; i < plan.nbuffers; i++) free(mem.buffers[i]);
  free(mem.scratch);
  ptv_free(&f);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: embedded_sine sine_model.pte sine_model.ptv sine_model.ops.txt\n");
    return 2;
  }
  size_t n = 0;
  uint8_t *file = read_all(argv[1], &n);
  CHECK(file != NULL && n > 0, "cannot read %s: run make models", argv[1]);
  if (file && n) {
    check_array("sine_a", sine_a, sine_a_size, file, n);
    check_array("sine_b", sine_b, sine_b_size, file, n);
  }
  free(file);
  check_table(argv[3]);
  if (!failures) run_cases(argv[2]);
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures ? 1 : 0;
}
