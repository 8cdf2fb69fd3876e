/* Loads and runs real .pte files made by ExecuTorch's exporter (see make_test_programs.py),
 * their legacy layouts, and hostile variants that must fail with specific errors.
 * Usage: test_program PROGRAMS_DIR */
#include "test_util.h"
#include "petite_host.h"
#include <math.h>

#include "test_kernels.h"
#include "test_util.h"
#include "../../runtime/src/flatbuf.h"

static const char *dir;

/* Memory for a method sized exactly as pt_method_needs says (so ASan sees any overrun). */
typedef struct owned { pt_memory mem; } owned;

static void owned_alloc(owned *o, const pt_method_plan *plan) {
  memset(o, 0, sizeof *o);
  o->mem.metadata = alloc_exact(plan->metadata_bytes);
  o->mem.metadata_size = plan->metadata_bytes;
  o->mem.nbuffers = plan->nbuffers;
  for (uint32_t k = 0; k < plan->nbuffers; k++) {
    o->mem.buffers[k] = alloc_exact(plan->buffer_bytes[k]);
    o->mem.buffer_sizes[k] = plan->buffer_bytes[k];
  }
  o->mem.scratch = plan->scratch_bytes ? alloc_exact(plan->scratch_bytes) : NULL;
  o->mem.scratch_size = plan->scratch_bytes;
}

static void owned_free(owned *o) {
  free(o->mem.metadata);
  for (uint32_t k = 0; k < o->mem.nbuffers; k++) free(o->mem.buffers[k]);
  free(o->mem.scratch);
}

static long fact(const char *name) {
  size_t n;
  uint8_t *raw = read_file(dir, "mlp_plan.txt", &n);
  char *text = malloc(n + 1); /* sscanf needs a terminated string: read_file's block is exact */
  if (!text) exit(2);
  memcpy(text, raw, n);
  text[n] = '\0';
  free(raw);
  long v = -1;
  char key[32];
  long val;
  int off = 0, used;
  while (off < (int)n && sscanf(text + off, "%31s %ld%n", key, &val, &used) == 2) {
    if (strcmp(key, name) == 0) v = val;
    off += used;
  }
  free(text);
  return v;
}

/* Runs every reference case through the method; returns the max abs error. */
static float run_cases(pt_method *m, bool bind) {
  size_t n;
  uint8_t *io = read_file(dir, "mlp_io.bin", &n);
  uint32_t cases;
  memcpy(&cases, io, 4);
  CHECK(n == 4 + 8u * cases && cases > 0);
  float worst = 0, x, want;
  pt_diag d = { 0 };
  float *input = alloc_exact(sizeof(float));
  for (uint32_t i = 0; i < cases; i++) {
    memcpy(&x, io + 4 + 4 * i, 4);
    memcpy(&want, io + 4 + 4 * (cases + i), 4);
    if (bind) {
      *input = x;
      CHECK_STATUS(pt_method_bind_input(m, 0, input, sizeof x, &d), PT_OK, d);
    } else {
      CHECK_STATUS(pt_method_set_input(m, 0, &x, sizeof x, &d), PT_OK, d);
    }
    CHECK_STATUS(pt_method_execute(m, &d), PT_OK, d);
    const pt_value *out = pt_method_output(m, 0);
    CHECK(out && out->tag == PT_TAG_TENSOR && out->u.t->numel == 1 && out->u.t->dtype == PT_F32);
    if (!out || out->tag != PT_TAG_TENSOR) break;
    float got = *(const float *)out->u.t->data, err = fabsf(got - want);
    if (!(err <= worst)) worst = err;
  }
  free(input);
  free(io);
  return worst;
}

