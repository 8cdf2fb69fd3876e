/* pt_memory_carve / pt_plan_arena_bytes: the layout firmware uses for static memory. Checks the
 * layout against the plan (order, 16-alignment, no overlap, exact sizes), every refusal
 * (which block is short, by how much, misalignment, NULL), and that the real sine model runs
 * from carved static blocks exactly as from separately allocated ones.
 * Usage: test_memory_carve [MODEL.pte MODEL.ptv] */
#include "test_util.h"
#include "petite_host.h"
#include "test_kernels.h"
#include <stdint.h>

static _Alignas(16) uint8_t meta[4096], arena[4096], scratch[256];
static pt_memory m_unused;

static pt_method_plan plan_of(uint32_t n, const size_t *sizes) {
  pt_method_plan p;
  memset(&p, 0, sizeof p);
  p.bound = true;
  p.table_bytes = 60;
  p.persistent_bytes = 40;
  p.metadata_bytes = 100;
  p.scratch_bytes = 40;
  p.nbuffers = n;
  for (uint32_t i = 0; i < n; i++) p.buffer_bytes[i] = sizes[i];
  return p;
}

static void layout(void) {
  const size_t sizes[3] = { 1, 32, 17 };
  pt_method_plan p = plan_of(3, sizes);
  CHECK(pt_plan_arena_bytes(&p) == 16 + 32 + 32);
  pt_memory m;
  pt_diag d = { 0 };
  memset(&m, 0xAB, sizeof m);
  CHECK_STATUS(pt_memory_carve(&m, &p, meta, sizeof meta, arena, sizeof arena, scratch, sizeof scratch, &d), PT_OK, d);
  CHECK(m.metadata == meta && m.metadata_size == sizeof meta);
  CHECK(m.scratch == scratch && m.scratch_size == sizeof scratch);
  CHECK(m.nbuffers == 3);
  const uint8_t *at = arena;
  for (uint32_t i = 0; i < 3; i++) {
    CHECK((uint8_t *)m.buffers[i] == at); /* in order, each at the previous one's 16-aligned end */
    CHECK((uintptr_t)m.buffers[i] % 16 == 0);
    CHECK(m.buffer_sizes[i] == sizes[i]);
    at += (sizes[i] + 15) / 16 * 16;
  }
  for (uint32_t i = 3; i < PT_MAX_BUFFERS; i++) CHECK(m.buffers[i] == NULL && m.buffer_sizes[i] == 0);
  /* exactly enough is enough */
  CHECK_STATUS(pt_memory_carve(&m, &p, meta, 100, arena, 80, scratch, 40, &d), PT_OK, d);
  /* no buffers, no scratch: NULL blocks are fine */
  pt_method_plan none = plan_of(0, sizes);
  none.scratch_bytes = 0;
  CHECK(pt_plan_arena_bytes(&none) == 0);
  CHECK_STATUS(pt_memory_carve(&m, &none, meta, sizeof meta, NULL, 0, NULL, 0, &d), PT_OK, d);
  CHECK(m.nbuffers == 0 && m.scratch == NULL);
}

/* A refusal names the short block and what it needs, and leaves `mem` untouched. */
static void refuses(const char *what, pt_status want, const char *text, const pt_method_plan *p,
                    size_t meta_n, void *ar, size_t ar_n, size_t scr_n) {
  pt_memory m, before;
  memset(&m, 0x5A, sizeof m);
  before = m;
  pt_diag d = { 0 };
  pt_status s = pt_memory_carve(&m, p, meta, meta_n, ar, ar_n, scratch, scr_n, &d);
  if (s != want || !strstr(d.text, text) || memcmp(&m, &before, sizeof m) != 0) {
    failures++;
    fprintf(stderr, "%s: got %s \"%s\", want %s containing \"%s\" (mem untouched: %d)\n", what,
            pt_status_name(s), d.text, pt_status_name(want), text, memcmp(&m, &before, sizeof m) == 0);
  }
}

