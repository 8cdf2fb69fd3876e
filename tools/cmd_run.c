/* petite run: executes a program on the host with the same runtime and kernels as the
 * device, on reference cases (.ptv) or given values, and compares with the expected outputs. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "petite_host.h"
#include "ptv.h"

static const char help[] =
    "usage: petite run model.pte [--ptv cases.ptv] [--input v1,v2,...] [--out out.ptv]\n"
    "                            [--tolerance T] [--rtol R] [--method NAME]\n"
    "\n"
    "--ptv      runs every case of a reference-vector file and compares each output with the\n"
    "           expected one: prints the max absolute and relative difference per output and\n"
    "           exits 1 when one is above tolerance.\n"
    "--tolerance T  max absolute difference for floating-point outputs (default 1e-6);\n"
    "--rtol R   relative tolerance: a floating-point element passes when |diff| <= T + R*|expected|\n"
    "           (with --rtol, T defaults to 0);\n"
    "           integer outputs must match exactly.\n"
    "--input    float32 values for input 0 (one case per input-sized group); prints outputs.\n"
    "--out      writes the inputs and petite's outputs as a .ptv (source \"petite\").\n";

typedef struct runner {
  uint8_t *pte;
  size_t pte_size;
  pt_program prog;
  pt_method m;
  pt_memory mem;
  char method[128];
  void **bound;  /* per input: caller memory for unplanned inputs */
} runner;

static int runner_open(runner *r, const char *path, const char *want) {
  memset(r, 0, sizeof *r);
  if (cli_load(path, &r->pte, &r->pte_size, &r->prog) != 0) return -1;
  if (cli_method(&r->prog, path, want, r->method, sizeof r->method) != 0) return -1;
  pt_diag d = {0};
  pt_method_plan plan;
  pt_status s = pt_method_needs_host(&r->prog, r->method, &pt_all_kernels, &plan, &d);
  if (s != PT_OK) return cli_fail("%s: method %s: %s: %s", path, r->method, pt_status_name(s), d.text), -1;
  if (plan.nbuffers > PT_MAX_BUFFERS) return cli_fail("%s: too many planned buffers", path), -1;
  r->mem.metadata = cli_alloc(plan.metadata_bytes);
  r->mem.metadata_size = plan.metadata_bytes;
  r->mem.nbuffers = plan.nbuffers;
  for (uint32_t i = 0; i < plan.nbuffers; i++) {
    r->mem.buffers[i] = cli_alloc(plan.buffer_bytes[i]);
    r->mem.buffer_sizes[i] = plan.buffer_bytes[i];
  }
  r->mem.scratch = cli_alloc(plan.scratch_bytes);
  r->mem.scratch_size = plan.scratch_bytes;
  s = pt_method_init(&r->m, &r->prog, r->method, &pt_all_kernels, &r->mem, &d);
  if (s != PT_OK) return cli_fail("%s: method %s: %s: %s", path, r->method, pt_status_name(s), d.text), -1;
  r->bound = calloc(r->m.ninputs + 1, sizeof *r->bound);
  return r->bound ? 0 : (cli_fail("out of memory"), -1);
}

static void runner_close(runner *r) {
  free(r->mem.metadata);
  for (uint32_t i = 0; i < r->mem.nbuffers; i++) free(r->mem.buffers[i]);
  free(r->mem.scratch);
  for (uint32_t i = 0; r->bound && i < r->m.ninputs; i++) free(r->bound[i]);
  free(r->bound);
  free(r->pte);
}

static const pt_tensor *tensor_of(const pt_value *v) {
  return v && v->tag == PT_TAG_TENSOR ? v->u.t : NULL;
}

/* .ptv files hold tensors in contiguous (row-major) order; a tensor whose dim_order is not
 * 0..n-1 (e.g. channels-last) keeps its elements in another order. Copies between the two:
 * to_tensor = 1 scatters contiguous `src` into t's layout, 0 gathers t's layout into `dst`. */