static void test_runs(const char *file, bool unplanned_input) {
  size_t size;
  uint8_t *bytes = read_file(dir, file, &size);
  pt_program p;
  pt_diag d = { 0 };
  CHECK_STATUS(pt_program_load(&p, bytes, size, &d), PT_OK, d);
  CHECK(pt_program_method_count(&p) == 1);
  size_t len;
  const char *name = pt_program_method_name(&p, 0, &len);
  CHECK(name && len == 7 && memcmp(name, "forward", 7) == 0);
  CHECK(pt_program_method_name(&p, 1, &len) == NULL);

  pt_method_plan plan;
  CHECK_STATUS(pt_method_needs_host(&p, "forward", &test_kernels, &plan, &d), PT_OK, d);
  CHECK(plan.nbuffers == 1 && (long)plan.buffer_bytes[0] == fact("buffer0"));
  CHECK((long)plan.nvalues == fact("values") && (long)plan.ntensors == fact("tensors"));
  CHECK((long)plan.ninstructions == fact("instructions"));
  CHECK((long)plan.ninputs == fact("inputs") && (long)plan.noutputs == fact("outputs"));
  CHECK(plan.scratch_bytes == 8 * sizeof(float)); /* widest addmm K in the 1-8-8-1 MLP */
  CHECK(plan.metadata_bytes >= plan.nvalues * sizeof(pt_value) + plan.ntensors * sizeof(pt_tensor) +
                               plan.ninstructions * sizeof(pt_call));
  CHECK(plan.metadata_bytes % 8 == 0);

  /* two methods of the same program side by side: no shared state */
  owned a, b;
  owned_alloc(&a, &plan);
  owned_alloc(&b, &plan);
  pt_method ma, mb;
  CHECK_STATUS(pt_method_init(&ma, &p, "forward", &test_kernels, &a.mem, &d), PT_OK, d);
  CHECK_STATUS(pt_method_init(&mb, &p, "forward", &test_kernels, &b.mem, &d), PT_OK, d);
  if (d.status == PT_OK || d.text[0] == '\0') {
    if (unplanned_input) {
      float x = 1;
      CHECK_STATUS(pt_method_execute(&ma, &d), PT_ERR_BAD_INPUT, d);
      CHECK(strstr(d.text, "input 0") != NULL);
      CHECK_STATUS(pt_method_set_input(&ma, 0, &x, sizeof x, &d), PT_ERR_BAD_INPUT, d);
      float *odd = alloc_exact(8);
      CHECK_STATUS(pt_method_bind_input(&ma, 0, (uint8_t *)odd + 1, sizeof x, &d), PT_ERR_MISALIGNED, d);
      CHECK_STATUS(pt_method_bind_input(&ma, 0, odd, 2 * sizeof x, &d), PT_ERR_BAD_INPUT, d);
      free(odd);
    } else {
      float x = 1;
      float *xp = alloc_exact(4);
      CHECK_STATUS(pt_method_bind_input(&ma, 0, xp, sizeof x, &d), PT_ERR_BAD_INPUT, d);
      CHECK_STATUS(pt_method_set_input(&ma, 0, &x, 2, &d), PT_ERR_BAD_INPUT, d);
      CHECK_STATUS(pt_method_set_input(&ma, 1, &x, 4, &d), PT_ERR_BAD_INPUT, d);
      free(xp);
    }
    CHECK(pt_method_input(&ma, 0) && pt_method_input(&ma, 0)->tag == PT_TAG_TENSOR);
    CHECK(pt_method_input(&ma, 1) == NULL && pt_method_output(&ma, 1) == NULL);
    float ea = run_cases(&ma, unplanned_input), eb = run_cases(&mb, unplanned_input);
    printf("%s: max |petite - torch eager| = %g\n", file, (double)ea);
    CHECK(ea <= 1e-5f && eb <= 1e-5f);
  }
  owned_free(&a);
  owned_free(&b);
  free(bytes);
}

