/* Reads a verified .pte into the host tools' view of it (see pte_view.h). Field ids are those
 * of ExecuTorch's program.fbs (a union takes two ids: its type, then its value). */
#include "pte_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fb.h"

/* Program */
enum { PROG_VERSION = 0, PROG_PLANS = 1, PROG_CONST_BUFFER = 2, PROG_SEGMENTS = 4, PROG_CONST_SEGMENT = 5 };
/* ExecutionPlan */
enum { PLAN_NAME = 0, PLAN_VALUES = 2, PLAN_INPUTS = 3, PLAN_OUTPUTS = 4, PLAN_CHAINS = 5,
       PLAN_OPERATORS = 6, PLAN_DELEGATES = 7, PLAN_BUFFER_SIZES = 8 };
/* Tensor */
enum { T_DTYPE = 0, T_SIZES = 2, T_DIM_ORDER = 3, T_DATA_BUFFER = 5, T_ALLOC = 6 };

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) {
    fprintf(stderr, "petite: out of memory\n");
    exit(2);
  }
  return p;
}

static char *xstrndup(const char *s, size_t n) {
  char *c = xcalloc(n + 1, 1);
  memcpy(c, s, n);
  return c;
}

static void read_tensor(tfb *b, const pv_program *v, size_t legacy_vec, size_t t, pv_tensor *out) {
  uint32_t n = 0, nd = 0;
  out->dtype = (int)tfb_field_u8(b, t, T_DTYPE, 0);
  size_t sizes = tfb_field_vec(b, t, T_SIZES, 4, &n);
  size_t order = tfb_field_vec(b, t, T_DIM_ORDER, 1, &nd);
  if (n > PT_MAX_RANK) n = PT_MAX_RANK; /* the loader rejects these; stay in bounds anyway */
  out->rank = n;
  out->numel = 1;
  for (uint32_t i = 0; i < n; i++) {
    out->sizes[i] = (int32_t)tfb_u32(b, sizes + 4u * i);
    out->dim_order[i] = (uint8_t)(i < nd ? tfb_u8(b, order + i) : i);
    out->numel *= out->sizes[i] > 0 ? (uint64_t)out->sizes[i] : 0u;
  }
  int64_t stride = 1;
  for (uint32_t k = n; k-- > 0;) {
    uint8_t d = out->dim_order[k];
    if (d < n) {
      out->strides[d] = stride;
      stride *= out->sizes[d] > 0 ? out->sizes[d] : 1;
    }
  }
  out->nbytes = out->numel * pt_dtype_size(out->dtype);
  out->data_buffer_idx = tfb_field_u32(b, t, T_DATA_BUFFER, 0);
  size_t alloc = tfb_field_ref(b, t, T_ALLOC);
  out->planned = alloc != 0;
  if (alloc) {
    out->mem_id = tfb_field_u32(b, alloc, 0, 0);
    out->mem_offset = (uint64_t)tfb_field_u32(b, alloc, 2, 0) << 32 | tfb_field_u32(b, alloc, 1, 0);
  }
  out->file_offset = -1;
  uint32_t idx = out->data_buffer_idx;
  if (idx > 0 && !out->planned) {
    if (v->constant_segment >= 0 && idx < v->nconst_offsets &&
        (uint32_t)v->constant_segment < v->nsegments)
      out->file_offset = (int64_t)(v->segment_base + v->seg_offsets[v->constant_segment] +
                                   v->const_offsets[idx]);
    else if (legacy_vec && idx < v->nconst_buffers) {
      uint32_t len = 0;
      size_t storage = tfb_field_vec(b, tfb_vec_table(b, legacy_vec, idx), 0, 1, &len);
      if (storage) out->file_offset = (int64_t)storage;
    }
  }
}