static void relayout(void *dst, const void *src, const pt_tensor *t, int to_tensor) {
  size_t es = pt_dtype_size(t->dtype), strides[PT_MAX_RANK], idx[PT_MAX_RANK] = {0};
  size_t stride = 1;
  for (uint32_t k = t->rank; k-- > 0;) {
    strides[t->dim_order[k]] = stride;
    stride *= (size_t)t->sizes[t->dim_order[k]];
  }
  for (size_t e = 0; e < t->numel; e++) {
    size_t at = 0;
    for (uint32_t d = 0; d < t->rank; d++) at += idx[d] * strides[d];
    if (to_tensor) memcpy((char *)dst + at * es, (const char *)src + e * es, es);
    else memcpy((char *)dst + e * es, (const char *)src + at * es, es);
    for (uint32_t d = t->rank; d-- > 0;) { /* next index, row-major */
      if (++idx[d] < (size_t)t->sizes[d]) break;
      idx[d] = 0;
    }
  }
}

static int set_input(runner *r, uint32_t i, const void *data, size_t nbytes) {
  const pt_tensor *t = tensor_of(pt_method_input(&r->m, i));
  pt_diag d = {0};
  pt_status s;
  void *laid_out = NULL;
  if (t && !t->is_contiguous && nbytes == pt_tensor_nbytes(t)) {
    laid_out = cli_alloc(nbytes);
    relayout(laid_out, data, t, 1);
    data = laid_out;
  }
  if (t && t->data == NULL) { /* unplanned: the caller owns the memory */
    if (!r->bound[i]) r->bound[i] = cli_alloc(nbytes);
    memcpy(r->bound[i], data, nbytes);
    s = pt_method_bind_input(&r->m, i, r->bound[i], nbytes, &d);
  } else {
    s = pt_method_set_input(&r->m, i, data, nbytes, &d);
  }
  free(laid_out);
  if (s != PT_OK) return cli_fail("input %u: %s: %s", i, pt_status_name(s), d.text), -1;
  return 0;
}

static int execute(runner *r) {
  pt_diag d = {0};
  pt_status s = pt_method_execute(&r->m, &d);
  if (s != PT_OK) return cli_fail("execute: %s: %s", pt_status_name(s), d.text), -1;
  return 0;
}

static int output_tensor(runner *r, uint32_t i, const pt_tensor **out) {
  *out = tensor_of(pt_method_output(&r->m, i));
  if (!*out) return cli_fail("output %u is not a tensor; petite run compares tensors only", i), -1;
  return 0;
}

static void spec_of(const pt_tensor *t, ptv_spec *s) {
  memset(s, 0, sizeof *s);
  s->dtype = t->dtype;
  s->rank = t->rank;
  for (uint32_t d = 0; d < t->rank; d++) s->sizes[d] = (uint32_t)t->sizes[d];
  s->numel = t->numel;
  s->nbytes = pt_tensor_nbytes(t);
}

static int is_float(uint32_t dtype) { return dtype == PT_F32 || dtype == PT_F64; }

static double element(const void *p, uint32_t dtype, size_t i) {
  switch (dtype) {
    case PT_F32: { float v; memcpy(&v, (const char *)p + 4 * i, 4); return v; }
    case PT_F64: { double v; memcpy(&v, (const char *)p + 8 * i, 8); return v; }
    case PT_U8: case PT_BOOL: case PT_QU8: return ((const uint8_t *)p)[i];
    case PT_I8: case PT_QI8: return ((const int8_t *)p)[i];
    case PT_I16: { int16_t v; memcpy(&v, (const char *)p + 2 * i, 2); return v; }
    case PT_U16: { uint16_t v; memcpy(&v, (const char *)p + 2 * i, 2); return v; }
    case PT_I32: case PT_QI32: { int32_t v; memcpy(&v, (const char *)p + 4 * i, 4); return v; }
    case PT_U32: { uint32_t v; memcpy(&v, (const char *)p + 4 * i, 4); return v; }
    case PT_I64: { int64_t v; memcpy(&v, (const char *)p + 8 * i, 8); return (double)v; }
    case PT_U64: { uint64_t v; memcpy(&v, (const char *)p + 8 * i, 8); return (double)v; }
    default: return NAN;
  }
}

