/* Dtype-selective kernel variants (kernels/kernel_variants.def), what `petite ops --table`
 * links into a firmware whose programs use only some dtypes:
 *   - each variant exists, under its full kernel's name;
 *   - relu's float32 variant binds exactly the dtypes the .def gives it, picks the run the full
 *     kernel picks for them, and fails every other dtype with PT_ERR_MISSING_OPERATOR and a
 *     message naming the op and the dtype and saying to rebuild the table;
 *   - end to end: with the variant in the table, a float32 MLP gives the same bits as with
 *     every kernel, and an int32 relu program fails at bind time (pt_method_needs and
 *     pt_method_init) with that message, while the full table runs it.
 *   test_kernel_variants <dir with mlp.pte, mlp_io.bin and relu_int32.pte> */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "petite.h"

static int failures;
#define CHECK(cond, ...)            \
  do {                              \
    if (!(cond)) {                  \
      failures++;                   \
      printf("FAIL: " __VA_ARGS__); \
      printf("\n");                 \
    }                               \
  } while (0)

#define PT_KERNEL(sym, name) extern const pt_kernel pt_k_##sym;
#include "kernels.def"
#undef PT_KERNEL
#define PT_KERNEL_VARIANT(sym, suffix, dtypes) extern const pt_kernel pt_k_##sym##_##suffix;
#include "kernel_variants.def"
#undef PT_KERNEL_VARIANT

typedef struct variant {
  const pt_kernel *full, *variant;
  const char *what;
  uint32_t dtypes;
} variant;

static const variant variants[] = {
#define PT_KERNEL_VARIANT(sym, suffix, dtypes) {&pt_k_##sym, &pt_k_##sym##_##suffix, #sym "_" #suffix, dtypes},
#include "kernel_variants.def"
#undef PT_KERNEL_VARIANT
};

static void check_variants_named(void) {
  for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
    const variant *v = &variants[i];
    CHECK(strcmp(v->full->name, v->variant->name) == 0, "%s is named %s, its kernel %s",
          v->what, v->variant->name, v->full->name);
    CHECK(v->variant->bind && v->variant->run, "%s has no bind or run", v->what);
    CHECK(v->dtypes != 0, "%s keeps no dtype", v->what);
  }
}

/* ---- relu's variant, bound on hand-made values ---- */

static pt_value vals[2];
static pt_tensor tens[2];
static const int32_t sizes3[] = {3};
static const uint8_t order1[] = {0};
static const int32_t relu_args[] = {0, 1, 1};

static pt_status bind_relu(const pt_kernel *k, int dtype, pt_bind *b, pt_diag *d) {
  for (int i = 0; i < 2; i++) {
    memset(&tens[i], 0, sizeof tens[i]);
    tens[i].sizes = sizes3;
    tens[i].dim_order = order1;
    tens[i].rank = 1;
    tens[i].numel = 3;
    tens[i].dtype = (uint8_t)dtype;
    tens[i].is_contiguous = 1;
    vals[i].tag = PT_TAG_TENSOR;
    vals[i].u.t = &tens[i];
  }
  memset(b, 0, sizeof *b);
  b->values = vals;
  b->nvalues = 2;
  b->args = relu_args;
  b->nargs = 3;
  b->op_name = k->name;
  b->diag = d;
  b->run = k->run;
  return k->bind(b);
}

static const variant *find_variant(const pt_kernel *full) {
  for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++)
    if (variants[i].full == full) return &variants[i];
  return NULL;
}

static void check_relu_variant(void) {
  const variant *v = find_variant(&pt_k_aten_relu_out);
  CHECK(v != NULL, "kernel_variants.def has no relu variant");
  if (!v) return;
  CHECK(v->dtypes == 1u << PT_F32, "relu's variant keeps dtypes 0x%x, float32 alone expected",
        (unsigned)v->dtypes);
  const int dtypes[] = {PT_U8, PT_I8, PT_I16, PT_I32, PT_I64, PT_F16, PT_F32, PT_F64, PT_BOOL, PT_BF16};
  for (size_t i = 0; i < sizeof dtypes / sizeof dtypes[0]; i++) {
    int dt = dtypes[i];
    pt_bind bv, bf;
    pt_diag dv = {PT_OK, ""}, df = {PT_OK, ""};
    pt_status sv = bind_relu(v->variant, dt, &bv, &dv);
    pt_status sf = bind_relu(&pt_k_aten_relu_out, dt, &bf, &df);
    if (v->dtypes >> dt & 1) {
      CHECK(sv == PT_OK, "relu variant rejects %s: %s", pt_dtype_name(dt), dv.text);
      CHECK(sf == PT_OK, "full relu rejects %s: %s", pt_dtype_name(dt), df.text);
      CHECK(sv != PT_OK || sf != PT_OK || bv.run == bf.run,
            "relu variant picks another run than the full kernel for %s", pt_dtype_name(dt));
    } else {
      CHECK(sv == PT_ERR_MISSING_OPERATOR && dv.status == PT_ERR_MISSING_OPERATOR,
            "relu variant on %s: status %d, wanted PT_ERR_MISSING_OPERATOR", pt_dtype_name(dt), (int)sv);
      CHECK(strstr(dv.text, "aten::relu.out") && strstr(dv.text, pt_dtype_name(dt)) &&
                strstr(dv.text, "selective build") && strstr(dv.text, "petite ops --table"),
            "relu variant on %s: message \"%s\" does not name the op and dtype and say to rebuild",
            pt_dtype_name(dt), dv.text);
    }
  }
  /* the checks the dtypes share still run first */
  static const int32_t short_args[] = {0, 1};
  pt_bind b;
  pt_diag d = {PT_OK, ""};
  bind_relu(v->variant, PT_F32, &b, &d);
  b.args = short_args;
  b.nargs = 2;
  CHECK(v->variant->bind(&b) == PT_ERR_BAD_ARGUMENTS && strstr(d.text, "expected 3 arguments"),
        "relu variant with 2 arguments: \"%s\"", d.text);
}

