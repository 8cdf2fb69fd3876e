/* Method sizing and init: place tensors, resolve operators once, bind every call once. */
#include "mem.h"

#include "diag.h"
#include "pte.h"

#define TRY(x) do { pt_status s_ = (x); if (s_ != PT_OK) return s_; } while (0)

static size_t round8(size_t n) { return n > SIZE_MAX - 7u ? SIZE_MAX : (n + 7u) & ~(size_t)7u; }

/* a * b, or SIZE_MAX when it does not fit a size_t (32-bit hosts). */
static size_t mul_sat(size_t a, size_t b) { return b && a > SIZE_MAX / b ? SIZE_MAX : a * b; }
static size_t add_sat(size_t a, size_t b) { return a > SIZE_MAX - b ? SIZE_MAX : a + b; }

#if UINTPTR_MAX == 0xFFFFFFFFu && (defined(__GNUC__) || defined(__clang__))
_Static_assert(sizeof(pt_value) == PT_LAYOUT32_VALUE && sizeof(pt_tensor) == PT_LAYOUT32_TENSOR &&
               sizeof(pt_call) == PT_LAYOUT32_CALL, "32-bit metadata layout changed: update PT_LAYOUT32_*");
#endif

typedef struct layout { size_t values, tensors, calls, total; } layout;

static layout layout_of(uint32_t nv, uint32_t nt, uint32_t nc, size_t vs, size_t ts, size_t cs) {
  layout l;
  l.values = 0;
  l.tensors = round8(mul_sat(nv, vs));
  l.calls = add_sat(l.tensors, round8(mul_sat(nt, ts)));
  l.total = add_sat(l.calls, round8(mul_sat(nc, cs)));
  return l;
}

size_t pt_metadata_table_bytes(uint32_t nvalues, uint32_t ntensors, uint32_t ncalls, size_t value_size,
                               size_t tensor_size, size_t call_size) {
  return layout_of(nvalues, ntensors, ncalls, value_size, tensor_size, call_size).total;
}

static layout metadata_layout(const pte_plan *plan) {
  return layout_of(plan->values.len, plan->ntensors, plan->ninstructions, sizeof(pt_value), sizeof(pt_tensor),
                   sizeof(pt_call));
}

/* Whether `name` is "part0.part1" (or "part0" when the overload is empty). */
static bool name_is(const char *name, const char *const part[2], const uint32_t len[2]) {
  size_t n = 0;
  for (int i = 0; i < 2 && (i == 0 || len[1]); i++) {
    if (i && name[n++] != '.') return false;
    for (uint32_t c = 0; c < len[i]; c++, n++)
      if (name[n] == '\0' || name[n] != part[i][c]) return false; /* (a file's name may hold a NUL) */
  }
  return name[n] == '\0';
}

/* Operator k's kernel, or NULL; its name's two parts into part/len (for messages). */
static const pt_kernel *find_op(const pt_program *p, const pte_plan *plan, const pt_kernel_table *kt, uint32_t k,
                                const char *part[2], uint32_t len[2], pt_diag *d, pt_status *s) {
  *s = pte_operator(p, plan, k, &part[0], &len[0], &part[1], &len[1], d);
  if (*s != PT_OK) return NULL;
  for (uint32_t i = 0; i < kt->count; i++) {
    const pt_kernel *kn = kt->kernels[i];
    if (kn && kn->name && name_is(kn->name, part, len)) return kn;
  }
  return NULL;
}

