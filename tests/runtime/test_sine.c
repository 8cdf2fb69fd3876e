/* Runs the exported sine model (PETITE_MODELS_DIR/sine_model.pte) with the test kernels and
 * compares every case of its .ptv (outputs of ExecuTorch's own runtime) within 1e-6.
 * Usage: test_sine MODEL.pte MODEL.ptv */
#include "test_util.h"
#include "petite_host.h"
#include "test_kernels.h"
#include <math.h>

static uint32_t u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: test_sine sine_model.pte sine_model.ptv\n");
    return 2;
  }
  size_t psize, vsize;
  uint8_t *prog = read_file(NULL, argv[1], &psize), *ptv = read_file(NULL, argv[2], &vsize);
  CHECK(vsize >= 24 && memcmp(ptv, "PTV1", 4) == 0);
  uint32_t header = u32(ptv + 4), ncases = u32(ptv + 8), nin = u32(ptv + 12), nout = u32(ptv + 16);
  CHECK(nin == 1 && nout == 1 && ncases > 0 && header + 8ull * ncases <= vsize);
  pt_program p;
  pt_diag d = { 0 };
  pt_method_plan plan;
  pt_method m;
  CHECK_STATUS(pt_program_load(&p, prog, psize, &d), PT_OK, d);
  CHECK_STATUS(pt_method_needs_host(&p, "forward", &test_kernels, &plan, &d), PT_OK, d);
  pt_memory mem = { 0 };
  mem.metadata = alloc_exact(plan.metadata_bytes);
  mem.metadata_size = plan.metadata_bytes;
  mem.nbuffers = plan.nbuffers;
  for (uint32_t k = 0; k < plan.nbuffers; k++) {
    mem.buffers[k] = alloc_exact(plan.buffer_bytes[k]);
    mem.buffer_sizes[k] = plan.buffer_bytes[k];
  }
  mem.scratch = alloc_exact(plan.scratch_bytes);
  mem.scratch_size = plan.scratch_bytes;
  CHECK_STATUS(pt_method_init(&m, &p, "forward", &test_kernels, &mem, &d), PT_OK, d);
  float worst = 0;
  for (uint32_t i = 0; i < ncases && !failures; i++) {
    float x, want;
    memcpy(&x, ptv + header + 8 * i, 4);
    memcpy(&want, ptv + header + 8 * i + 4, 4);
    CHECK_STATUS(pt_method_set_input(&m, 0, &x, 4, &d), PT_OK, d);
    CHECK_STATUS(pt_method_execute(&m, &d), PT_OK, d);
    float got = *(const float *)pt_method_output(&m, 0)->u.t->data, err = fabsf(got - want);
    if (!(err <= worst)) worst = err;
  }
  printf("sine_model: %u cases, metadata %zu B, arena %zu B, scratch %zu B, max |petite - executorch| = %g\n",
         (unsigned)ncases, plan.metadata_bytes, plan.nbuffers ? plan.buffer_bytes[0] : 0, plan.scratch_bytes,
         (double)worst);
  CHECK(worst <= 1e-6f);
  free(mem.metadata);
  for (uint32_t k = 0; k < plan.nbuffers; k++) free(mem.buffers[k]);
  free(mem.scratch);
  free(prog);
  free(ptv);
  return failures != 0;
}