/* Memory the caller gets wrong: too small, misaligned. */
static void test_caller_memory(void) {
  size_t size;
  uint8_t *bytes = read_file(dir, "mlp.pte", &size);
  pt_program p;
  pt_diag d = { 0 };
  pt_method m;
  pt_method_plan plan;
  CHECK_STATUS(pt_program_load(&p, bytes, size, &d), PT_OK, d);
  CHECK_STATUS(pt_method_needs_host(&p, "forward", &test_kernels, &plan, &d), PT_OK, d);
  owned o;
  owned_alloc(&o, &plan);
  pt_memory mem = o.mem;
  mem.metadata_size--;
  CHECK_STATUS(pt_method_init(&m, &p, "forward", &test_kernels, &mem, &d), PT_ERR_BUFFER_TOO_SMALL, d);
  mem = o.mem;
  mem.buffer_sizes[0]--;
  CHECK_STATUS(pt_method_init(&m, &p, "forward", &test_kernels, &mem, &d), PT_ERR_BUFFER_TOO_SMALL, d);
  mem = o.mem;
  mem.scratch_size--;
  CHECK_STATUS(pt_method_init(&m, &p, "forward", &test_kernels, &mem, &d), PT_ERR_BUFFER_TOO_SMALL, d);
  mem = o.mem;
  mem.nbuffers = 0;
  CHECK_STATUS(pt_method_init(&m, &p, "forward", &test_kernels, &mem, &d), PT_ERR_BUFFER_TOO_SMALL, d);
  mem = o.mem;
  mem.metadata = (uint8_t *)mem.metadata + 4;
  mem.metadata_size -= 4;
  CHECK_STATUS(pt_method_init(&m, &p, "forward", &test_kernels, &mem, &d), PT_ERR_MISALIGNED, d);
  mem = o.mem;
  mem.buffers[0] = (uint8_t *)mem.buffers[0] + 8;
  CHECK_STATUS(pt_method_init(&m, &p, "forward", &test_kernels, &mem, &d), PT_ERR_MISALIGNED, d);
  CHECK_STATUS(pt_method_init(&m, &p, "forward", &test_kernels, NULL, &d), PT_ERR_INVALID_ARGUMENT, d);
  CHECK_STATUS(pt_method_init(&m, &p, "backward", &test_kernels, &o.mem, &d), PT_ERR_NOT_FOUND, d);
  CHECK_STATUS(pt_method_needs_host(&p, "forwar", &test_kernels, &plan, &d), PT_ERR_NOT_FOUND, d);
  CHECK_STATUS(pt_method_needs_host(&p, "forwardx", &test_kernels, &plan, &d), PT_ERR_NOT_FOUND, d);

  /* operators: missing ones are all named, with the instructions using them */
  CHECK_STATUS(pt_method_needs_host(&p, "forward", &test_kernels_no_relu, &plan, &d), PT_ERR_MISSING_OPERATOR, d);
  CHECK(strstr(d.text, "aten::relu.out") && strstr(d.text, "instructions"));
  CHECK_STATUS(pt_method_init(&m, &p, "forward", &test_kernels_no_relu, &o.mem, &d), PT_ERR_MISSING_OPERATOR, d);
  printf("missing: %s\n", d.text);
  CHECK_STATUS(pt_method_init(&m, &p, "forward", &test_kernels_bad_relu, &o.mem, &d), PT_ERR_BAD_ARGUMENTS, d);
  CHECK(strncmp(d.text, "instruction ", 12) == 0 && strstr(d.text, "(aten::relu.out): arg 0: refused"));
  printf("bind: %s\n", d.text);

  /* the program itself misaligned */
  uint8_t *shifted = alloc_exact(size + 8);
  memcpy(shifted + 4, bytes, size);
  CHECK_STATUS(pt_program_load(&p, shifted + 4, size, &d), PT_ERR_MISALIGNED, d);
  CHECK_STATUS(pt_program_load(&p, NULL, size, &d), PT_ERR_INVALID_ARGUMENT, d);
  free(shifted);
  owned_free(&o);
  free(bytes);
}

typedef struct hostile { const char *file; pt_status want; bool at_load; } hostile;