/* ---- end to end, through the runtime ---- */

static _Alignas(16) uint8_t file_bytes[2][65536];
static _Alignas(16) uint8_t metadata[16384], buffer0[16384], scratch[4096];

static size_t read_file(const char *dir, const char *name, uint8_t *into, size_t cap) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *fp = fopen(path, "rb");
  CHECK(fp != NULL, "cannot open %s (made by make_test_programs.py)", path);
  if (!fp) return 0;
  size_t n = fread(into, 1, cap, fp);
  CHECK(n > 0 && n < cap, "%s: %zu bytes read", path, n);
  fclose(fp);
  return n;
}

/* Loads and inits `forward`; returns the status of the first failing step, its text in d. */
static pt_status init(pt_program *p, pt_method *m, const uint8_t *bytes, size_t n,
                      const pt_kernel_table *table, pt_status *needs, pt_diag *d) {
  pt_method_plan plan;
  pt_status s = pt_program_load(p, bytes, n, d);
  if (s) return s;
  *needs = pt_method_needs(p, "forward", table, &plan, d);
  pt_memory mem;
  memset(&mem, 0, sizeof mem);
  mem.metadata = metadata;
  mem.metadata_size = sizeof metadata;
  mem.buffers[0] = buffer0;
  mem.buffer_sizes[0] = sizeof buffer0;
  mem.nbuffers = 1;
  mem.scratch = scratch;
  mem.scratch_size = sizeof scratch;
  pt_diag d2 = {PT_OK, ""};
  s = pt_method_init(m, p, "forward", table, &mem, &d2);
  if (*needs == PT_OK) *d = d2;
  return s;
}

static void check_end_to_end(const char *dir) {
  static const pt_kernel *const sel[] = {&pt_k_aten_addmm_out, &pt_k_aten_permute_copy_out,
                                         &pt_k_aten_relu_out_f32};
  const pt_kernel_table selective = {sel, 3};
  const pt_kernel_table *tables[2] = {&selective, &pt_all_kernels};
  pt_program p;
  pt_method m;
  pt_diag d = {PT_OK, ""};
  pt_status needs;

  /* the float MLP: same bits with the variant as with every kernel */
  size_t n = read_file(dir, "mlp.pte", file_bytes[0], sizeof file_bytes[0]);
  uint8_t io[4096];
  size_t nio = read_file(dir, "mlp_io.bin", io, sizeof io);
  uint32_t ncases = 0;
  if (nio >= 4) memcpy(&ncases, io, 4);
  CHECK(ncases > 0 && 4 + 8 * (size_t)ncases <= nio, "mlp_io.bin: %u cases in %zu bytes", ncases, nio);
  if (!n || failures) return;
  float out[2][64];
  for (int t = 0; t < 2; t++) {
    pt_status s = init(&p, &m, file_bytes[0], n, tables[t], &needs, &d);
    CHECK(s == PT_OK && needs == PT_OK, "mlp.pte with table %d: %s", t, d.text);
    if (s || needs) return;
    for (uint32_t c = 0; c < ncases && c < 64; c++) {
      float x;
      memcpy(&x, io + 4 + 4 * c, 4);
      CHECK(pt_method_set_input(&m, 0, &x, sizeof x, &d) == PT_OK && pt_method_execute(&m, &d) == PT_OK,
            "mlp.pte case %u: %s", c, d.text);
      memcpy(&out[t][c], pt_method_output(&m, 0)->u.t->data, 4);
    }
  }
  CHECK(memcmp(out[0], out[1], 4 * (ncases < 64 ? ncases : 64)) == 0,
        "mlp.pte: the float32 relu variant changed an output bit");

  /* relu on int32: refused at bind time by the float32-only table, run by the full one */
  n = read_file(dir, "relu_int32.pte", file_bytes[1], sizeof file_bytes[1]);
  if (!n) return;
  pt_status s = init(&p, &m, file_bytes[1], n, &selective, &needs, &d);
  CHECK(needs == PT_ERR_MISSING_OPERATOR && s == PT_ERR_MISSING_OPERATOR,
        "relu_int32.pte with a float32-only relu: needs %d, init %d (PT_ERR_MISSING_OPERATOR wanted)",
        (int)needs, (int)s);
  CHECK(strstr(d.text, "instruction 0 (aten::relu.out)") && strstr(d.text, "int32") &&
            strstr(d.text, "rebuild") && strstr(d.text, "petite ops --table"),
        "relu_int32.pte: message \"%s\" does not name the op and dtype and say to rebuild", d.text);
  printf("float32-only relu on an int32 program: %s\n", d.text);
  s = init(&p, &m, file_bytes[1], n, &pt_all_kernels, &needs, &d);
  CHECK(s == PT_OK && needs == PT_OK, "relu_int32.pte with every kernel: %s", d.text);
  if (s || needs) return;
  const int32_t x[4] = {-2, -1, 0, 3}, want[4] = {0, 0, 0, 3};
  CHECK(pt_method_set_input(&m, 0, x, sizeof x, &d) == PT_OK && pt_method_execute(&m, &d) == PT_OK,
        "relu_int32.pte: %s", d.text);
  CHECK(memcmp(pt_method_output(&m, 0)->u.t->data, want, sizeof want) == 0,
        "relu_int32.pte: wrong output");
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: test_kernel_variants <programs dir>\n");
    return 2;
  }
  check_variants_named();
  check_relu_variant();
  check_end_to_end(argv[1]);
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
