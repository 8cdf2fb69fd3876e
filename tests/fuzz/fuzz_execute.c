/* libFuzzer target 2: load, size each method with pt_method_needs, init it in caller buffers
 * of exactly the sizes reported (each its own heap block, so ASan catches a write past one),
 * set every input and execute. Also checks that a buffer one byte short is refused. */
#include "fuzz_util.h"
#include "petite_host.h" /* first: it sets _POSIX_C_SOURCE */

#define MAX_METHODS 4
#define MAX_BYTES (4u << 20) /* caller memory cap per method: bigger plans are only sized */

typedef struct blocks {
  pt_memory mem;
  size_t total;
} blocks;

static int make_blocks(blocks *b, const pt_method_plan *plan) {
  memset(b, 0, sizeof *b);
  size_t total = plan->metadata_bytes + plan->scratch_bytes;
  for (uint32_t k = 0; k < plan->nbuffers; k++) total += plan->buffer_bytes[k];
  if (plan->nbuffers > PT_MAX_BUFFERS) FUZZ_FAIL("needs reported %u buffers", (unsigned)plan->nbuffers);
  if (total > MAX_BYTES) return 0;
  b->mem.metadata = fuzz_alloc(plan->metadata_bytes);
  b->mem.metadata_size = plan->metadata_bytes;
  b->mem.nbuffers = plan->nbuffers;
  for (uint32_t k = 0; k < plan->nbuffers; k++) {
    b->mem.buffers[k] = fuzz_alloc(plan->buffer_bytes[k]);
    b->mem.buffer_sizes[k] = plan->buffer_bytes[k];
  }
  b->mem.scratch = plan->scratch_bytes ? fuzz_alloc(plan->scratch_bytes) : NULL;
  b->mem.scratch_size = plan->scratch_bytes;
  b->total = total;
  return 1;
}

static void free_blocks(blocks *b) {
  free(b->mem.metadata);
  for (uint32_t k = 0; k < b->mem.nbuffers; k++) free(b->mem.buffers[k]);
  free(b->mem.scratch);
}

/* One byte short of any required piece must be refused (and nothing written past it). */
static void check_short(const pt_program *p, const char *name, const pt_method_plan *plan, blocks *b) {
  pt_method m;
  pt_diag d;
  if (plan->metadata_bytes) {
    b->mem.metadata_size--;
    pt_status s = pt_method_init(&m, p, name, &pt_all_kernels, &b->mem, &d);
    b->mem.metadata_size++;
    if (s != PT_ERR_BUFFER_TOO_SMALL) FUZZ_FAIL("metadata 1 byte short: %s", pt_status_name(s));
  }
  for (uint32_t k = 0; k < plan->nbuffers; k++) {
    if (!plan->buffer_bytes[k]) continue;
    b->mem.buffer_sizes[k]--;
    pt_status s = pt_method_init(&m, p, name, &pt_all_kernels, &b->mem, &d);
    b->mem.buffer_sizes[k]++;
    if (s != PT_ERR_BUFFER_TOO_SMALL) FUZZ_FAIL("buffer %u 1 byte short: %s", (unsigned)k, pt_status_name(s));
  }
  if (plan->scratch_bytes) {
    b->mem.scratch_size--;
    pt_status s = pt_method_init(&m, p, name, &pt_all_kernels, &b->mem, &d);
    b->mem.scratch_size++;
    if (s != PT_ERR_BUFFER_TOO_SMALL) FUZZ_FAIL("scratch 1 byte short: %s", pt_status_name(s));
  }
}

static void run_method(const pt_program *p, const char *name) {
  pt_method_plan plan;
  pt_diag d;
  pt_status s = pt_method_needs_host(p, name, &pt_all_kernels, &plan, &d);
  fuzz_check_diag(s, &d);
  if (s != PT_OK) return;
  blocks b;
  if (!make_blocks(&b, &plan)) return;
  check_short(p, name, &plan, &b);
  pt_method m;
  s = pt_method_init(&m, p, name, &pt_all_kernels, &b.mem, &d);
  fuzz_check_diag(s, &d);
  if (s != PT_OK) FUZZ_FAIL("init refused the sizes needs reported: %s", d.text);
  void **bound = calloc(m.ninputs ? m.ninputs : 1, sizeof *bound); /* unplanned inputs' memory */
  if (!bound) abort();
  for (uint32_t i = 0; i < m.ninputs; i++) {
    const pt_value *v = pt_method_input(&m, i);
    if (!v || v->tag != PT_TAG_TENSOR) continue;
    const pt_tensor *t = v->u.t;
    if (pt_tensor_nbytes(t) > MAX_BYTES) continue;
    void *x = fuzz_alloc(pt_tensor_nbytes(t));
    memset(x, 0x3c, pt_tensor_nbytes(t)); /* 0x3c3c3c3c: 0.0115 as float, small ints otherwise */
    if (t->data) {
      s = pt_method_set_input(&m, i, x, pt_tensor_nbytes(t), &d);
      free(x);
    } else {
      s = pt_method_bind_input(&m, i, x, pt_tensor_nbytes(t), &d);
      if (s == PT_OK) bound[i] = x; else free(x);
    }
    fuzz_check_diag(s, &d);
  }
  s = pt_method_execute(&m, &d);
  fuzz_check_diag(s, &d);
  for (uint32_t i = 0; s == PT_OK && i < m.noutputs; i++) {
    const pt_value *o = pt_method_output(&m, i);
    if (o && o->tag == PT_TAG_TENSOR && o->u.t->data)
      for (uint32_t k = 0; k < pt_tensor_nbytes(o->u.t); k++) fuzz_sink ^= ((const uint8_t *)o->u.t->data)[k];
  }
  for (uint32_t i = 0; i < m.ninputs; i++) free(bound[i]);
  free(bound);
  free_blocks(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t *copy = fuzz_copy(data, size);
  pt_program p;
  pt_diag d;
  pt_status s = pt_program_load(&p, copy, size, &d);
  fuzz_check_diag(s, &d);
  if (s == PT_OK) {
    uint32_t n = pt_program_method_count(&p);
    for (uint32_t i = 0; i < n && i < MAX_METHODS; i++) {
      size_t len = 0;
      const char *name = pt_program_method_name(&p, i, &len);
      char buf[64];
      if (!name || len >= sizeof buf) continue;
      memcpy(buf, name, len);
      buf[len] = '\0';
      if (strlen(buf) != len) continue; /* an embedded NUL: not addressable by name */
      run_method(&p, buf);
    }
  }
  free(copy);
  return 0;
}