static void test_hostile_programs(void) {
  static const hostile cases[] = {
    { "bad_rank17.pte", PT_ERR_BAD_SHAPE, true },
    { "bad_numel_overflow.pte", PT_ERR_BAD_SHAPE, true },
    { "bad_negative_size.pte", PT_ERR_BAD_SHAPE, true },
    { "bad_bad_dim_order.pte", PT_ERR_BAD_SHAPE, true },
    { "bad_memory_id0.pte", PT_ERR_BAD_PLAN, true },
    { "bad_memory_id_oob.pte", PT_ERR_BAD_PLAN, true },
    { "bad_offset_high.pte", PT_ERR_BAD_PLAN, true },
    { "bad_past_buffer_end.pte", PT_ERR_BAD_PLAN, true },
    { "bad_dynamic_unbound.pte", PT_ERR_UNSUPPORTED, true },
    { "bad_bad_dtype.pte", PT_ERR_BAD_DTYPE, true },
    { "bad_storage_offset.pte", PT_ERR_UNSUPPORTED, true },
    { "bad_external_data.pte", PT_ERR_UNSUPPORTED, true },
    { "bad_constant_idx_oob.pte", PT_ERR_BAD_INDEX, true },
    { "bad_unplanned_intermediate.pte", PT_ERR_UNSUPPORTED, true },
    { "bad_input_oob.pte", PT_ERR_BAD_INDEX, true },
    { "bad_list_bad_item.pte", PT_ERR_BAD_INDEX, true },
    { "bad_arg_oob.pte", PT_ERR_BAD_INDEX, true },
    { "bad_op_index_oob.pte", PT_ERR_BAD_INDEX, true },
    { "bad_delegate_call.pte", PT_ERR_UNSUPPORTED, true },
    { "bad_jump_oob.pte", PT_ERR_BAD_INDEX, true },
    { "bad_missing_operator.pte", PT_ERR_MISSING_OPERATOR, false },
    { "bad_long_operator_name.pte", PT_ERR_MISSING_OPERATOR, false },
    { "bad_no_method.pte", PT_ERR_NOT_FOUND, false },
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    size_t size;
    uint8_t *bytes = read_file(dir, cases[i].file, &size);
    pt_program p;
    pt_diag d = { 0 };
    pt_status s = pt_program_load(&p, bytes, size, &d);
    if (!cases[i].at_load) {
      CHECK_STATUS(s, PT_OK, d);
      pt_method_plan plan;
      s = pt_method_needs_host(&p, "forward", &test_kernels, &plan, &d);
    }
    if (s != cases[i].want || d.text[0] == '\0') {
      failures++;
      fprintf(stderr, "%s: %s (want %s): \"%s\"\n", cases[i].file, pt_status_name(s), pt_status_name(cases[i].want), d.text);
    } else {
      printf("%-32s %-24s %s\n", cases[i].file, pt_status_name(s), d.text);
    }
    free(bytes);
  }
  /* specific words in a few messages */
  size_t size;
  uint8_t *bytes = read_file(dir, "bad_delegate_call.pte", &size);
  pt_program p;
  pt_diag d = { 0 };
  CHECK_STATUS(pt_program_load(&p, bytes, size, &d), PT_ERR_UNSUPPORTED, d);
  CHECK(strstr(d.text, "delegates are not supported (instruction 1 calls delegate 0)"));
  free(bytes);
  bytes = read_file(dir, "bad_missing_operator.pte", &size);
  CHECK_STATUS(pt_program_load(&p, bytes, size, &d), PT_OK, d);
  pt_method_plan plan;
  CHECK_STATUS(pt_method_needs_host(&p, "forward", &test_kernels, &plan, &d), PT_ERR_MISSING_OPERATOR, d);
  CHECK(strstr(d.text, "aten::no_such_op.out") && strstr(d.text, "aten::another_missing.out"));
  free(bytes);
  /* a long name (129 characters) is matched against the kernels in place and named whole */
  bytes = read_file(dir, "bad_long_operator_name.pte", &size);
  CHECK_STATUS(pt_program_load(&p, bytes, size, &d), PT_OK, d);
  CHECK_STATUS(pt_method_needs_host(&p, "forward", &test_kernels, &plan, &d), PT_ERR_MISSING_OPERATOR, d);
  char whole[130] = "aten::";
  memset(whole + 6, 'x', 119);
  memcpy(whole + 125, ".out", 5);
  CHECK(strstr(d.text, whole) != NULL);
  free(bytes);
}