/* Names every operator the kernel table lacks, and the instructions using them, in one message. */
static pt_status check_operators(const pt_program *p, const pte_plan *plan, const pt_kernel_table *kt, pt_diag *d) {
  const char *part[2];
  uint32_t len[2];
  pt_status s;
  uint32_t missing = 0;
  for (uint32_t k = 0; k < plan->operators.len; k++) {
    if (find_op(p, plan, kt, k, part, len, d, &s) || s != PT_OK) { TRY(s); continue; }
    if (missing++ == 0) pt_fail(d, PT_ERR_MISSING_OPERATOR, "missing operators: ");
    else pt_diag_append(d, ", ");
    pt_diag_append(d, "%.*s%s%.*s", (int)len[0], part[0], len[1] ? "." : "", (int)len[1], part[1]);
  }
  if (!missing) return PT_OK;
  uint32_t listed = 0, n = 0;
  for (uint32_t c = 0; c < plan->chains.len; c++) {
    uint32_t clen = 0;
    for (uint32_t j = 0; j == 0 || j < clen; j++) {
      pte_instr in;
      TRY(pte_instr_get(p, plan, c, j, &in, &clen, NULL)); /* verified at load */
      if (j >= clen) break;
      if (in.kind == INSTR_KERNEL && !find_op(p, plan, kt, (uint32_t)in.a, part, len, NULL, &s))
        pt_diag_append(d, listed++ ? ", %u" : " (instructions %u", (unsigned)(n + j));
    }
    n += clen;
  }
  if (listed) pt_diag_append(d, ")");
  return PT_ERR_MISSING_OPERATOR;
}

/* One pass over a method that decodes its values into `values`/`tensors` and binds every
 * call into `calls`: pt_method_needs runs it to size (no memory for data or state), and
 * pt_method_init to build the method (planned data placed, persistent state carved after the
 * tables, prepare steps run). */
typedef struct binder {
  const pt_program *p;
  pte_plan plan;
  const pt_kernel_table *kt;
  pt_value *values;
  pt_tensor *tensors;
  pt_call *calls;
  const pt_memory *mem;   /* NULL while sizing */
  uint8_t *state;         /* the persistent region: metadata after the tables */
  size_t state_room;
  size_t persistent;      /* bytes the calls declared */
  size_t scratch;         /* largest scratch a call declared */
  bool jumps;             /* a method with jumps fuses nothing: a jump could land between two calls */
  pt_diag *d;
} binder;

/* Decodes every value; at init, places planned tensors and copies their initial values. */
static pt_status place_values(binder *z) {
  uint32_t nt = 0;
  for (uint32_t i = 0; i < z->plan.values.len; i++) {
    pte_tensor_loc loc;
    TRY(pte_value(z->p, &z->plan, i, &z->values[i], &z->tensors[nt], &loc, z->d));
    if (z->values[i].tag != PT_TAG_TENSOR) continue;
    pt_tensor *t = &z->tensors[nt++];
    if (loc.where == PTE_PLANNED && z->mem) {
      t->data = (uint8_t *)z->mem->buffers[loc.memory_id] + loc.offset;
      if (loc.data) pt_memcpy(t->data, loc.data, pt_tensor_nbytes(t));
    }
  }
  return PT_OK;
}

/* `bytes` of persistent state for the call being bound: the next 8-aligned piece of the
 * region while it lasts (NULL once it is short, or while sizing). */
static void *state_cursor(binder *z, size_t *room) {
  size_t used = z->persistent;
  *room = z->state && used <= z->state_room ? z->state_room - used : 0;
  return *room ? z->state + used : NULL;
}

static pt_status take_state(binder *z, pt_call *call, size_t bytes) {
  size_t room;
  void *at = state_cursor(z, &room);
  bytes = round8(bytes);
  call->state = bytes && bytes <= room ? at : NULL;
  z->persistent = add_sat(z->persistent, bytes);
  return PT_OK;
}

