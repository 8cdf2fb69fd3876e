/* Kernel variants for selective builds (kernels/kernel_variants.def), which `petite ops
 * --table` links when they bind every call of a firmware's programs:
 *   - each variant exists, under its full kernel's name;
 *   - relu's float32 variant binds float32 alone, picking the run the full kernel picks, and
 *     fails every other dtype with PT_ERR_MISSING_OPERATOR and a message naming the op and
 *     the dtype and saying to rebuild the table;
 *   - addmm's alpha = beta = 1 variant binds Int 1, True and 1.0 as the full kernel does (same
 *     run, same state) and fails any other value the same way, a non-Scalar as a bad argument;
 *   - the full addmm, scaled or not, gives the bits of a plain C reference (odd sizes, every
 *     broadcast of self, Int and Double alpha/beta);
 *   - end to end: with the variants in the table a float32 MLP gives the same bits as with
 *     every kernel; an int32 relu and a scaled addmm program fail at bind time (pt_method_needs
 *     and pt_method_init) with those messages, while the full table runs them.
 *   test_kernel_variants <dir with mlp.pte, mlp_io.bin, relu_int32.pte, addmm_scaled.pte> */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "petite_kernel.h"
#include "petite_host.h"

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
#define PT_KERNEL_VARIANT(sym, suffix, keeps) extern const pt_kernel pt_k_##sym##_##suffix;
#include "kernel_variants.def"
#undef PT_KERNEL_VARIANT

typedef struct variant {
  const pt_kernel *full, *variant;
  const char *what, *keeps;
} variant;

static const variant variants[] = {
#define PT_KERNEL_VARIANT(sym, suffix, keeps) {&pt_k_##sym, &pt_k_##sym##_##suffix, #sym "_" #suffix, keeps},
#include "kernel_variants.def"
#undef PT_KERNEL_VARIANT
};

