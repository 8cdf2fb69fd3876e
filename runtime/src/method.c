/* Method sizing and init: place tensors, resolve operators once, bind every kernel. */
#include "mem.h"

#include "diag.h"
#include "pte.h"

#define TRY(x) do { pt_status s_ = (x); if (s_ != PT_OK) return s_; } while (0)
#define OP_NAME_MAX 128
#define SIZING_MAX_VALUES 40 /* values one instruction may reach (args + list items) while sizing */

static size_t round8(size_t n) { return (n + 7) & ~(size_t)7; }

/* tools/fit.c sizes 32-bit metadata with these figures: keep them in step. */
#if UINTPTR_MAX == 0xFFFFFFFFu && (defined(__GNUC__) || defined(__clang__))
_Static_assert(sizeof(pt_value) == 12 && sizeof(pt_tensor) == 20 && sizeof(pt_call) == 32,
               "32-bit metadata layout changed: update tools/fit.c");
#endif

typedef struct layout { size_t values, tensors, calls, total; } layout;

static layout metadata_layout(const pte_plan *plan) {
  layout l;
  l.values = 0;
  l.tensors = l.values + round8(plan->values.len * sizeof(pt_value));
  l.calls = l.tensors + round8(plan->ntensors * sizeof(pt_tensor));
  l.total = l.calls + round8(plan->ninstructions * sizeof(pt_call));
  return l;
}

/* Operator k's kernel, or NULL; its name, "name.overload" (or "name"), goes into buf for
 * messages, cut to fit OP_NAME_MAX (a cut name matches no kernel). */
static const pt_kernel *find_op(const pt_program *p, const pte_plan *plan, const pt_kernel_table *kt, uint32_t k,
                                char *buf, pt_diag *d, pt_status *s) {
  const char *part[2];
  uint32_t len[2];
  size_t n = 0, whole = 0;
  *s = pte_operator(p, plan, k, &part[0], &len[0], &part[1], &len[1], d);
  if (*s != PT_OK) return NULL;
  for (int i = 0; i < 2 && len[i]; i++) {
    if (i && whole++ < OP_NAME_MAX - 1) buf[n++] = '.';
    for (uint32_t c = 0; c < len[i]; c++, whole++)
      if (n < OP_NAME_MAX - 1) buf[n++] = part[i][c];
  }
  buf[n] = '\0';
  return n == whole ? pt_kernel_find(kt, buf, n) : NULL;
}

/* Names every operator the kernel table lacks, and the instructions using them, in one message. */
static pt_status check_operators(const pt_program *p, const pte_plan *plan, const pt_kernel_table *kt, pt_diag *d) {
  char buf[OP_NAME_MAX];
  pt_status s;
  uint32_t missing = 0;
  for (uint32_t k = 0; k < plan->operators.len; k++) {
    if (find_op(p, plan, kt, k, buf, d, &s) || s != PT_OK) { TRY(s); continue; }
    if (missing++ == 0) pt_fail(d, PT_ERR_MISSING_OPERATOR, "missing operators: %s", buf);
    else pt_diag_append(d, ", %s", buf);
  }
  if (!missing) return PT_OK;
  uint32_t listed = 0, n = 0;
  for (uint32_t c = 0; c < plan->chains.len; c++) {
    uint32_t len = 0;
    for (uint32_t j = 0; j == 0 || j < len; j++) {
      pte_instr in;
      pt_diag quiet;
      TRY(pte_instr_get(p, plan, c, j, &in, &len, &quiet));
      if (j >= len) break;
      if (in.kind == INSTR_KERNEL && !find_op(p, plan, kt, (uint32_t)in.a, buf, &quiet, &s))
        pt_diag_append(d, listed++ ? ", %u" : " (instructions %u", (unsigned)(n + j));
    }
    n += len;
  }
  if (listed) pt_diag_append(d, ")");
  return PT_ERR_MISSING_OPERATOR;
}

/* Runs one kernel's bind; a failure message is prefixed with the instruction and operator. */
static pt_status bind_kernel(const pt_kernel *k, const char *name, const pt_value *values, uint32_t nvalues,
                             const int32_t *args, uint32_t nargs, uint32_t instr, pt_call *prev, pt_bind *bd,
                             pt_diag *d) {
  pt_memset(bd, 0, sizeof *bd);
  bd->prev = prev;
  bd->values = values;
  bd->nvalues = nvalues;
  bd->args = args;
  bd->nargs = nargs;
  bd->op_name = name;
  bd->instruction = instr;
  bd->diag = d;
  bd->run = k->run;
  if (d) d->text[0] = '\0';
  pt_status s = k->bind ? k->bind(bd) : PT_OK;
  if (s == PT_OK && !bd->run) s = pt_fail(d, PT_ERR_BAD_ARGUMENTS, "kernel has no run function");
  if (s != PT_OK) {
    if (d && d->text[0] == '\0') pt_fail(d, s, "bind failed with %s", pt_status_name(s));
    if (d) d->status = s;
    pt_diag_prefix(d, "instruction %u (%s): ", (unsigned)instr, name);
  }
  return s;
}