static void print_shape(FILE *fp, uint32_t dtype, uint32_t rank, const uint32_t *sizes) {
  fprintf(fp, "%s [", pt_dtype_name((int)dtype));
  for (uint32_t d = 0; d < rank; d++) fprintf(fp, "%s%u", d ? ", " : "", sizes[d]);
  fprintf(fp, "]");
}

static int check_inputs(runner *r, const ptv_file *f, const char *ptv) {
  if (f->ninputs != r->m.ninputs || f->noutputs != r->m.noutputs)
    return cli_fail("%s has %u inputs and %u outputs; method %s has %u and %u", ptv, f->ninputs,
                    f->noutputs, r->method, r->m.ninputs, r->m.noutputs), -1;
  for (uint32_t k = 0; k < f->ninputs + f->noutputs; k++) {
    int in = k < f->ninputs;
    uint32_t i = in ? k : k - f->ninputs;
    const pt_tensor *t = tensor_of(in ? pt_method_input(&r->m, i) : pt_method_output(&r->m, i));
    const ptv_spec *s = &f->specs[k];
    if (!t) return cli_fail("%s %u of method %s is not a tensor", in ? "input" : "output", i, r->method), -1;
    int same = t->dtype == s->dtype && t->rank == s->rank;
    for (uint32_t d = 0; same && d < t->rank; d++) same = (uint32_t)t->sizes[d] == s->sizes[d];
    if (!same) {
      ptv_spec ts;
      spec_of(t, &ts);
      fprintf(stderr, "petite: %s: %s %u is ", ptv, in ? "input" : "output", i);
      print_shape(stderr, s->dtype, s->rank, s->sizes);
      fprintf(stderr, " but the program's is ");
      print_shape(stderr, ts.dtype, ts.rank, ts.sizes);
      fprintf(stderr, "\n");
      return -1;
    }
  }
  return 0;
}

