/* The conformance firmware: every embedded zoo model runs every case of its ExecuTorch
 * reference vectors (.ptv, embedded as a byte array and read here), and the outputs are
 * compared on the device:
 *
 *   # conformance board=<name> models=<n> rtol=<g>
 *   MODEL <name> cases=<n> max_abs=<g> max_rel=<g> OK|FAIL     (one line per model)
 *   DONE                       or  FAIL <n> models
 *
 * float32/float64 outputs pass when |got - want| <= rtol * |want| (rtol 1e-5, as the host
 * conformance tests); integer and bool outputs must be identical. Tensors whose dim_order
 * is not contiguous (channels-last inputs/outputs) are converted from/to the .ptv's
 * row-major layout. One static block of
 * memory serves every model in turn, checked against pt_method_needs. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "board.h"
#include "conformance_models.h" /* generated: CONF_MODEL(name) per embedded model + headers */
#include "fmt.h"
#include "petite.h"

#ifndef CONF_METADATA_BYTES
#define CONF_METADATA_BYTES 65536
#endif
#ifndef CONF_ARENA_BYTES
#define CONF_ARENA_BYTES 131072
#endif
#ifndef CONF_SCRATCH_BYTES
#define CONF_SCRATCH_BYTES 16384
#endif
#define CONF_RTOL 1e-5

extern const pt_kernel_table pt_selected_kernels;

static _Alignas(16) uint8_t metadata[CONF_METADATA_BYTES];
static _Alignas(16) uint8_t arena[CONF_ARENA_BYTES];
static _Alignas(16) uint8_t scratch[CONF_SCRATCH_BYTES];
static _Alignas(16) uint8_t input_copy[65536]; /* case data is unaligned: copied first */
static pt_program program;
static pt_method method;
static pt_diag diag;

static void put(const char *s) { board_write(s, strlen(s)); }
static void put_u64(uint64_t v) {
  char b[21];
  board_write(b, fmt_u64(b, v));
}
static void put_g(double v) {
  char b[FMT_FLOAT_MAX];
  board_write(b, fmt_float(b, (float)v));
}

/* ---- the .ptv format (docs/ptv-format.md), read in place ---- */

typedef struct ptv_spec {
  uint32_t dtype, rank, sizes[PT_MAX_RANK];
  size_t nbytes;
} ptv_spec;

#define CONF_MAX_IO 16

typedef struct ptv_view {
  const uint8_t *data;
  size_t size, case_bytes;
  uint32_t header_bytes, ncases, ninputs, noutputs;
  ptv_spec specs[CONF_MAX_IO];
} ptv_view;

static uint32_t rd32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static const char *ptv_open(ptv_view *v, const uint8_t *data, size_t size) {
  memset(v, 0, sizeof *v);
  v->data = data;
  v->size = size;
  if (size < 24 || memcmp(data, "PTV1", 4) != 0) return "not a .ptv (no PTV1 magic)";
  v->header_bytes = rd32(data + 4);
  v->ncases = rd32(data + 8);
  v->ninputs = rd32(data + 12);
  v->noutputs = rd32(data + 16);
  if (v->ninputs + v->noutputs > CONF_MAX_IO) return "too many tensors per case";
  size_t at = 20;
  for (int k = 0; k < 2; k++) { /* name, then source */
    if (at + 4 > size) return "truncated header";
    uint32_t n = rd32(data + at);
    if (n > size - at - 4) return "truncated header";
    at += 4 + n;
  }
  for (uint32_t t = 0; t < v->ninputs + v->noutputs; t++) {
    ptv_spec *s = &v->specs[t];
    if (at + 8 > size) return "truncated specs";
    s->dtype = rd32(data + at);
    s->rank = rd32(data + at + 4);
    at += 8;
    if (s->rank > PT_MAX_RANK || at + 4u * s->rank > size) return "bad spec";
    uint64_t numel = 1;
    for (uint32_t d = 0; d < s->rank; d++, at += 4) {
      s->sizes[d] = rd32(data + at);
      numel *= s->sizes[d];
      if (numel > 0xffffffffu) return "bad spec";
    }
    size_t es = pt_dtype_size((int)s->dtype);
    if (es == 0) return "unknown dtype";
    s->nbytes = (size_t)numel * es;
    v->case_bytes += s->nbytes;
  }
  if (at > v->header_bytes || v->header_bytes > size ||
      (size - v->header_bytes) != (uint64_t)v->ncases * v->case_bytes)
    return "size does not match the header";
  return NULL;
}