/* While sizing, an instruction's values are decoded into a small local table, with its args
 * and list items renumbered into it, so that binds see ordinary values and nothing is written. */
typedef struct window {
  pt_value v[SIZING_MAX_VALUES];
  pt_tensor t[SIZING_MAX_VALUES];
  int32_t global[SIZING_MAX_VALUES];
  int32_t args[SIZING_MAX_VALUES];
  int64_t items[SIZING_MAX_VALUES]; /* renumbered list items, int64 or int32 as in the program */
  uint32_t nv, nt, nitems;
} window;

static pt_status window_add(window *z, const pt_program *p, const pte_plan *plan, int64_t g, int32_t *local,
                            uint32_t instr, pt_diag *d) {
  for (uint32_t k = 0; k < z->nv; k++)
    if (z->global[k] == g) { *local = (int32_t)k; return PT_OK; }
  if (z->nv == SIZING_MAX_VALUES)
    return pt_fail(d, PT_ERR_UNSUPPORTED, "instruction %u reaches more than %u values", (unsigned)instr, SIZING_MAX_VALUES);
  uint32_t s = z->nv++;
  z->global[s] = (int32_t)g;
  *local = (int32_t)s;
  TRY(pte_value(p, plan, (uint32_t)g, &z->v[s], &z->t[z->nt], NULL, d));
  if (z->v[s].tag == PT_TAG_TENSOR) {
    z->t[z->nt].data = NULL;
    z->nt++;
  }
  return PT_OK;
}

/* Binds kernel instruction `in` against a window of its own values (the sizing pass). Kept out
 * of line so that only pt_method_needs' stack holds the window. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static pt_status bind_in_window(const pt_program *p, const pte_plan *plan, const pt_kernel *k, const char *name,
                                const pte_instr *in, uint32_t instr, pt_bind *bd, pt_diag *d) {
  window z;
  z.nv = z.nt = z.nitems = 0;
  if (in->nargs > SIZING_MAX_VALUES)
    return pt_fail(d, PT_ERR_UNSUPPORTED, "instruction %u has more than %u arguments", (unsigned)instr, SIZING_MAX_VALUES);
  for (uint32_t a = 0; a < in->nargs; a++) TRY(window_add(&z, p, plan, in->args[a], &z.args[a], instr, d));
  /* list items name values too: add them, and point the lists at renumbered copies */
  for (uint32_t s = 0; s < z.nv; s++) {
    pt_value *v = &z.v[s];
    uint32_t n = v->u.list.len;
    bool ints = v->tag == PT_TAG_INT_LIST;
    if (!ints && v->tag != PT_TAG_TENSOR_LIST && v->tag != PT_TAG_OPT_TENSOR_LIST) continue;
    uint32_t size = ints ? 8 : 4;
    z.nitems = (z.nitems + size - 1) & ~(size - 1); /* aligned as in the program */
    if (n > (sizeof z.items - z.nitems) / size)
      return pt_fail(d, PT_ERR_UNSUPPORTED, "instruction %u: lists too long to size", (unsigned)instr);
    const uint8_t *items = v->u.list.items;
    uint8_t *out = (uint8_t *)z.items + z.nitems;
    for (uint32_t i = 0; i < n; i++) {
      int64_t g = ints ? (int64_t)pt_fb_rd64(items + 8 * i) : (int32_t)pt_fb_rd32(items + 4 * i);
      int32_t l = -1;
      if (g != -1 || ints) TRY(window_add(&z, p, plan, g, &l, instr, d));
      int64_t l64 = l;
      if (ints) pt_memcpy(out + 8 * i, &l64, 8);
      else pt_memcpy(out + 4 * i, &l, 4);
    }
    z.nitems += n * size;
    v->u.list.items = out;
  }
  return bind_kernel(k, name, z.v, z.nv, z.args, in->nargs, instr, NULL, bd, d);
}

/* Kernels may fuse with the call before them (pt_bind.prev) only where no jump can land
 * between the two: in methods without jumps. */