/* Position of field `id` of table t (for patching bytes in place). */
static uint32_t field_pos(const uint8_t *b, const pt_fb_table *t, unsigned id) {
  return t->pos + pt_fb_rd16(b + t->vt + 4 + 2 * id);
}

static void test_patched_bytes(void) {
  size_t size;
  uint8_t *orig = read_file(dir, "mlp.pte", &size), *b = alloc_exact(size);
  pt_program p;
  pt_diag d = { 0 };
  pt_fb_buf fb = { orig, (uint32_t)size };
  pt_fb_table root, plan, ev, chain, ins;
  pt_fb_vec plans, values, chains, instrs;
  bool has;
  CHECK(pt_fb_root(&fb, &root, &d) == PT_OK);
  CHECK(pt_fb_vec_field(&fb, &root, 1, 4, &plans, &d) == PT_OK && pt_fb_vec_table(&fb, &plans, 0, &plan, &d) == PT_OK);
  CHECK(pt_fb_vec_field(&fb, &plan, 2, 4, &values, &d) == PT_OK && pt_fb_vec_table(&fb, &values, 0, &ev, &d) == PT_OK);
  CHECK(pt_fb_vec_field(&fb, &plan, 5, 4, &chains, &d) == PT_OK && pt_fb_vec_table(&fb, &chains, 0, &chain, &d) == PT_OK);
  CHECK(pt_fb_vec_field(&fb, &chain, 2, 4, &instrs, &d) == PT_OK && pt_fb_vec_table(&fb, &instrs, 0, &ins, &d) == PT_OK);
  (void)has;

#define PATCHED(stmt, want) do { memcpy(b, orig, size); stmt; \
    CHECK_STATUS(pt_program_load(&p, b, size, &d), want, d); } while (0)
  PATCHED(b[4] = 'X', PT_ERR_BAD_MAGIC);
  PATCHED(memcpy(b + 4, "ET11", 4), PT_ERR_BAD_MAGIC);
  PATCHED(b[12] = 16, PT_ERR_BAD_HEADER);                    /* header length < 24 */
  PATCHED((memset(b + 16, 0, 8), b[16] = 20), PT_ERR_BAD_HEADER); /* program size inside the header */
  PATCHED(b[20] = 0x10, PT_ERR_TRUNCATED);                   /* program size past the file */
  PATCHED((memset(b + 24, 0, 8), b[24] = 0x10), PT_ERR_BAD_HEADER); /* segments start inside the program */
  PATCHED(b[36] = 0x10, PT_ERR_TRUNCATED);                   /* segment data past the file */
  PATCHED((b[0] = 0xF0, b[1] = 0xFF), PT_ERR_TRUNCATED);     /* root offset past the end */
  PATCHED(b[field_pos(orig, &ev, 0)] = 99, PT_ERR_BAD_ENUM); /* EValue union tag */
  PATCHED(b[field_pos(orig, &ev, 0)] = 0, PT_ERR_BAD_ENUM);
  PATCHED(b[field_pos(orig, &ins, 0)] = 7, PT_ERR_BAD_ENUM); /* instruction union tag */
  PATCHED(b[ev.pos] ^= 0x40, PT_ERR_BAD_FLATBUFFER);         /* soffset to a vtable elsewhere */
  PATCHED(b[values.pos - 4 + 2] = 0x7f, PT_ERR_BAD_FLATBUFFER); /* values vector length huge */

  /* a header of length 24 (no segment_data_size) is accepted */
  memcpy(b, orig, size);
  b[12] = 24;
  CHECK_STATUS(pt_program_load(&p, b, size, &d), PT_OK, d);
  free(b);
  free(orig);
}