static void read_value(tfb *b, const pv_program *v, size_t legacy_vec, size_t ev, pv_value *out) {
  out->tag = tfb_field_u8(b, ev, 0, 0);
  size_t val = tfb_field_ref(b, ev, 1);
  uint32_t n = 0;
  size_t vec;
  switch (out->tag) {
    case PT_TAG_INT: out->i = (int64_t)tfb_field_u64(b, val, 0, 0); break;
    case PT_TAG_BOOL: out->b = tfb_field_u8(b, val, 0, 0); break;
    case PT_TAG_DOUBLE: {
      uint64_t bits = tfb_field_u64(b, val, 0, 0);
      memcpy(&out->d, &bits, sizeof bits);
      break;
    }
    case PT_TAG_TENSOR: read_tensor(b, v, legacy_vec, val, &out->t); break;
    case PT_TAG_STRING: {
      size_t s = tfb_field_ref(b, val, 0);
      const char *text = "";
      if (s) {
        n = tfb_u32(b, s);
        if (!b->err && n <= b->n - s - 4) text = (const char *)b->p + s + 4;
        else n = 0;
      }
      out->len = n;
      out->str = xstrndup(text, n);
      break;
    }
    case PT_TAG_INT_LIST:
    case PT_TAG_BOOL_LIST:
    case PT_TAG_TENSOR_LIST:
    case PT_TAG_OPT_TENSOR_LIST: {
      size_t elem = out->tag == PT_TAG_INT_LIST ? 8 : out->tag == PT_TAG_BOOL_LIST ? 1 : 4;
      vec = tfb_field_vec(b, val, 0, elem, &n);
      out->len = n;
      out->items = xcalloc(n, sizeof *out->items);
      for (uint32_t i = 0; i < n; i++)
        out->items[i] = elem == 8   ? (int64_t)tfb_u64(b, vec + 8u * i)
                        : elem == 4 ? (int32_t)tfb_u32(b, vec + 4u * i)
                                    : tfb_u8(b, vec + i);
      break;
    }
    case PT_TAG_DOUBLE_LIST:
      vec = tfb_field_vec(b, val, 0, 8, &n);
      out->len = n;
      out->ditems = xcalloc(n, sizeof *out->ditems);
      for (uint32_t i = 0; i < n; i++) {
        uint64_t bits = tfb_u64(b, vec + 8u * i);
        memcpy(&out->ditems[i], &bits, sizeof bits);
      }
      break;
    default: break;
  }
}

static int32_t *read_i32s(tfb *b, size_t table, unsigned id, uint32_t *n) {
  size_t vec = tfb_field_vec(b, table, id, 4, n);
  int32_t *a = xcalloc(*n, sizeof *a);
  for (uint32_t i = 0; i < *n; i++) a[i] = (int32_t)tfb_u32(b, vec + 4u * i);
  return a;
}