static pt_status has_jumps(const pt_program *p, const pte_plan *plan, bool *jumps, pt_diag *d) {
  *jumps = false;
  for (uint32_t c = 0; c < plan->chains.len; c++) {
    uint32_t len = 0;
    for (uint32_t j = 0; j == 0 || j < len; j++) {
      pte_instr in;
      TRY(pte_instr_get(p, plan, c, j, &in, &len, d));
      if (j < len && in.kind == INSTR_JUMP_FALSE) *jumps = true;
    }
  }
  return PT_OK;
}

/* Binds every instruction against the method's value table, one call each, and returns the
 * largest scratch a kernel asked for. Jump conditions and moves were checked by pte_plan_verify. */
static pt_status bind_calls(pt_method *m, const pt_program *p, const pte_plan *plan, const pt_kernel_table *kt,
                            void *scratch_mem, size_t *scratch, pt_diag *d) {
  uint32_t n = 0;
  bool jumps;
  *scratch = 0;
  TRY(has_jumps(p, plan, &jumps, d));
  m->nchains = plan->chains.len;
  for (uint32_t c = 0; c < plan->chains.len; c++) {
    uint32_t len = 0;
    m->chain_starts[c] = n;
    for (uint32_t j = 0; j == 0 || j < len; j++) {
      pte_instr in;
      TRY(pte_instr_get(p, plan, c, j, &in, &len, d));
      if (j >= len) break;
      pt_call *call = &m->calls[n + j];
      pt_memset(call, 0, sizeof *call);
      call->scratch = scratch_mem;
      if (in.kind == INSTR_KERNEL) {
        char name[OP_NAME_MAX];
        pt_status s;
        pt_bind bd;
        /* looked up again here rather than kept in metadata: check_operators found them all */
        const pt_kernel *k = find_op(p, plan, kt, (uint32_t)in.a, name, d, &s);
        TRY(s);
        pt_call *prev = j && !jumps && call[-1].args ? &call[-1] : NULL;
        TRY(bind_kernel(k, name, m->values, m->nvalues, in.args, in.nargs, n + j, prev, &bd, d));
        call->run = bd.run;
        call->args = in.args;
        call->nargs = in.nargs;
        pt_memcpy(call->state, bd.state, sizeof call->state);
        if (bd.scratch_bytes > *scratch) *scratch = bd.scratch_bytes;
      } else if (in.kind == INSTR_MOVE) {
        call->run = pte_run_move;
        call->state[0] = (uint32_t)in.a;
        call->state[1] = (uint32_t)in.b;
      } else if (in.kind == INSTR_JUMP_FALSE) {
        call->run = pte_run_jump_false;
        call->state[0] = n + (uint32_t)in.b;
        call->state[1] = (uint32_t)in.a;
      } else {
        call->run = pte_run_free;
      }
    }
    n += len;
  }
  m->chain_starts[plan->chains.len] = n;
  return PT_OK;
}

/* The method's plan, verified, with every operator it names in the kernel table. */
static pt_status open_plan(const pt_program *p, const char *method, const pt_kernel_table *kernels, pte_plan *plan,
                           pt_diag *d) {
  TRY(pte_plan_find(p, method, plan, d));
  TRY(pte_plan_verify(p, plan, d));
  return check_operators(p, plan, kernels, d);
}

pt_status pt_method_needs(const pt_program *p, const char *method, const pt_kernel_table *kernels,
                          pt_method_plan *out, pt_diag *d) {
  pte_plan plan;
  pt_method_plan r;
  if (!out || !kernels) return pt_fail(d, PT_ERR_INVALID_ARGUMENT, "NULL kernel table or output");
  TRY(open_plan(p, method, kernels, &plan, d));
  pt_memset(&r, 0, sizeof r);
  uint32_t n = 0;
  for (uint32_t c = 0; c < plan.chains.len; c++) {
    uint32_t len = 0;
    for (uint32_t j = 0; j == 0 || j < len; j++) {
      pte_instr in;
      TRY(pte_instr_get(p, &plan, c, j, &in, &len, d));
      if (j >= len) break;
      if (in.kind != INSTR_KERNEL) continue;
      char name[OP_NAME_MAX];
      pt_status s;
      pt_bind bd;
      const pt_kernel *k = find_op(p, &plan, kernels, (uint32_t)in.a, name, d, &s);
      TRY(s);
      TRY(bind_in_window(p, &plan, k, name, &in, n + j, &bd, d));
      if (bd.scratch_bytes > r.scratch_bytes) r.scratch_bytes = bd.scratch_bytes;
    }
    n += len;
  }
  r.metadata_bytes = metadata_layout(&plan).total;
  r.nbuffers = plan.buffer_sizes.len ? plan.buffer_sizes.len - 1 : 0;
  for (uint32_t k = 0; k < r.nbuffers; k++)
    r.buffer_bytes[k] = (size_t)pt_fb_rd64(p->data + plan.buffer_sizes.pos + 8u * (k + 1));
  r.nvalues = plan.values.len;
  r.ntensors = plan.ntensors;
  r.ninstructions = plan.ninstructions;
  r.ninputs = plan.inputs.len;
  r.noutputs = plan.outputs.len;
  *out = r;
  return PT_OK;
}