/* Truncation at every length: never OK, never a crash, always a message; once the extended
 * header is readable the error is exactly TRUNCATED. (A legacy file's last byte is the NUL
 * after the method name, which petite never reads: losing it alone is harmless.) */
static void test_truncation(const char *file, bool has_header) {
  size_t size;
  uint8_t *orig = read_file(dir, file, &size);
  uint32_t bad = 0;
  for (size_t n = 0; n < size; n++) {
    uint8_t *b = alloc_exact(n);
    memcpy(b, orig, n);
    pt_program p;
    pt_diag d = { 0 };
    pt_status s = pt_program_load(&p, b, n, &d);
    bool ok = s != PT_OK && d.text[0] != '\0' && d.status == s;
    if (!has_header && n == size - 1 && orig[n] == 0) ok = s == PT_OK;
    if (has_header && n >= 12) ok = ok && s == PT_ERR_TRUNCATED;
    if (!ok && bad++ < 5) fprintf(stderr, "%s truncated to %zu: %s \"%s\"\n", file, n, pt_status_name(s), d.text);
    free(b);
  }
  CHECK(bad == 0);
  free(orig);
}

/* Every single-byte corruption: load either fails with a message, or the program is sound
 * enough to size, init and execute with exactly-sized memory (ASan watches). */
static void test_corruption(const char *file) {
  size_t size;
  uint8_t *orig = read_file(dir, file, &size), *b = alloc_exact(size);
  uint32_t rejected = 0, ran = 0;
  for (size_t i = 0; i < size; i++) {
    static const uint8_t flips[] = { 0xff, 0x80, 0x01 };
    for (size_t f = 0; f < sizeof flips; f++) {
      memcpy(b, orig, size);
      b[i] ^= flips[f];
      pt_program p;
      pt_diag d = { 0 };
      pt_status s = pt_program_load(&p, b, size, &d);
      if (s != PT_OK) {
        CHECK(d.text[0] != '\0');
        rejected++;
        continue;
      }
      pt_method_plan plan;
      if (pt_method_needs_host(&p, "forward", &test_kernels, &plan, &d) != PT_OK) { CHECK(d.text[0]); continue; }
      if (plan.metadata_bytes > (1u << 20) || plan.nbuffers != 1 || plan.buffer_bytes[0] > (1u << 20)) continue;
      owned o;
      owned_alloc(&o, &plan);
      pt_method m;
      if (pt_method_init(&m, &p, "forward", &test_kernels, &o.mem, &d) == PT_OK) {
        float x = 0.5f;
        if (pt_method_set_input(&m, 0, &x, sizeof x, &d) == PT_OK && pt_method_execute(&m, &d) != PT_OK)
          CHECK(d.text[0] != '\0');
        ran++;
      } else {
        CHECK(d.text[0] != '\0');
      }
      owned_free(&o);
    }
  }
  printf("%s: %u corruptions rejected, %u still ran\n", file, (unsigned)rejected, (unsigned)ran);
  CHECK(rejected > 0);
  free(b);
  free(orig);
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: test_program PROGRAMS_DIR\n"); return 2; }
  dir = argv[1];
  test_runs("mlp.pte", false);
  test_runs("mlp_legacy.pte", false);
  test_runs("mlp_unplanned_input.pte", true);
  test_caller_memory();
  test_hostile_programs();
  test_patched_bytes();
  test_truncation("mlp.pte", true);
  test_truncation("mlp_legacy.pte", false);
  test_corruption("mlp.pte");
  test_corruption("mlp_legacy.pte");
  if (failures) fprintf(stderr, "%d checks failed\n", failures);
  return failures != 0;
}