static void read_method(tfb *b, const pv_program *v, size_t legacy_vec, size_t plan, pv_method *m) {
  uint32_t n = 0;
  const char *name = tfb_field_str(b, plan, PLAN_NAME, &n);
  m->name = xstrndup(name, n);

  size_t values = tfb_field_vec(b, plan, PLAN_VALUES, 4, &m->nvalues);
  m->values = xcalloc(m->nvalues, sizeof *m->values);
  for (uint32_t i = 0; i < m->nvalues && !b->err; i++)
    read_value(b, v, legacy_vec, tfb_vec_table(b, values, i), &m->values[i]);

  m->inputs = read_i32s(b, plan, PLAN_INPUTS, &m->ninputs);
  m->outputs = read_i32s(b, plan, PLAN_OUTPUTS, &m->noutputs);
  for (uint32_t i = 0; i < m->ninputs; i++)
    if (m->inputs[i] >= 0 && (uint32_t)m->inputs[i] < m->nvalues) m->values[m->inputs[i]].is_input = 1;
  for (uint32_t i = 0; i < m->noutputs; i++)
    if (m->outputs[i] >= 0 && (uint32_t)m->outputs[i] < m->nvalues) m->values[m->outputs[i]].is_output = 1;

  size_t ops = tfb_field_vec(b, plan, PLAN_OPERATORS, 4, &m->nops);
  m->ops = xcalloc(m->nops, sizeof *m->ops);
  for (uint32_t i = 0; i < m->nops && !b->err; i++) {
    size_t op = tfb_vec_table(b, ops, i);
    uint32_t nl = 0, ol = 0;
    const char *opname = tfb_field_str(b, op, 0, &nl);
    const char *overload = tfb_field_str(b, op, 1, &ol);
    m->ops[i] = xcalloc((size_t)nl + ol + 2, 1);
    memcpy(m->ops[i], opname, nl);
    if (ol) {
      m->ops[i][nl] = '.';
      memcpy(m->ops[i] + nl + 1, overload, ol);
    }
  }

  size_t chains = tfb_field_vec(b, plan, PLAN_CHAINS, 4, &m->nchains);
  uint32_t total = 0;
  for (uint32_t c = 0; c < m->nchains && !b->err; c++) {
    uint32_t ni = 0;
    tfb_field_vec(b, tfb_vec_table(b, chains, c), 2, 4, &ni);
    total += ni;
  }
  m->instr = xcalloc(total, sizeof *m->instr);
  for (uint32_t c = 0; c < m->nchains && !b->err; c++) {
    uint32_t ni = 0;
    size_t instrs = tfb_field_vec(b, tfb_vec_table(b, chains, c), 2, 4, &ni);
    for (uint32_t i = 0; i < ni && !b->err && m->ninstr < total; i++) {
      size_t in = tfb_vec_table(b, instrs, i);
      pv_instr *out = &m->instr[m->ninstr++];
      out->chain = c;
      out->kind = tfb_field_u8(b, in, 0, 0);
      size_t args = tfb_field_ref(b, in, 1);
      switch (out->kind) {
        case PV_KERNEL:
        case PV_DELEGATE:
          out->op = (int32_t)tfb_field_u32(b, args, 0, 0);
          out->args = read_i32s(b, args, 1, &out->nargs);
          break;
        case PV_MOVE:
        case PV_JUMP_FALSE:
          out->a = (int32_t)tfb_field_u32(b, args, 0, 0);
          out->b = (int32_t)tfb_field_u32(b, args, 1, 0);
          break;
        case PV_FREE: out->a = (int32_t)tfb_field_u32(b, args, 0, 0); break;
        default: break;
      }
    }
  }

  uint32_t nb = 0;
  size_t sizes = tfb_field_vec(b, plan, PLAN_BUFFER_SIZES, 8, &nb);
  m->nbuffers = nb > 0 ? nb - 1 : 0;
  m->buffer_sizes = xcalloc(m->nbuffers, sizeof *m->buffer_sizes);
  for (uint32_t i = 0; i < m->nbuffers; i++) m->buffer_sizes[i] = tfb_u64(b, sizes + 8u * (i + 1));
  tfb_field_vec(b, plan, PLAN_DELEGATES, 4, &m->ndelegates);
}

int pte_view_read(pv_program *v, const uint8_t *data, size_t size, char *err, size_t errlen) {
  memset(v, 0, sizeof *v);
  tfb b = {data, size, NULL};
  v->file_size = size;
  v->program_size = size;
  v->constant_segment = -1;
  if (size >= 32 && memcmp(data + 8, "eh00", 4) == 0) {
    v->has_ext_header = 1;
    v->header_bytes = tfb_u32(&b, 12);
    v->program_size = (size_t)tfb_u64(&b, 16);
    v->segment_base = (size_t)tfb_u64(&b, 24);
    if (v->header_bytes >= 32 && size >= 40) v->segment_data_size = (size_t)tfb_u64(&b, 32);
    if (v->program_size > size) v->program_size = size;
  }
  b.n = v->program_size; /* the flatbuffer must not reach into the segments */
  size_t root = tfb_u32(&b, 0);
  v->version = tfb_field_u32(&b, root, PROG_VERSION, 0);

  size_t segs = tfb_field_vec(&b, root, PROG_SEGMENTS, 4, &v->nsegments);
  v->seg_offsets = xcalloc(v->nsegments, sizeof *v->seg_offsets);
  v->seg_sizes = xcalloc(v->nsegments, sizeof *v->seg_sizes);
  for (uint32_t i = 0; i < v->nsegments && !b.err; i++) {
    size_t s = tfb_vec_table(&b, segs, i);
    v->seg_offsets[i] = tfb_field_u64(&b, s, 0, 0);
    v->seg_sizes[i] = tfb_field_u64(&b, s, 1, 0);
  }
  size_t cs = tfb_field_ref(&b, root, PROG_CONST_SEGMENT);
  if (cs) {
    uint32_t n = 0;
    v->constant_segment = (int)tfb_field_u32(&b, cs, 0, 0);
    size_t offs = tfb_field_vec(&b, cs, 1, 8, &n);
    v->nconst_offsets = n;
    v->const_offsets = xcalloc(n, sizeof *v->const_offsets);
    for (uint32_t i = 0; i < n; i++) v->const_offsets[i] = tfb_u64(&b, offs + 8u * i);
  }
  size_t legacy = tfb_field_vec(&b, root, PROG_CONST_BUFFER, 4, &v->nconst_buffers);

  size_t plans = tfb_field_vec(&b, root, PROG_PLANS, 4, &v->nmethods);
  v->methods = xcalloc(v->nmethods, sizeof *v->methods);
  for (uint32_t i = 0; i < v->nmethods && !b.err; i++)
    read_method(&b, v, legacy, tfb_vec_table(&b, plans, i), &v->methods[i]);
  if (b.err) {
    snprintf(err, errlen, "%s", b.err);
    return -1;
  }
  return 0;
}