static const uint8_t *ptv_tensor(const ptv_view *v, uint32_t c, uint32_t t) {
  const uint8_t *p = v->data + v->header_bytes + (size_t)c * v->case_bytes;
  for (uint32_t k = 0; k < t; k++) p += v->specs[k].nbytes;
  return p;
}

/* ---- layouts: .ptv tensors are contiguous (row-major); a program's input or output may
 * have another dim_order (channels-last): element by element through both stride sets. ---- */

static _Alignas(16) uint8_t layout_copy[65536];

/* to_tensor = 1: contiguous src -> t's layout in dst; 0: t's layout in src -> contiguous dst. */
static void relayout(const pt_tensor *t, const uint8_t *src, uint8_t *dst, int to_tensor) {
  size_t es = pt_dtype_size(t->dtype), mem[PT_MAX_RANK], row[PT_MAX_RANK], stride = 1;
  uint32_t idx[PT_MAX_RANK] = {0};
  for (uint32_t k = t->rank; k-- > 0;) {
    mem[t->dim_order[k]] = stride;
    stride *= (size_t)t->sizes[t->dim_order[k]];
  }
  stride = 1;
  for (uint32_t d = t->rank; d-- > 0;) {
    row[d] = stride;
    stride *= (size_t)t->sizes[d];
  }
  for (uint32_t i = 0; i < t->numel; i++) {
    size_t m = 0, r = 0;
    for (uint32_t d = 0; d < t->rank; d++) {
      m += idx[d] * mem[d];
      r += idx[d] * row[d];
    }
    if (to_tensor) memcpy(dst + m * es, src + r * es, es);
    else memcpy(dst + r * es, src + m * es, es);
    for (uint32_t d = t->rank; d-- > 0;) {
      if (++idx[d] < (uint32_t)t->sizes[d]) break;
      idx[d] = 0;
    }
  }
}

/* ---- comparing ---- */

typedef struct result {
  double max_abs, max_rel;
  uint32_t bad;
} result;

static void compare(const ptv_spec *s, const void *got, const uint8_t *want, result *r) {
  size_t es = pt_dtype_size((int)s->dtype), n = s->nbytes / es;
  for (size_t i = 0; i < n; i++) {
    double g, e;
    if (s->dtype == PT_F32) {
      float fg, fe;
      memcpy(&fg, (const uint8_t *)got + i * 4, 4);
      memcpy(&fe, want + i * 4, 4);
      g = fg, e = fe;
    } else if (s->dtype == PT_F64) {
      memcpy(&g, (const uint8_t *)got + i * 8, 8);
      memcpy(&e, want + i * 8, 8);
    } else { /* integers, bool, others: the bytes must match */
      if (memcmp((const uint8_t *)got + i * es, want + i * es, es) != 0) {
        r->bad++;
        if (r->max_abs < 1) r->max_abs = 1; /* "differs" (the exact integer gap is not needed) */
      }
      continue;
    }
    if (g != g || e != e) { /* NaN must meet NaN */
      if ((g != g) != (e != e)) r->bad++;
      continue;
    }
    double diff = g > e ? g - e : e - g, mag = e < 0 ? -e : e;
    if (diff > r->max_abs) r->max_abs = diff;
    if (mag > 0 && diff / mag > r->max_rel) r->max_rel = diff / mag;
    if (!(diff <= CONF_RTOL * mag)) r->bad++;
  }
}

/* ---- one model ---- */

static int model_fail(const char *name, const char *stage, const char *why) {
  put("MODEL ");
  put(name);
  put(" ERROR ");
  put(stage);
  put(": ");
  put(why);
  put("\nMODEL ");
  put(name);
  put(" cases=0 max_abs=0 max_rel=0 FAIL\n");
  return 1;
}