/* Runs one kernel's bind; a failure message is prefixed with the instruction and operator. */
static pt_status bind_kernel(binder *z, const pt_kernel *k, const pte_instr *in, const pte_instr *next,
                             uint32_t instr, pt_call *call, bool *claims_next) {
  const char *name = k->name; /* the program's name for it: find_op matched them */
  pt_bind bd;
  pt_diag *d = z->d;
  pt_memset(&bd, 0, sizeof bd);
  bd.values = z->values;
  bd.nvalues = z->plan.values.len;
  bd.args = in->args;
  bd.nargs = in->nargs;
  bd.op_name = name;
  bd.instruction = instr;
  bd.diag = d;
  bd.run = k->run;
  if (next) {
    bd.next_args = next->args;
    bd.next_nargs = next->nargs;
  }
  bd.state = state_cursor(z, &bd.state_room);
  if (d) d->text[0] = '\0';
  pt_status s = k->bind ? k->bind(&bd) : PT_OK;
  if (s == PT_OK && !bd.run) s = pt_fail(d, PT_ERR_BAD_ARGUMENTS, "kernel has no run function");
  if (s == PT_OK && bd.claims_next && !next)
    s = pt_fail(d, PT_ERR_BAD_ARGUMENTS, "kernel claimed a call it was not offered");
  if (s != PT_OK) {
    if (d && d->text[0] == '\0') pt_fail(d, s, "bind failed with %s", pt_status_name(s));
    if (d) d->status = s;
    pt_diag_prefix(d, "instruction %u (%s): ", (unsigned)instr, name);
    return s;
  }
  call->run = bd.run;
  call->args = in->args;
  call->nargs = in->nargs;
  /* the bind wrote its state at bd.state when there was room: that is where it stays */
  size_t bytes = round8(bd.persistent_bytes);
  call->state = bytes && bytes <= bd.state_room ? bd.state : NULL;
  z->persistent = add_sat(z->persistent, bytes);
  if (bd.scratch_bytes > z->scratch) z->scratch = bd.scratch_bytes;
  *claims_next = bd.claims_next;
  if (z->mem && bd.prepare && (call->state || !bytes)) {
    pt_ctx x = { z->values, NULL, 0, 1 };
    s = bd.prepare(&x, call);
    if (s != PT_OK) {
      if (d && d->text[0] == '\0') pt_fail(d, s, "prepare failed with %s", pt_status_name(s));
      pt_diag_prefix(d, "instruction %u (%s): ", (unsigned)instr, name);
      return s;
    }
  }
  return PT_OK;
}

/* A claimed call was computed by the call before it. */
static pt_status run_nothing(const pt_ctx *x, const pt_call *call) {
  (void)x;
  (void)call;
  return PT_OK;
}

/* Move, JumpFalse and Free: the runtime's own calls, their operands in 8 bytes of state. */
static pt_status bind_builtin(binder *z, const pte_instr *in, uint32_t chain_start, pt_call *call) {
  call->args = NULL;
  call->nargs = 0;
  if (in->kind == INSTR_FREE) {
    call->run = pte_run_free;
    call->state = NULL;
    return PT_OK;
  }
  call->run = in->kind == INSTR_MOVE ? pte_run_move : pte_run_jump_false;
  TRY(take_state(z, call, 2 * sizeof(uint32_t)));
  if (call->state) {
    uint32_t *st = call->state;
    /* move: from, to; jump: absolute destination, condition */
    st[0] = in->kind == INSTR_MOVE ? (uint32_t)in->a : chain_start + (uint32_t)in->b;
    st[1] = in->kind == INSTR_MOVE ? (uint32_t)in->b : (uint32_t)in->a;
  }
  return PT_OK;
}

static pt_status has_jumps(binder *z) {
  z->jumps = false;
  for (uint32_t c = 0; c < z->plan.chains.len; c++) {
    uint32_t len = 0;
    for (uint32_t j = 0; j == 0 || j < len; j++) {
      pte_instr in;
      TRY(pte_instr_get(z->p, &z->plan, c, j, &in, &len, z->d));
      if (j < len && in.kind == INSTR_JUMP_FALSE) z->jumps = true;
    }
  }
  return PT_OK;
}

/* The call after instruction j of chain c, offered (*next) to a kernel that declares it fuses
 * it; NULL otherwise. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline)) /* its locals stay out of bind_calls' frame, which a bind runs on */