static void refusals(void) {
  const size_t sizes[2] = { 20, 40 };
  pt_method_plan p = plan_of(2, sizes); /* arena 32 + 48 = 80 */
  refuses("metadata", PT_ERR_BUFFER_TOO_SMALL, "metadata needs 100 bytes but 99", &p, 99, arena, 80, 40);
  refuses("arena", PT_ERR_BUFFER_TOO_SMALL, "arena needs 80 bytes but 79", &p, 100, arena, 79, 40);
  refuses("scratch", PT_ERR_BUFFER_TOO_SMALL, "scratch needs 40 bytes but 39", &p, 100, arena, 80, 39);
  refuses("arena NULL", PT_ERR_BUFFER_TOO_SMALL, "arena needs 80 bytes but 0", &p, 100, NULL, 80, 40);
  refuses("misaligned", PT_ERR_MISALIGNED, "16-byte aligned", &p, 100, arena + 8, 80, 40);
  pt_method_plan many = p;
  many.nbuffers = PT_MAX_BUFFERS + 1;
  refuses("too many buffers", PT_ERR_INVALID_ARGUMENT, "buffers", &many, 100, arena, sizeof arena, 40);
  CHECK(pt_plan_arena_bytes(NULL) == 0);
  pt_method_plan huge = p;
  huge.buffer_bytes[0] = SIZE_MAX - 3; /* rounding up must not wrap to a small size */
  CHECK(pt_plan_arena_bytes(&huge) == SIZE_MAX);
  refuses("huge", PT_ERR_BUFFER_TOO_SMALL, "arena needs", &huge, 100, arena, sizeof arena, 40);
  pt_diag d = { 0 };
  CHECK_STATUS(pt_memory_carve(NULL, &p, meta, 100, arena, 80, scratch, 40, &d), PT_ERR_INVALID_ARGUMENT, d);
  /* unbound (pt_method_needs without a work area): only the tables are known, scratch is
   * pt_method_init's to check */
  pt_method_plan u = p;
  u.bound = false;
  refuses("unbound metadata", PT_ERR_BUFFER_TOO_SMALL, "metadata needs at least 60 bytes but 59", &u, 59, arena, 80, 0);
  CHECK_STATUS(pt_memory_carve(&m_unused, &u, meta, 60, arena, 80, scratch, 0, &d), PT_OK, d);
}

/* The sine model from carved static memory: every .ptv case within 1e-6 of ExecuTorch. */
static void sine(const char *pte, const char *ptv_path) {
  size_t psize, vsize;
  uint8_t *prog = read_file(NULL, pte, &psize), *ptv = read_file(NULL, ptv_path, &vsize);
  uint32_t header, ncases;
  memcpy(&header, ptv + 4, 4);
  memcpy(&ncases, ptv + 8, 4);
  pt_program p;
  pt_diag d = { 0 };
  pt_method_plan plan;
  pt_method m;
  pt_memory mem;
  CHECK_STATUS(pt_program_load(&p, prog, psize, &d), PT_OK, d);
  CHECK_STATUS(pt_method_needs_host(&p, "forward", &test_kernels, &plan, &d), PT_OK, d);
  CHECK_STATUS(pt_memory_carve(&mem, &plan, meta, sizeof meta, arena, sizeof arena, scratch, sizeof scratch, &d), PT_OK, d);
  CHECK_STATUS(pt_method_init(&m, &p, "forward", &test_kernels, &mem, &d), PT_OK, d);
  uint32_t checked = 0;
  for (uint32_t i = 0; i < ncases && !failures; i++, checked++) {
    float x, want;
    memcpy(&x, ptv + header + 8 * i, 4);
    memcpy(&want, ptv + header + 8 * i + 4, 4);
    CHECK_STATUS(pt_method_set_input(&m, 0, &x, 4, &d), PT_OK, d);
    CHECK_STATUS(pt_method_execute(&m, &d), PT_OK, d);
    float got = *(const float *)pt_method_output(&m, 0)->u.t->data;
    CHECK(got - want < 1e-6f && want - got < 1e-6f);
  }
  CHECK(checked == ncases && ncases > 0);
  free(prog);
  free(ptv);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: test_memory_carve sine_model.pte sine_model.ptv\n");
    return 2;
  }
  layout();
  refusals();
  sine(argv[1], argv[2]);
  if (failures) return 1;
  printf("memory_carve: ok\n");
  return 0;
}