static void check_variants_named(void) {
  for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
    const variant *v = &variants[i];
    CHECK(strcmp(v->full->name, v->variant->name) == 0, "%s is named %s, its kernel %s",
          v->what, v->variant->name, v->full->name);
    CHECK(v->variant->bind && v->variant->run, "%s has no bind or run", v->what);
    CHECK(v->keeps && v->keeps[0], "%s does not say what it keeps", v->what);
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

static void check_relu_variant(void) {
  const pt_kernel *v = &pt_k_aten_relu_out_f32;
  const int dtypes[] = {PT_U8, PT_I8, PT_I16, PT_I32, PT_I64, PT_F16, PT_F32, PT_F64, PT_BOOL, PT_BF16};
  for (size_t i = 0; i < sizeof dtypes / sizeof dtypes[0]; i++) {
    int dt = dtypes[i];
    pt_bind bv, bf;
    pt_diag dv = {PT_OK, ""}, df = {PT_OK, ""};
    pt_status sv = bind_relu(v, dt, &bv, &dv);
    pt_status sf = bind_relu(&pt_k_aten_relu_out, dt, &bf, &df);
    if (dt == PT_F32) {
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
  bind_relu(v, PT_F32, &b, &d);
  b.args = short_args;
  b.nargs = 2;
  CHECK(v->bind(&b) == PT_ERR_BAD_ARGUMENTS && strstr(d.text, "expected 3 arguments"),
        "relu variant with 2 arguments: \"%s\"", d.text);
}

/* ---- addmm: the alpha = beta = 1 variant, and the full kernel against a C reference ---- */

enum { A_SELF, A_MAT1, A_MAT2, A_OUT, A_BETA, A_ALPHA, A_NVALUES };
static pt_value av[A_NVALUES];
static pt_tensor at[4];
static int32_t asizes[4][2];
static const uint8_t order2[] = {0, 1};
static const int32_t addmm_args[] = {A_SELF, A_MAT1, A_MAT2, A_BETA, A_ALPHA, A_OUT, A_OUT};
static float self_d[64], x_d[64], w_d[256], y_d[64];

static void addmm_tensor(int i, void *data, uint32_t rank, int32_t d0, int32_t d1) {
  memset(&at[i], 0, sizeof at[i]);
  asizes[i][0] = rank == 2 ? d0 : d1;
  asizes[i][1] = d1;
  at[i].data = data;
  at[i].sizes = asizes[i];
  at[i].dim_order = order2;
  at[i].rank = (uint8_t)rank;
  at[i].dtype = PT_F32;
  at[i].numel = rank == 0 ? 1 : rank == 1 ? (uint32_t)d1 : (uint32_t)(d0 * d1);
  at[i].is_contiguous = 1;
  av[i].tag = PT_TAG_TENSOR;
  av[i].u.t = &at[i];
}

/* mat1 [m, k], mat2 [k, n], out [m, n], self of rank `sr` with sizes [s0, s1] (the last
 * `sr` of them). */
static void addmm_setup(int m, int k, int n, uint32_t sr, int32_t s0, int32_t s1) {
  addmm_tensor(A_SELF, self_d, sr, s0, s1);
  addmm_tensor(A_MAT1, x_d, 2, m, k);
  addmm_tensor(A_MAT2, w_d, 2, k, n);
  addmm_tensor(A_OUT, y_d, 2, m, n);
}

static void scalar(int i, int tag, int64_t iv, double dv) {
  memset(&av[i], 0, sizeof av[i]);
  av[i].tag = (uint8_t)tag;
  if (tag == PT_TAG_INT) av[i].u.i = iv;
  if (tag == PT_TAG_BOOL) av[i].u.b = iv != 0;
  if (tag == PT_TAG_DOUBLE) av[i].u.d = dv;
}

static pt_status bind_addmm(const pt_kernel *k, pt_bind *b, pt_diag *d) {
  memset(b, 0, sizeof *b);
  b->values = av;
  b->nvalues = A_NVALUES;
  b->args = addmm_args;
  b->nargs = 7;
  b->op_name = k->name;
  b->diag = d;
  b->run = k->run;
  return k->bind(b);
}

static void check_addmm_variant(void) {
  const pt_kernel *v = &pt_k_aten_addmm_out_unit, *full = &pt_k_aten_addmm_out;
  addmm_setup(3, 5, 11, 1, 1, 11);
  /* alpha, beta: kept (1 however spelled), or left out (-> PT_ERR_MISSING_OPERATOR) */
  const struct { int at, bt; int64_t ai, bi; double ad, bd; const char *left_out; } cases[] = {
      {PT_TAG_INT, PT_TAG_INT, 1, 1, 0, 0, NULL},
      {PT_TAG_BOOL, PT_TAG_DOUBLE, 1, 0, 0, 1.0, NULL},
      {PT_TAG_DOUBLE, PT_TAG_INT, 0, 1, 1.0, 0, NULL},
      {PT_TAG_INT, PT_TAG_INT, 2, 1, 0, 0, "alpha"},
      {PT_TAG_INT, PT_TAG_DOUBLE, 1, 0, 0, 0.5, "beta"},
      {PT_TAG_INT, PT_TAG_INT, 1, 0, 0, 0, "beta"},
      {PT_TAG_BOOL, PT_TAG_INT, 0, 1, 0, 0, "alpha"},
      /* rounds to 1.0f: the full kernel takes its unscaled run, the variant wants exactly 1 */
      {PT_TAG_DOUBLE, PT_TAG_INT, 0, 1, 1.0 + 0x1p-40, 0, "alpha"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    scalar(A_ALPHA, cases[i].at, cases[i].ai, cases[i].ad);
    scalar(A_BETA, cases[i].bt, cases[i].bi, cases[i].bd);
    pt_bind bv, bf;
    pt_diag dv = {PT_OK, ""}, df = {PT_OK, ""};
    pt_status sv = bind_addmm(v, &bv, &dv), sf = bind_addmm(full, &bf, &df);
    CHECK(sf == PT_OK, "addmm case %zu: the full kernel rejects it: %s", i, df.text);
    if (!cases[i].left_out) {
      CHECK(sv == PT_OK, "addmm case %zu: the variant rejects alpha = beta = 1: %s", i, dv.text);
      CHECK(bv.run == bf.run && bv.persistent_bytes == bf.persistent_bytes &&
                memcmp(bv.sink, bf.sink, bv.persistent_bytes) == 0,
            "addmm case %zu: the variant binds another run or state than the full kernel", i);
    } else {
      CHECK(sv == PT_ERR_MISSING_OPERATOR, "addmm case %zu: variant status %d, wanted PT_ERR_MISSING_OPERATOR",
            i, (int)sv);
      CHECK(strstr(dv.text, "aten::addmm.out") && strstr(dv.text, cases[i].left_out) &&
                strstr(dv.text, "selective build") && strstr(dv.text, "petite ops --table"),
            "addmm case %zu: message \"%s\" does not name the op and %s and say to rebuild", i,
            dv.text, cases[i].left_out);
    }
  }
  /* a non-Scalar alpha is a bad argument for both, not a left-out value */
  av[A_ALPHA] = av[A_SELF];
  pt_bind b;
  pt_diag d = {PT_OK, ""};
  CHECK(bind_addmm(v, &b, &d) == PT_ERR_BAD_ARGUMENTS && strstr(d.text, "alpha"),
        "addmm variant with a Tensor alpha: \"%s\"", d.text);
  d.text[0] = 0;
  CHECK(bind_addmm(full, &b, &d) == PT_ERR_BAD_ARGUMENTS && strstr(d.text, "alpha"),
        "full addmm with a Tensor alpha: \"%s\"", d.text);
}

static uint32_t lcg = 12345;
static float rnd(void) {
  lcg = lcg * 1664525u + 1013904223u;
  float f = (float)(lcg >> 8) / 16777216.0f * 4.0f - 2.0f; /* [-2, 2) */
  return (lcg & 0x40) ? f * 1e-3f : f;                     /* and some small ones */
}

/* The full addmm on hand-made tensors against ExecuTorch's formula in plain C: every sum from
 * +0 over k in order, then sum * alpha + self * beta (alpha = beta = 1 leaves sum + self). */
static void check_addmm_numerics(void) {
  const int shapes[][3] = {{3, 5, 11}, {1, 16, 16}, {2, 9, 1}, {4, 1, 8}, {2, 17, 9}, {1, 3, 2}, {2, 0, 3}};
  const struct { uint32_t rank; int mrow, ncol; } selfs[] = {
      {1, 0, 1}, {2, 1, 1}, {2, 1, 0}, {2, 0, 1}, {1, 0, 0}, {0, 0, 0}, {2, 0, 0}};
  const struct { int at, bt; int64_t ai, bi; double ad, bd; } scales[] = {
      {PT_TAG_INT, PT_TAG_INT, 1, 1, 0, 0},        {PT_TAG_DOUBLE, PT_TAG_DOUBLE, 0, 0, 2.0, 0.5},
      {PT_TAG_INT, PT_TAG_DOUBLE, 3, 0, 0, -1.5},  {PT_TAG_INT, PT_TAG_INT, 1, 0, 0, 0},
      {PT_TAG_DOUBLE, PT_TAG_INT, 0, 1, 0.1, 0},   {PT_TAG_BOOL, PT_TAG_BOOL, 1, 1, 0, 0}};
  int cases = 0;
  for (size_t si = 0; si < sizeof shapes / sizeof shapes[0]; si++)
    for (size_t bi = 0; bi < sizeof selfs / sizeof selfs[0]; bi++)
      for (size_t ci = 0; ci < sizeof scales / sizeof scales[0]; ci++) {
        int m = shapes[si][0], k = shapes[si][1], n = shapes[si][2];
        int32_t s0 = selfs[bi].mrow ? m : 1, s1 = selfs[bi].ncol ? n : 1;
        addmm_setup(m, k, n, selfs[bi].rank, s0, s1);
        scalar(A_ALPHA, scales[ci].at, scales[ci].ai, scales[ci].ad);
        scalar(A_BETA, scales[ci].bt, scales[ci].bi, scales[ci].bd);
        for (int i = 0; i < 64; i++) self_d[i] = rnd(), x_d[i] = rnd(), y_d[i] = 1e30f;
        for (int i = 0; i < 256; i++) w_d[i] = rnd();
        pt_bind b;
        pt_diag d = {PT_OK, ""};
        CHECK(bind_addmm(&pt_k_aten_addmm_out, &b, &d) == PT_OK, "addmm %dx%dx%d: %s", m, k, n, d.text);
        if (failures) return;
        /* bound without state memory: the state is in the bind's sink */
        pt_call call = {b.run, addmm_args, 7, b.persistent_bytes ? (void *)b.sink : NULL};
        pt_ctx x = {av, NULL, 0, 1};
        CHECK(b.persistent_bytes <= sizeof b.sink, "addmm state %zu bytes", b.persistent_bytes);
        CHECK(call.run(&x, &call) == PT_OK, "addmm %dx%dx%d run failed", m, k, n);
        float alpha = scales[ci].at == PT_TAG_DOUBLE ? (float)scales[ci].ad : (float)scales[ci].ai;
        float beta = scales[ci].bt == PT_TAG_DOUBLE ? (float)scales[ci].bd : (float)scales[ci].bi;
        for (int i = 0; i < m; i++)
          for (int j = 0; j < n; j++) {
            float sum = 0.0f;
            for (int p = 0; p < k; p++) sum += x_d[i * k + p] * w_d[p * n + j];
            int bidx = (selfs[bi].rank == 2 && selfs[bi].mrow ? i * s1 : 0) + (selfs[bi].ncol ? j : 0);
            float want = sum * alpha + self_d[bidx] * beta;
            CHECK(memcmp(&want, &y_d[i * n + j], 4) == 0,
                  "addmm %dx%dx%d self case %zu scale case %zu: out[%d][%d] = %.9g, reference %.9g",
                  m, k, n, bi, ci, i, j, (double)y_d[i * n + j], (double)want);
            if (failures > 10) return;
          }
        cases++;
      }
  printf("addmm: %d cases bit-identical to the C reference\n", cases);
}

/* ---- end to end, through the runtime ---- */

static _Alignas(16) uint8_t file_bytes[3][65536];
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
  *needs = pt_method_needs_host(p, "forward", table, &plan, d);
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
  static const pt_kernel *const sel[] = {&pt_k_aten_addmm_out_unit, &pt_k_aten_permute_copy_out,
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

  /* addmm(b, x, w, beta=0.5, alpha=2.0): refused by the alpha = beta = 1 variant; the full
   * kernel's result has the bits of the C reference on the program's own constants */
  n = read_file(dir, "addmm_scaled.pte", file_bytes[2], sizeof file_bytes[2]);
  if (!n) return;
  s = init(&p, &m, file_bytes[2], n, &selective, &needs, &d);
  CHECK(needs == PT_ERR_MISSING_OPERATOR && s == PT_ERR_MISSING_OPERATOR,
        "addmm_scaled.pte with the alpha = beta = 1 addmm: needs %d, init %d", (int)needs, (int)s);
  CHECK(strstr(d.text, "instruction 0 (aten::addmm.out)") && strstr(d.text, "beta is not 1") &&
            strstr(d.text, "petite ops --table"),
        "addmm_scaled.pte: message \"%s\" does not name the op and beta and say to rebuild", d.text);
  printf("alpha = beta = 1 addmm on a scaled program: %s\n", d.text);
  s = init(&p, &m, file_bytes[2], n, &pt_all_kernels, &needs, &d);
  CHECK(s == PT_OK && needs == PT_OK, "addmm_scaled.pte with every kernel: %s", d.text);
  if (s || needs) return;
  const float xs[8] = {1.5f, -2.0f, 0.25f, 3.0f, -0.5f, 1e-3f, 7.0f, -1.25f};
  CHECK(pt_method_set_input(&m, 0, xs, sizeof xs, &d) == PT_OK && pt_method_execute(&m, &d) == PT_OK,
        "addmm_scaled.pte: %s", d.text);
  const int32_t *args = m.calls[0].args;
  const float *bias = (const float *)m.values[args[0]].u.t->data;
  const float *w = (const float *)m.values[args[2]].u.t->data;
  const float *y = (const float *)pt_method_output(&m, 0)->u.t->data;
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 3; j++) {
      float sum = 0.0f;
      for (int k = 0; k < 4; k++) sum += xs[i * 4 + k] * w[k * 3 + j];
      float want = sum * 2.0f + bias[j] * 0.5f;
      CHECK(memcmp(&want, &y[i * 3 + j], 4) == 0, "addmm_scaled.pte: out[%d][%d] = %.9g, reference %.9g",
            i, j, (double)y[i * 3 + j], (double)want);
    }
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: test_kernel_variants <programs dir>\n");
    return 2;
  }
  check_variants_named();
  check_relu_variant();
  check_addmm_variant();
  check_addmm_numerics();
  check_end_to_end(argv[1]);
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