static pt_status check_memory(const pte_plan *plan, const layout *l, const pt_memory *mem, pt_diag *d) {
  if (!mem || (!mem->metadata && l->total))
    return pt_fail(d, PT_ERR_INVALID_ARGUMENT, "no metadata memory (%zu bytes needed)", l->total);
  if ((uintptr_t)mem->metadata % 8 != 0) return pt_fail(d, PT_ERR_MISALIGNED, "metadata memory is not 8-byte aligned");
  if (mem->metadata_size < l->total)
    return pt_fail(d, PT_ERR_BUFFER_TOO_SMALL, "metadata memory is %zu bytes, %zu needed", mem->metadata_size, l->total);
  uint32_t nb = plan->buffer_sizes.len ? plan->buffer_sizes.len - 1 : 0;
  if (mem->nbuffers < nb)
    return pt_fail(d, PT_ERR_BUFFER_TOO_SMALL, "%u planned buffers given, %u needed", (unsigned)mem->nbuffers, (unsigned)nb);
  return PT_OK;
}

static pt_status check_buffer(const pt_memory *mem, uint32_t k, uint64_t need, pt_diag *d) {
  if (need && !mem->buffers[k]) return pt_fail(d, PT_ERR_INVALID_ARGUMENT, "planned buffer %u is NULL", (unsigned)k);
  if ((uintptr_t)mem->buffers[k] % 16 != 0)
    return pt_fail(d, PT_ERR_MISALIGNED, "planned buffer %u is not 16-byte aligned", (unsigned)k);
  if (mem->buffer_sizes[k] < need)
    return pt_fail(d, PT_ERR_BUFFER_TOO_SMALL, "planned buffer %u is %zu bytes, %llu needed", (unsigned)k,
                   mem->buffer_sizes[k], (unsigned long long)need);
  return PT_OK;
}

static pt_status init_values(pt_method *m, const pt_program *p, const pte_plan *plan, pt_tensor *tensors,
                             const pt_memory *mem, pt_diag *d) {
  uint32_t nt = 0;
  for (uint32_t i = 0; i < plan->values.len; i++) {
    pte_tensor_loc loc;
    TRY(pte_value(p, plan, i, &m->values[i], &tensors[nt], &loc, d));
    if (m->values[i].tag != PT_TAG_TENSOR) continue;
    pt_tensor *t = &tensors[nt++];
    if (loc.where == PTE_PLANNED) {
      t->data = (uint8_t *)mem->buffers[loc.memory_id] + loc.offset;
      if (loc.data) pt_memcpy(t->data, loc.data, pt_tensor_nbytes(t));
    }
  }
  return PT_OK;
}

pt_status pt_method_init(pt_method *m, const pt_program *p, const char *method, const pt_kernel_table *kernels,
                         const pt_memory *mem, pt_diag *d) {
  pte_plan plan;
  if (!m || !kernels) return pt_fail(d, PT_ERR_INVALID_ARGUMENT, "NULL method or kernel table");
  pt_memset(m, 0, sizeof *m);
  TRY(open_plan(p, method, kernels, &plan, d));
  layout l = metadata_layout(&plan);
  TRY(check_memory(&plan, &l, mem, d));
  for (uint32_t k = 0; k + 1 < plan.buffer_sizes.len; k++)
    TRY(check_buffer(mem, k, pt_fb_rd64(p->data + plan.buffer_sizes.pos + 8u * (k + 1)), d));

  uint8_t *meta = mem->metadata;
  m->program = p;
  m->plan = plan.t.pos;
  m->values = (pt_value *)(void *)(meta + l.values);
  m->nvalues = plan.values.len;
  m->calls = (pt_call *)(void *)(meta + l.calls);
  m->ncalls = plan.ninstructions;
  m->inputs = (const int32_t *)(const void *)(p->data + plan.inputs.pos);
  m->ninputs = plan.inputs.len;
  m->outputs = (const int32_t *)(const void *)(p->data + plan.outputs.pos);
  m->noutputs = plan.outputs.len;
  TRY(init_values(m, p, &plan, (pt_tensor *)(void *)(meta + l.tensors), mem, d));
  size_t scratch;
  TRY(bind_calls(m, p, &plan, kernels, mem->scratch, &scratch, d));
  if (scratch && (!mem->scratch || mem->scratch_size < scratch))
    return pt_fail(d, PT_ERR_BUFFER_TOO_SMALL, "scratch memory is %zu bytes, %zu needed",
                   mem->scratch ? mem->scratch_size : (size_t)0, scratch);
  return PT_OK;
}