#endif
static pt_status fusable_next(binder *z, const pt_kernel *k, uint32_t c, uint32_t j, uint32_t len,
                              const pte_instr **next, pte_instr *slot) {
  *next = NULL;
  if (!k->fuses_next || z->jumps || j + 1 >= len) return PT_OK;
  uint32_t n, plen[2];
  const char *part[2];
  TRY(pte_instr_get(z->p, &z->plan, c, j + 1, slot, &n, z->d));
  if (slot->kind != INSTR_KERNEL) return PT_OK;
  TRY(pte_operator(z->p, &z->plan, (uint32_t)slot->a, &part[0], &plen[0], &part[1], &plen[1], z->d));
  if (name_is(k->fuses_next, part, plen)) *next = slot;
  return PT_OK;
}

/* Binds every instruction, in order, one call each. */
static pt_status bind_calls(binder *z) {
  uint32_t n = 0;
  bool claimed = false;
  TRY(has_jumps(z));
  for (uint32_t c = 0; c < z->plan.chains.len; c++) {
    uint32_t len = 0;
    for (uint32_t j = 0; j == 0 || j < len; j++) {
      pte_instr in;
      TRY(pte_instr_get(z->p, &z->plan, c, j, &in, &len, z->d));
      if (j >= len) break;
      pt_call *call = &z->calls[n + j];
      pt_memset(call, 0, sizeof *call);
      if (in.kind != INSTR_KERNEL) {
        TRY(bind_builtin(z, &in, n, call));
        claimed = false;
        continue;
      }
      const char *part[2];
      uint32_t plen[2];
      pt_status s;
      /* looked up again here rather than kept in metadata: check_operators found them all */
      const pt_kernel *k = find_op(z->p, &z->plan, z->kt, (uint32_t)in.a, part, plen, z->d, &s);
      TRY(s);
      pte_instr slot;
      const pte_instr *next;
      bool claims;
      TRY(fusable_next(z, k, c, j, len, &next, &slot));
      TRY(bind_kernel(z, k, &in, claimed ? NULL : next, n + j, call, &claims));
      if (claimed) call->run = run_nothing;
      claimed = claims;
    }
    n += len;
  }
  return PT_OK;
}

/* The method's plan, with every operator it names in the kernel table. pt_program_load
 * verified the plan: this only finds it and counts its tensors and instructions. */
static pt_status open_plan(const pt_program *p, const char *method, const pt_kernel_table *kernels, pte_plan *plan,
                           pt_diag *d) {
  TRY(pte_plan_find(p, method, plan, d));
  TRY(pte_plan_count(p, plan, d));
  return check_operators(p, plan, kernels, d);
}

static void fill_pure(const pt_program *p, const pte_plan *plan, pt_method_plan *r) {
  pt_memset(r, 0, sizeof *r);
  r->table_bytes = metadata_layout(plan).total;
  r->metadata_bytes = r->table_bytes;
  r->nbuffers = plan->buffer_sizes.len ? plan->buffer_sizes.len - 1 : 0;
  for (uint32_t k = 0; k < r->nbuffers; k++)
    r->buffer_bytes[k] = (size_t)pt_fb_rd64(p->data + plan->buffer_sizes.pos + 8u * (k + 1));
  r->nvalues = plan->values.len;
  r->ntensors = plan->ntensors;
  r->ninstructions = plan->ninstructions;
  r->ninputs = plan->inputs.len;
  r->noutputs = plan->outputs.len;
}

static void binder_start(binder *z, const pt_program *p, const pt_kernel_table *kt, uint8_t *meta, const layout *l,
                         pt_diag *d) {
  z->p = p;
  z->kt = kt;
  z->values = (pt_value *)(void *)(meta + l->values);
  z->tensors = (pt_tensor *)(void *)(meta + l->tensors);
  z->calls = (pt_call *)(void *)(meta + l->calls);
  z->mem = NULL;
  z->state = NULL;
  z->state_room = 0;
  z->persistent = z->scratch = 0;
  z->d = d;
}