static int run_model(const char *name, const uint8_t *pte, size_t pte_size, const uint8_t *vec,
                     size_t vec_size) {
  ptv_view v;
  const char *err = ptv_open(&v, vec, vec_size);
  if (err) return model_fail(name, "ptv", err);
  pt_status s = pt_program_load(&program, pte, pte_size, &diag);
  if (s != PT_OK) return model_fail(name, "load", diag.text);
  pt_method_plan plan;
  s = pt_method_needs(&program, "forward", &pt_selected_kernels, &plan, NULL, 0, &diag);
  if (s != PT_OK) return model_fail(name, "plan", diag.text);
  pt_memory mem; /* too small: diag names the block; CONF_{METADATA,ARENA,SCRATCH}_BYTES size them */
  s = pt_memory_carve(&mem, &plan, metadata, sizeof metadata, arena, sizeof arena, scratch,
                      sizeof scratch, &diag);
  if (s != PT_OK) return model_fail(name, "memory", diag.text);
  s = pt_method_init(&method, &program, "forward", &pt_selected_kernels, &mem, &diag);
  if (s != PT_OK) return model_fail(name, "init", diag.text);
  /* What this device asked for: the tests compare it with the host's `petite fit`. */
  put("PLAN ");
  put(name);
  put(" metadata=");
  put_u64(method.metadata_bytes);
  put(" arena=");
  put_u64(pt_plan_arena_bytes(&plan));
  put(" scratch=");
  put_u64(method.scratch_bytes);
  put(" persistent=");
  put_u64(method.persistent_bytes);
  put("\n");
  if (v.ninputs != method.ninputs || v.noutputs != method.noutputs)
    return model_fail(name, "ptv", "input/output count differs from the program");

  result r = {0, 0, 0};
  for (uint32_t c = 0; c < v.ncases; c++) {
    for (uint32_t i = 0; i < v.ninputs; i++) {
      if (v.specs[i].nbytes > sizeof input_copy) return model_fail(name, "ptv", "input too large");
      const pt_value *in = pt_method_input(&method, i);
      memcpy(input_copy, ptv_tensor(&v, c, i), v.specs[i].nbytes);
      const uint8_t *bytes = input_copy;
      if (in && in->tag == PT_TAG_TENSOR && !in->u.t->is_contiguous &&
          pt_tensor_nbytes(in->u.t) == v.specs[i].nbytes) {
        relayout(in->u.t, input_copy, layout_copy, 1);
        bytes = layout_copy;
      }
      s = pt_method_set_input(&method, i, bytes, v.specs[i].nbytes, &diag);
      if (s != PT_OK) return model_fail(name, "input", diag.text);
    }
    s = pt_method_execute(&method, &diag);
    if (s != PT_OK) return model_fail(name, "execute", diag.text);
    for (uint32_t o = 0; o < v.noutputs; o++) {
      const pt_value *out = pt_method_output(&method, o);
      const ptv_spec *sp = &v.specs[v.ninputs + o];
      if (!out || out->tag != PT_TAG_TENSOR || pt_tensor_nbytes(out->u.t) != sp->nbytes ||
          out->u.t->dtype != sp->dtype)
        return model_fail(name, "output", "not a tensor of the .ptv's dtype and size");
      const void *got = out->u.t->data;
      if (!out->u.t->is_contiguous) {
        if (sp->nbytes > sizeof layout_copy) return model_fail(name, "output", "too large to relayout");
        relayout(out->u.t, (const uint8_t *)out->u.t->data, layout_copy, 0);
        got = layout_copy;
      }
      compare(sp, got, ptv_tensor(&v, c, v.ninputs + o), &r);
    }
  }
  put("MODEL ");
  put(name);
  put(" cases=");
  put_u64(v.ncases);
  put(" max_abs=");
  put_g(r.max_abs);
  put(" max_rel=");
  put_g(r.max_rel);
  put(r.bad ? " FAIL\n" : " OK\n");
  return r.bad != 0;
}

int main(void) {
  board_init();
  uint32_t failed = 0, n = 0;
#define CONF_MODEL(m) n++;
  CONF_MODELS
#undef CONF_MODEL
  put("# conformance board=");
  put(board_name());
  put(" models=");
  put_u64(n);
  put(" rtol=");
  put_g(CONF_RTOL);
  put("\n");
#define CONF_MODEL(m) failed += (uint32_t)run_model(#m, m##_pte, m##_pte_size, m##_ptv, m##_ptv_size);
  CONF_MODELS
#undef CONF_MODEL
  if (failed) {
    put("FAIL ");
    put_u64(failed);
    put(" models\n");
  } else {
    put("DONE\n");
  }
  board_exit(failed ? 1 : 0);
}