static pt_status input_tensor(pt_method *m, uint32_t i, pt_tensor **t, pt_diag *d) {
  if (!m || !m->values) return pt_fail(d, PT_ERR_INVALID_ARGUMENT, "method not initialized");
  if (i >= m->ninputs)
    return pt_fail(d, PT_ERR_BAD_INPUT, "input %u does not exist (the method has %u)", (unsigned)i, (unsigned)m->ninputs);
  pt_value *v = &m->values[m->inputs[i]];
  if (v->tag != PT_TAG_TENSOR) return pt_fail(d, PT_ERR_BAD_INPUT, "input %u is not a tensor", (unsigned)i);
  *t = v->u.t;
  return PT_OK;
}

pt_status pt_method_set_input(pt_method *m, uint32_t i, const void *data, size_t nbytes, pt_diag *d) {
  pt_tensor *t = NULL; /* set when input_tensor succeeds; NULL quiets -O3 and NO_MESSAGES builds */
  TRY(input_tensor(m, i, &t, d));
  if (!data && nbytes) return pt_fail(d, PT_ERR_INVALID_ARGUMENT, "input %u: NULL data", (unsigned)i);
  if (nbytes != pt_tensor_nbytes(t))
    return pt_fail(d, PT_ERR_BAD_INPUT, "input %u: %zu bytes given, the tensor (%s, %u elements) has %u",
                   (unsigned)i, nbytes, pt_dtype_name(t->dtype), (unsigned)t->numel, (unsigned)pt_tensor_nbytes(t));
  if (!t->data || t->is_constant)
    return pt_fail(d, PT_ERR_BAD_INPUT, "input %u is not planned: point it at your memory with pt_method_bind_input",
                   (unsigned)i);
  if (nbytes) pt_memcpy(t->data, data, nbytes);
  return PT_OK;
}

pt_status pt_method_bind_input(pt_method *m, uint32_t i, void *data, size_t nbytes, pt_diag *d) {
  pt_tensor *t = NULL;
  pte_plan plan;
  pte_tensor_loc loc;
  pt_value v;
  pt_tensor tmp;
  TRY(input_tensor(m, i, &t, d));
  TRY(pte_plan_at(m->program, m->plan, &plan, d));
  TRY(pte_value(m->program, &plan, (uint32_t)m->inputs[i], &v, &tmp, &loc, d));
  if (loc.where != PTE_UNPLANNED)
    return pt_fail(d, PT_ERR_BAD_INPUT, "input %u is planned: copy into it with pt_method_set_input", (unsigned)i);
  if (!data) return pt_fail(d, PT_ERR_INVALID_ARGUMENT, "input %u: NULL data", (unsigned)i);
  if (nbytes != pt_tensor_nbytes(t))
    return pt_fail(d, PT_ERR_BAD_INPUT, "input %u: %zu bytes given, the tensor (%s, %u elements) has %u",
                   (unsigned)i, nbytes, pt_dtype_name(t->dtype), (unsigned)t->numel, (unsigned)pt_tensor_nbytes(t));
  size_t align = pt_dtype_size(t->dtype);
  if ((uintptr_t)data % (align > 8 ? 8 : align) != 0)
    return pt_fail(d, PT_ERR_MISALIGNED, "input %u: data not aligned to %zu bytes", (unsigned)i, align);
  t->data = data;
  return PT_OK;
}

const pt_value *pt_method_input(const pt_method *m, uint32_t i) {
  return m && m->values && i < m->ninputs ? &m->values[m->inputs[i]] : NULL;
}

const pt_value *pt_method_output(const pt_method *m, uint32_t i) {
  return m && m->values && i < m->noutputs ? &m->values[m->outputs[i]] : NULL;
}