void pte_view_free(pv_program *v) {
  for (uint32_t i = 0; i < v->nmethods; i++) {
    pv_method *m = &v->methods[i];
    for (uint32_t k = 0; k < m->nvalues; k++) {
      free(m->values[k].items);
      free(m->values[k].ditems);
      free(m->values[k].str);
    }
    for (uint32_t k = 0; k < m->nops; k++) free(m->ops[k]);
    for (uint32_t k = 0; k < m->ninstr; k++) free(m->instr[k].args);
    free(m->name);
    free(m->values);
    free(m->inputs);
    free(m->outputs);
    free(m->ops);
    free(m->instr);
    free(m->buffer_sizes);
  }
  free(v->methods);
  free(v->seg_offsets);
  free(v->seg_sizes);
  free(v->const_offsets);
  memset(v, 0, sizeof *v);
}

void pv_value_short(const pv_method *m, int32_t idx, char *buf, size_t len) {
  if (idx < 0 || (uint32_t)idx >= m->nvalues) {
    snprintf(buf, len, "?%d", (int)idx);
    return;
  }
  const pv_value *v = &m->values[idx];
  switch (v->tag) {
    case PT_TAG_NONE:
    case PT_TAG_NULL: snprintf(buf, len, "None"); break;
    case PT_TAG_INT: snprintf(buf, len, "%lld", (long long)v->i); break;
    case PT_TAG_BOOL: snprintf(buf, len, "%s", v->b ? "True" : "False"); break;
    case PT_TAG_DOUBLE: snprintf(buf, len, "%g", v->d); break;
    case PT_TAG_STRING: snprintf(buf, len, "\"%s\"", v->str); break;
    case PT_TAG_INT_LIST: {
      size_t at = (size_t)snprintf(buf, len, "[");
      for (uint32_t i = 0; i < v->len && at < len; i++) {
        int64_t it = v->items[i];
        const pv_value *e = it >= 0 && (uint64_t)it < m->nvalues ? &m->values[it] : NULL;
        if (e && e->tag == PT_TAG_INT)
          at += (size_t)snprintf(buf + at, len - at, "%s%lld", i ? ", " : "", (long long)e->i);
        else
          at += (size_t)snprintf(buf + at, len - at, "%s%%%lld", i ? ", " : "", (long long)it);
      }
      if (at < len) snprintf(buf + at, len - at, "]");
      break;
    }
    default: snprintf(buf, len, "%%%d", (int)idx); break;
  }
}

const char *pv_tensor_role(const pv_method *m, int32_t idx, char *buf, size_t len) {
  const pv_value *v = &m->values[idx];
  const char *kind = v->t.planned ? "planned" : v->t.data_buffer_idx > 0 ? "constant" : "unplanned";
  snprintf(buf, len, "%s%s%s", v->is_input ? "input, " : v->is_output ? "output, " : "",
           v->is_input && v->is_output ? "output, " : "", kind);
  return buf;
}