pt_status pt_method_needs(const pt_program *p, const char *method, const pt_kernel_table *kernels,
                          pt_method_plan *out, void *work, size_t work_size, pt_diag *d) {
  binder z;
  if (!out || !kernels) return pt_fail(d, PT_ERR_INVALID_ARGUMENT, "NULL kernel table or output");
  TRY(open_plan(p, method, kernels, &z.plan, d));
  pt_method_plan *r = out; /* filled in place: a second plan would double this frame */
  fill_pure(p, &z.plan, r);
  if (work) {
    layout l = metadata_layout(&z.plan);
    if ((uintptr_t)work % 8 != 0) return pt_fail(d, PT_ERR_MISALIGNED, "work area is not 8-byte aligned");
    if (work_size < l.total)
      return pt_fail(d, PT_ERR_BUFFER_TOO_SMALL, "work area is %zu bytes, sizing needs %zu (the method's tables)",
                     work_size, l.total);
    binder_start(&z, p, kernels, work, &l, d);
    TRY(place_values(&z));
    TRY(bind_calls(&z));
    r->bound = true;
    r->persistent_bytes = z.persistent;
    r->metadata_bytes = add_sat(l.total, z.persistent);
    r->scratch_bytes = z.scratch;
  }
  return PT_OK;
}

static pt_status check_memory(const pte_plan *plan, const layout *l, const pt_memory *mem, pt_diag *d) {
  if (!mem || (!mem->metadata && l->total))
    return pt_fail(d, PT_ERR_INVALID_ARGUMENT, "no metadata memory (%zu bytes needed)", l->total);
  if ((uintptr_t)mem->metadata % 8 != 0) return pt_fail(d, PT_ERR_MISALIGNED, "metadata memory is not 8-byte aligned");
  if (mem->metadata_size < l->total)
    return pt_fail(d, PT_ERR_BUFFER_TOO_SMALL, "metadata memory is %zu bytes, %zu needed for the tables alone",
                   mem->metadata_size, l->total);
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

pt_status pt_method_init(pt_method *m, const pt_program *p, const char *method, const pt_kernel_table *kernels,
                         const pt_memory *mem, pt_diag *d) {
  binder z;
  if (!m || !kernels) return pt_fail(d, PT_ERR_INVALID_ARGUMENT, "NULL method or kernel table");
  pt_memset(m, 0, sizeof *m);
  TRY(open_plan(p, method, kernels, &z.plan, d));
  layout l = metadata_layout(&z.plan);
  TRY(check_memory(&z.plan, &l, mem, d));
  for (uint32_t k = 0; k + 1 < z.plan.buffer_sizes.len; k++)
    TRY(check_buffer(mem, k, pt_fb_rd64(p->data + z.plan.buffer_sizes.pos + 8u * (k + 1)), d));

  uint8_t *meta = mem->metadata;
  binder_start(&z, p, kernels, meta, &l, d);
  z.mem = mem;
  z.state = meta + l.total;
  z.state_room = mem->metadata_size - l.total;
  TRY(place_values(&z));
  TRY(bind_calls(&z));
  if (z.persistent > z.state_room)
    return pt_fail(d, PT_ERR_BUFFER_TOO_SMALL, "metadata memory is %zu bytes, %zu needed (tables %zu + the kernels' "
                   "persistent state %zu)", mem->metadata_size, add_sat(l.total, z.persistent), l.total, z.persistent);
  if (z.scratch && (!mem->scratch || mem->scratch_size < z.scratch))
    return pt_fail(d, PT_ERR_BUFFER_TOO_SMALL, "scratch memory is %zu bytes, %zu needed",
                   mem->scratch ? mem->scratch_size : (size_t)0, z.scratch);
  m->program = p;
  m->plan = z.plan.t.pos;
  m->values = z.values;
  m->nvalues = z.plan.values.len;
  m->calls = z.calls;
  m->ncalls = z.plan.ninstructions;
  m->inputs = (const int32_t *)(const void *)(p->data + z.plan.inputs.pos);
  m->ninputs = z.plan.inputs.len;
  m->outputs = (const int32_t *)(const void *)(p->data + z.plan.outputs.pos);
  m->noutputs = z.plan.outputs.len;
  m->scratch = mem->scratch;
  m->metadata_bytes = l.total + z.persistent;
  m->persistent_bytes = z.persistent;
  m->scratch_bytes = z.scratch;
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