static int run_ptv(runner *r, const char *ptv, const char *out, double tol, int tol_given,
                   double rtol) {
  ptv_file f;
  char err[320];
  if (ptv_read(&f, ptv, err, sizeof err) != 0) return cli_fail("%s", err);
  int rc = check_inputs(r, &f, ptv) ? 1 : 0;
  uint8_t *results = rc ? NULL : calloc(f.ncases ? f.ncases : 1, f.case_bytes ? f.case_bytes : 1);
  double *max_abs = calloc(f.noutputs + 1, sizeof *max_abs);
  double *max_rel = calloc(f.noutputs + 1, sizeof *max_rel);
  size_t *bad = calloc(f.noutputs + 1, sizeof *bad);
  if (!rc && (!results || !max_abs || !max_rel || !bad)) rc = cli_fail("out of memory");
  for (uint32_t c = 0; !rc && c < f.ncases; c++) {
    for (uint32_t i = 0; !rc && i < f.ninputs; i++)
      if (set_input(r, i, ptv_tensor(&f, c, i), f.specs[i].nbytes)) rc = 1;
    if (!rc && execute(r)) rc = 1;
    uint8_t *dst = results + (size_t)c * f.case_bytes;
    for (uint32_t k = 0; !rc && k < f.ninputs; k++) {
      memcpy(dst, ptv_tensor(&f, c, k), f.specs[k].nbytes);
      dst += f.specs[k].nbytes;
    }
    for (uint32_t o = 0; !rc && o < f.noutputs; o++) {
      const pt_tensor *t;
      if (output_tensor(r, o, &t)) { rc = 1; break; }
      const ptv_spec *s = &f.specs[f.ninputs + o];
      const void *want = ptv_tensor(&f, c, f.ninputs + o);
      if (pt_tensor_nbytes(t) != s->nbytes) {
        rc = cli_fail("output %u has %u bytes, %s says %zu", o, pt_tensor_nbytes(t), ptv, (size_t)s->nbytes);
        break;
      }
      if (t->is_contiguous) memcpy(dst, t->data, s->nbytes);
      else relayout(dst, t->data, t, 0);
      const void *got_data = dst; /* contiguous, like the .ptv */
      dst += s->nbytes;
      for (size_t e = 0; e < s->numel; e++) {
        double got = element(got_data, s->dtype, e), exp = element(want, s->dtype, e);
        double diff = fabs(got - exp);
        if (isnan(got) != isnan(exp)) diff = INFINITY;
        else if (isnan(got) && !is_float(s->dtype)) { /* f16, bf16...: compare the bits */
          size_t es = ptv_dtype_size(s->dtype);
          diff = memcmp((const char *)got_data + e * es, (const char *)want + e * es, es) ? INFINITY : 0;
        } else if (isnan(got)) diff = 0;
        if (diff > max_abs[o]) max_abs[o] = diff;
        if (exp != 0 && diff / fabs(exp) > max_rel[o]) max_rel[o] = diff / fabs(exp);
        if (is_float(s->dtype) ? !(diff <= tol + rtol * fabs(exp)) : diff != 0) bad[o]++;
      }
    }
  }
  for (uint32_t o = 0; !rc && o < f.noutputs; o++) {
    const ptv_spec *s = &f.specs[f.ninputs + o];
    printf("output %u (", o);
    print_shape(stdout, s->dtype, s->rank, s->sizes);
    printf("): %u cases vs %s: max abs diff %.3g, max rel diff %.3g", f.ncases, f.source,
           max_abs[o], max_rel[o]);
    if (is_float(s->dtype) && rtol > 0) printf(" (tolerance %.3g abs + %.3g rel)", tol, rtol);
    else if (is_float(s->dtype)) printf(" (tolerance %.3g%s)", tol, tol_given ? "" : ", default");
    else printf(" (exact)");
    printf(": %s\n", bad[o] ? "FAIL" : "ok");
    if (bad[o]) {
      fprintf(stderr, "petite: %s: output %u differs from %s in %zu elements (max abs diff %.3g)\n",
              ptv, o, f.source, bad[o], max_abs[o]);
      rc = 1;
    }
  }
  if (out && results) {
    int werr = ptv_write(out, f.name, "petite", f.ncases, f.ninputs, f.noutputs, f.specs, results,
                         err, sizeof err);
    if (werr) rc = cli_fail("%s", err);
  }
  free(results);
  free(max_abs);
  free(max_rel);
  free(bad);
  ptv_free(&f);
  return rc;
}

static int parse_values(const char *text, float **vals, size_t *n) {
  size_t cap = 1;
  for (const char *c = text; *c; c++) cap += *c == ',';
  *vals = calloc(cap, sizeof **vals);
  *n = 0;
  const char *c = text;
  while (*vals) {
    char *end;
    errno = 0;
    double v = strtod(c, &end);
    if (end == c || errno == ERANGE || (*end != ',' && *end != 0))
      return cli_fail("--input: \"%s\" is not a comma-separated list of numbers", text), -1;
    (*vals)[(*n)++] = (float)v;
    if (*end == 0) return 0;
    c = end + 1;
  }
  return cli_fail("out of memory"), -1;
}

static int run_values(runner *r, const char *text, const char *out, const char *pte) {
  float *vals;
  size_t n;
  if (parse_values(text, &vals, &n)) return free(vals), 1;
  const pt_tensor *in = tensor_of(pt_method_input(&r->m, 0));
  int rc = 0;
  if (r->m.ninputs != 1 || !in || in->dtype != PT_F32)
    rc = cli_fail("--input feeds one float32 input; method %s has %u inputs%s: use --ptv", r->method,
                  r->m.ninputs, in && in->dtype != PT_F32 ? " (input 0 is not float32)" : "");
  else if (in->numel == 0 || n % in->numel != 0)
    rc = cli_fail("--input: %zu values do not fill input 0 of %u elements (or a multiple of it)", n,
                  in->numel);
  uint32_t ncases = rc ? 0 : (uint32_t)(n / in->numel);
  ptv_spec specs[PTV_MAX_TENSORS];
  size_t case_bytes = 0;
  if (!rc && r->m.noutputs + 1 > PTV_MAX_TENSORS) rc = cli_fail("too many outputs");
  if (!rc) {
    spec_of(in, &specs[0]);
    case_bytes = specs[0].nbytes;
    for (uint32_t o = 0; o < r->m.noutputs && !rc; o++) {
      const pt_tensor *t;
      if (output_tensor(r, o, &t)) rc = 1;
      else spec_of(t, &specs[1 + o]), case_bytes += pt_tensor_nbytes(t);
    }
  }
  uint8_t *results = rc ? NULL : calloc(ncases ? ncases : 1, case_bytes ? case_bytes : 1);
  for (uint32_t c = 0; !rc && c < ncases; c++) {
    const float *x = vals + (size_t)c * in->numel;
    if (set_input(r, 0, x, pt_tensor_nbytes(in)) || execute(r)) { rc = 1; break; }
    uint8_t *dst = results + (size_t)c * case_bytes;
    memcpy(dst, x, pt_tensor_nbytes(in));
    dst += pt_tensor_nbytes(in);
    printf("case %u:", c);
    for (uint32_t o = 0; o < r->m.noutputs; o++) {
      const pt_tensor *t;
      if (output_tensor(r, o, &t)) { rc = 1; break; }
      if (t->is_contiguous) memcpy(dst, t->data, pt_tensor_nbytes(t));
      else relayout(dst, t->data, t, 0);
      printf(" output %u = [", o);
      for (uint32_t e = 0; e < t->numel; e++)
        printf("%s%.9g", e ? ", " : "", element(dst, t->dtype, e));
      dst += pt_tensor_nbytes(t);
      printf("]");
    }
    printf("\n");
  }
  if (!rc && out) {
    char err[320], name[128];
    snprintf(name, sizeof name, "%s", cli_basename(pte));
    char *dot = strrchr(name, '.');
    if (dot) *dot = 0;
    if (ptv_write(out, name, "petite", ncases, 1, r->m.noutputs, specs, results, err, sizeof err))
      rc = cli_fail("%s", err);
  }
  free(results);
  free(vals);
  return rc;
}

int cmd_run(int argc, char **argv) {
  const char *pte = NULL, *ptv = NULL, *input = NULL, *out = NULL, *method = NULL;
  double tol = 1e-6, rtol = 0;
  int tol_given = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    int more = i + 1 < argc;
    if (cli_is_help(a)) return fputs(help, stdout), 0;
    if (strcmp(a, "--ptv") == 0 && more) ptv = argv[++i];
    else if (strcmp(a, "--input") == 0 && more) input = argv[++i];
    else if (strcmp(a, "--out") == 0 && more) out = argv[++i];
    else if (strcmp(a, "--method") == 0 && more) method = argv[++i];
    else if (strcmp(a, "--tolerance") == 0 && more) {
      char *end;
      tol = strtod(argv[++i], &end);
      if (*end || !(tol >= 0)) return cli_fail("run: --tolerance \"%s\" is not a number >= 0", argv[i]);
      tol_given = 1;
    } else if (strcmp(a, "--rtol") == 0 && more) {
      char *end;
      rtol = strtod(argv[++i], &end);
      if (*end || !(rtol > 0)) return cli_fail("run: --rtol \"%s\" is not a number > 0", argv[i]);
    } else if (a[0] == '-') return fputs(help, stderr), cli_fail("run: unknown or incomplete option \"%s\"", a);
    else if (!pte) pte = a;
    else return fputs(help, stderr), cli_fail("run: one .pte at a time (got \"%s\" too)", a);
  }
  if (!pte) return fputs(help, stderr), cli_fail("run: no .pte file given");
  if (!ptv && !input) return fputs(help, stderr), cli_fail("run: give --ptv cases.ptv or --input values");
  if (ptv && input) return cli_fail("run: --ptv and --input are exclusive");
  if (rtol > 0 && !tol_given) tol = 0;
  runner r;
  int rc = runner_open(&r, pte, method) ? 1 : ptv ? run_ptv(&r, ptv, out, tol, tol_given, rtol)
                                                  : run_values(&r, input, out, pte);
  runner_close(&r);
  return rc;
}
