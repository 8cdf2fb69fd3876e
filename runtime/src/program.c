/* pt_program_load: the container (header, extended header, segments, constants) and a
 * verification pass over every execution plan, so that later stages can trust the file. */
#include <stddef.h>

#include "mem.h"

#include "diag.h"
#include "pte.h"

#define TRY(x) do { pt_status s_ = (x); if (s_ != PT_OK) return s_; } while (0)

pt_fb_buf pte_buf(const pt_program *p) {
  pt_fb_buf b = { p->data, (uint32_t)p->program_size };
  return b;
}

int32_t pte_i32_at(const pt_program *p, const pt_fb_vec *v, uint32_t i) {
  return (int32_t)pt_fb_rd32(p->data + v->pos + 4u * i);
}

static bool in_range(int64_t i, uint32_t n) { return i >= 0 && i < (int64_t)n; }

static const char *const tag_names[] = { "none", "null", "int", "bool", "double", "tensor", "string",
                                         "int list", "double list", "bool list", "tensor list",
                                         "optional tensor list" };

/* Descriptor bytes (flatbuf.h): field id, kind, element or scalar size. */
#define U8(id) PT_FB_F(id, PT_FB_SCALAR, PT_FB_1)
#define U32(id) PT_FB_F(id, PT_FB_SCALAR, PT_FB_4)
#define U64(id) PT_FB_F(id, PT_FB_SCALAR, PT_FB_8)
#define STR(id) PT_FB_F(id, PT_FB_VECTOR, PT_FB_1)
#define VEC4(id) PT_FB_F(id, PT_FB_VECTOR, PT_FB_4)
#define VEC8(id) PT_FB_F(id, PT_FB_VECTOR, PT_FB_8)
#define TABLE(id) PT_FB_F(id, PT_FB_TABLE, PT_FB_4)

static const uint8_t plan_fields[] = { 8, STR(PLAN_NAME), VEC4(PLAN_VALUES), VEC4(PLAN_INPUTS), VEC4(PLAN_OUTPUTS),
                                       VEC4(PLAN_CHAINS), VEC4(PLAN_OPERATORS), VEC8(PLAN_BUFFER_SIZES),
                                       VEC4(PLAN_DELEGATES) };
static const uint8_t evalue_fields[] = { 2, U8(0), TABLE(1) };          /* tag, value */
static const uint8_t tag_field[] = { 1, U8(0) };
static const uint8_t tensor_fields[] = { 8, U8(0), U32(1), VEC4(2), STR(3), U32(5), TABLE(6), U8(8), TABLE(9) };
static const uint8_t extra_fields[] = { 1, U8(2) };                     /* location */
static const uint8_t alloc_fields[] = { 3, U32(0), U32(1), U32(2) };    /* memory_id, low, high */
static const uint8_t chain_io_fields[] = { 2, VEC4(0), VEC4(1) };      /* inputs, outputs */
static const uint8_t chain_fields[] = { 1, VEC4(2) };                   /* instructions */
static const uint8_t instr_fields[] = { 2, U8(0), TABLE(1) };
static const uint8_t args_fields[][4] = {
  [INSTR_KERNEL] = { 2, U32(0), VEC4(1) }, [INSTR_DELEGATE] = { 1, U32(0) }, [INSTR_MOVE] = { 2, U32(0), U32(1) },
  [INSTR_JUMP_FALSE] = { 2, U32(0), U32(1) }, [INSTR_FREE] = { 1, U32(0) } };
static const uint8_t operator_fields[] = { 2, STR(0), STR(1) };
static const uint8_t segment_fields[] = { 2, U64(0), U64(1) };          /* offset, size */
static const uint8_t storage_fields[] = { 1, STR(0) };                  /* constant buffer bytes */
static const uint8_t subsegment_fields[] = { 2, U32(0), VEC8(1) };      /* segment index, offsets */
static const uint8_t root_fields[] = { 5, U32(PROGRAM_VERSION), VEC4(PROGRAM_PLANS), VEC4(PROGRAM_CONSTANT_BUFFER),
                                       VEC4(PROGRAM_SEGMENTS), TABLE(PROGRAM_CONSTANT_SEGMENT) };
static const uint8_t data_fields[] = { 2, VEC4(PROGRAM_MUTABLE_SEGMENTS), VEC4(PROGRAM_SEGMENTS) };
/* The field that holds each value type's data (by tag), in its one-field table. */
static const uint8_t value_field[][2] = {
  [PT_TAG_INT] = { 1, U64(0) }, [PT_TAG_BOOL] = { 1, U8(0) }, [PT_TAG_DOUBLE] = { 1, U64(0) },
  [PT_TAG_STRING] = { 1, STR(0) }, [PT_TAG_INT_LIST] = { 1, VEC8(0) }, [PT_TAG_DOUBLE_LIST] = { 1, VEC8(0) },
  [PT_TAG_BOOL_LIST] = { 1, STR(0) }, [PT_TAG_TENSOR_LIST] = { 1, VEC4(0) }, [PT_TAG_OPT_TENSOR_LIST] = { 1, VEC4(0) } };

static uint64_t u64_of(const pt_fb_vec *f) { return (uint64_t)f->len << 32 | f->pos; }

static pt_status fields(const pt_program *p, uint32_t table, const uint8_t *desc, pt_fb_vec *f, pt_diag *d) {
  pt_fb_buf b = pte_buf(p);
  return pt_fb_fields(&b, table, desc, f, d);
}

/* Element i of vector v: its fields into f, and its table position into *at. */
static pt_status elem(const pt_program *p, const pt_fb_vec *v, uint32_t i, const uint8_t *desc, pt_fb_vec *f,
                      uint32_t *at, pt_diag *d) {
  pt_fb_buf b = pte_buf(p);
  TRY(pt_fb_elem(&b, v, i, at, d));
  return pt_fb_fields(&b, *at, desc, f, d);
}

pt_status pte_plan_get(const pt_program *p, uint32_t i, pte_plan *plan, pt_diag *d) {
  pt_fb_buf b = pte_buf(p);
  pt_fb_vec plans = { p->plans, p->nplans };
  uint32_t pos;
  TRY(pt_fb_elem(&b, &plans, i, &pos, d));
  return pte_plan_at(p, pos, plan, d);
}

_Static_assert(offsetof(pte_plan, delegates) == offsetof(pte_plan, f) + 7 * sizeof(pt_fb_vec),
               "pte_plan: the named fields must overlay f[] in plan_fields order");

pt_status pte_plan_at(const pt_program *p, uint32_t pos, pte_plan *plan, pt_diag *d) {
  pt_memset(plan, 0, sizeof *plan);
  plan->t.pos = pos; /* checked by pt_fb_elem when the plan was first found */
  TRY(fields(p, pos, plan_fields, plan->f, d));
  plan->name = plan->name_field.pos ? (const char *)p->data + plan->name_field.pos : "";
  plan->name_len = plan->name_field.len;
  return PT_OK;
}

pt_status pte_plan_find(const pt_program *p, const char *name, pte_plan *plan, pt_diag *d) {
  if (!p || !name || !plan) return pt_fail(d, PT_ERR_INVALID_ARGUMENT, "NULL program, method name or output");
  for (uint32_t i = 0; i < p->nplans; i++) {
    TRY(pte_plan_get(p, i, plan, d));
    uint32_t n = 0;
    while (n < plan->name_len && name[n] == plan->name[n] && name[n]) n++;
    if (n == plan->name_len && name[n] == '\0') return PT_OK;
  }
  return pt_fail(d, PT_ERR_NOT_FOUND, "no method named \"%s\" (the program has %u)", name, (unsigned)p->nplans);
}

static pt_status check_list(const pt_program *p, const pte_plan *plan, const pt_fb_vec *items,
                            uint32_t width, uint8_t want, pt_diag *d) {
  for (uint32_t k = 0; k < items->len; k++) {
    const uint8_t *at = p->data + items->pos + (size_t)k * width;
    int64_t idx = width == 8 ? (int64_t)pt_fb_rd64(at) : (int32_t)pt_fb_rd32(at);
    if (idx == -1 && want == PT_TAG_OPT_TENSOR_LIST) continue;
    if (!in_range(idx, plan->values.len))
      return pt_fail(d, PT_ERR_BAD_INDEX, "list item %u names value %lld, outside 0..%u",
                     (unsigned)k, (long long)idx, (unsigned)plan->values.len);
    pt_fb_vec tag;
    uint32_t at_;
    TRY(elem(p, &plan->values, (uint32_t)idx, tag_field, &tag, &at_, d));
    bool ok = want == PT_TAG_INT_LIST ? tag.pos == PT_TAG_INT
              : tag.pos == PT_TAG_TENSOR || (want == PT_TAG_OPT_TENSOR_LIST && tag.pos == PT_TAG_NULL);
    if (!ok)
      return pt_fail(d, PT_ERR_BAD_INDEX, "list item %u names value %lld, which is a %s",
                     (unsigned)k, (long long)idx, tag.pos < 12 ? tag_names[tag.pos] : "bad value");
  }
  return PT_OK;
}

/* The bytes of constant `idx`: at least `nbytes` of them must exist. */
static pt_status constant_data(const pt_program *p, uint32_t idx, uint32_t nbytes,
                               const uint8_t **data, pt_diag *d) {
  if (p->nconstant_offsets > 0) {
    if (idx >= p->nconstant_offsets)
      return pt_fail(d, PT_ERR_BAD_INDEX, "constant %u outside the constant segment's %u entries",
                     (unsigned)idx, (unsigned)p->nconstant_offsets);
    uint64_t off = pt_fb_rd64(p->data + p->constant_offsets + 8u * idx);
    if (off > p->constant_segment_size || p->constant_segment_size - off < nbytes)
      return pt_fail(d, PT_ERR_BAD_INDEX, "constant %u (%u bytes at %llu) overruns the constant segment (%llu bytes)",
                     (unsigned)idx, (unsigned)nbytes, (unsigned long long)off,
                     (unsigned long long)p->constant_segment_size);
    *data = p->data + p->constant_segment_start + off;
    return PT_OK;
  }
  if (idx >= p->nconstant_buffers)
    return pt_fail(d, PT_ERR_BAD_INDEX, "constant buffer %u outside the program's %u",
                   (unsigned)idx, (unsigned)p->nconstant_buffers);
  pt_fb_vec bufs = { p->constant_buffers, p->nconstant_buffers }, storage;
  uint32_t at;
  TRY(elem(p, &bufs, idx, storage_fields, &storage, &at, d));
  if (storage.len < nbytes)
    return pt_fail(d, PT_ERR_BAD_INDEX, "constant buffer %u has %u bytes, the tensor needs %u",
                   (unsigned)idx, (unsigned)storage.len, (unsigned)nbytes);
  *data = p->data + storage.pos;
  return PT_OK;
}

/* Initial value of a planned mutable tensor: mutable_data_segments[0].offsets[idx]. */
static pt_status mutable_data(const pt_program *p, uint32_t idx, uint32_t nbytes,
                              const uint8_t **data, pt_diag *d) {
  pt_fb_vec f[2], sub[2], seg[2]; /* {mutable segments, segments}, {segment index, offsets}, {offset, size} */
  uint32_t at;
  TRY(fields(p, p->root, data_fields, f, d));
  if (f[0].len == 0)
    return pt_fail(d, PT_ERR_BAD_INDEX, "initial value %u but the program has no mutable data segment",
                   (unsigned)idx);
  TRY(elem(p, &f[0], 0, subsegment_fields, sub, &at, d));
  if (sub[0].pos >= f[1].len || idx >= sub[1].len)
    return pt_fail(d, PT_ERR_BAD_INDEX, "mutable data %u (segment %u) out of range",
                   (unsigned)idx, (unsigned)sub[0].pos);
  TRY(elem(p, &f[1], sub[0].pos, segment_fields, seg, &at, d));
  uint64_t size = u64_of(&seg[1]), off = pt_fb_rd64(p->data + sub[1].pos + 8u * idx);
  if (off > size || size - off < nbytes)
    return pt_fail(d, PT_ERR_BAD_INDEX, "mutable data %u overruns its segment", (unsigned)idx);
  *data = p->data + p->segment_base + u64_of(&seg[0]) + off; /* segment bounds checked at load */
  return PT_OK;
}

static pt_status tensor(const pt_program *p, const pte_plan *plan, uint32_t tt,
                        pt_tensor *t, pte_tensor_loc *loc, pt_diag *d) {
  /* dtype, storage_offset, sizes, dim_order, data_buffer_idx, allocation_info, shape_dynamism, extra */
  pt_fb_vec f[8], g[3];
  TRY(fields(p, tt, tensor_fields, f, d));
  uint32_t dtype = f[0].pos, dbi = f[4].pos, dyn = f[6].pos;
  const pt_fb_vec sizes = f[2], order = f[3];

  size_t elsize = pt_dtype_size((int)dtype);
  if (elsize == 0)
    return pt_fail(d, PT_ERR_BAD_DTYPE, "unknown scalar type %u", (unsigned)dtype);
  if (f[1].pos != 0)
    return pt_fail(d, PT_ERR_UNSUPPORTED, "storage_offset %d (must be 0)", (int)f[1].pos);
  if (dyn == 2)
    return pt_fail(d, PT_ERR_UNSUPPORTED, "dynamic shapes (DYNAMIC_UNBOUND) are not supported");
  if (dyn > 2)
    return pt_fail(d, PT_ERR_BAD_ENUM, "unknown shape_dynamism %u", (unsigned)dyn);
  if (f[7].pos) {
    TRY(fields(p, f[7].pos, extra_fields, g, d));
    if (g[0].pos != 0)
      return pt_fail(d, PT_ERR_UNSUPPORTED, "external tensor data (.ptd files) is not supported");
  }
  if (sizes.len > PT_MAX_RANK)
    return pt_fail(d, PT_ERR_BAD_SHAPE, "rank %u exceeds %u", (unsigned)sizes.len, PT_MAX_RANK);
  if (order.len != sizes.len)
    return pt_fail(d, PT_ERR_BAD_SHAPE, "dim_order has %u entries for rank %u",
                   (unsigned)order.len, (unsigned)sizes.len);
  uint32_t nbytes = (uint32_t)elsize, numel = 1, seen = 0;
  bool contiguous = true;
  for (uint32_t k = 0; k < sizes.len; k++) {
    int32_t n = pte_i32_at(p, &sizes, k);
    uint8_t o = p->data[order.pos + k];
    if (n < 0)
      return pt_fail(d, PT_ERR_BAD_SHAPE, "negative size %d in dim %u", (int)n, (unsigned)k);
    if (o >= sizes.len || (seen & (1u << o)))
      return pt_fail(d, PT_ERR_BAD_SHAPE, "dim_order is not a permutation of 0..%u",
                     (unsigned)sizes.len - 1);
    seen |= 1u << o;
    contiguous = contiguous && o == k;
    uint64_t prod = (uint64_t)nbytes * (uint32_t)n; /* 32 x 32 -> 64: no libgcc call */
    if (prod > UINT32_MAX)
      return pt_fail(d, PT_ERR_BAD_SHAPE, "element count overflows 32 bits");
    nbytes = (uint32_t)prod;
    numel *= (uint32_t)n; /* <= nbytes */
  }
  uint32_t align = elsize > 8 ? 8 : (uint32_t)elsize;

  pte_tensor_loc l = { PTE_UNPLANNED, 0, 0, NULL };
  if (f[5].pos) {
    TRY(fields(p, f[5].pos, alloc_fields, g, d));
    uint32_t id = g[0].pos, low = g[1].pos;
    if (id == 0 || id >= plan->buffer_sizes.len)
      return pt_fail(d, PT_ERR_BAD_PLAN, "memory_id %u outside 1..%u", (unsigned)id,
                     plan->buffer_sizes.len ? (unsigned)plan->buffer_sizes.len - 1 : 0u);
    if (g[2].pos != 0)
      return pt_fail(d, PT_ERR_BAD_PLAN, "planned offset above 4 GB");
    uint64_t bufsize = pt_fb_rd64(p->data + plan->buffer_sizes.pos + 8u * id);
    if ((uint64_t)low + nbytes > bufsize)
      return pt_fail(d, PT_ERR_BAD_PLAN, "%u bytes at offset %u overrun buffer %u (%llu bytes)",
                     (unsigned)nbytes, (unsigned)low, (unsigned)id, (unsigned long long)bufsize);
    if ((low & (align - 1)) != 0)
      return pt_fail(d, PT_ERR_BAD_PLAN, "offset %u not aligned to %u", (unsigned)low, (unsigned)align);
    l.where = PTE_PLANNED;
    l.memory_id = id - 1;
    l.offset = low;
    if (dbi > 0) TRY(mutable_data(p, dbi, nbytes, &l.data, d));
  } else if (dbi > 0) {
    l.where = PTE_CONSTANT;
    TRY(constant_data(p, dbi, nbytes, &l.data, d));
    if (((uintptr_t)l.data & (align - 1)) != 0)
      return pt_fail(d, PT_ERR_MISALIGNED, "constant data at file offset %u not aligned to %u",
                     (unsigned)(l.data - p->data), (unsigned)align);
  }
  t->data = l.where == PTE_CONSTANT ? (void *)(uintptr_t)l.data : NULL;
  t->sizes = sizes.len ? (const int32_t *)(const void *)(p->data + sizes.pos) : NULL;
  t->dim_order = order.len ? p->data + order.pos : NULL;
  t->numel = numel;
  t->dtype = (uint8_t)dtype;
  t->rank = (uint8_t)sizes.len;
  t->is_constant = l.where == PTE_CONSTANT;
  t->is_contiguous = contiguous;
  if (loc) *loc = l;
  return PT_OK;
}

static pt_status value(const pt_program *p, const pte_plan *plan, uint32_t i, pt_value *v, pt_tensor *t,
                       pte_tensor_loc *loc, pt_diag *d) {
  pt_fb_vec f[2], x;
  uint32_t at;
  TRY(elem(p, &plan->values, i, evalue_fields, f, &at, d));
  uint32_t tag = f[0].pos, val = f[1].pos;
  if (tag == PT_TAG_NONE || tag > PT_TAG_OPT_TENSOR_LIST)
    return pt_fail(d, PT_ERR_BAD_ENUM, "unknown value type %u", (unsigned)tag);
  if (!val && tag != PT_TAG_NULL)
    return pt_fail(d, PT_ERR_BAD_FLATBUFFER, "%s value has no data (table at offset %u)",
                   tag_names[tag], (unsigned)at);
  pt_memset(v, 0, sizeof *v);
  v->tag = (uint8_t)tag;
  if (tag == PT_TAG_NULL) return PT_OK;
  if (tag == PT_TAG_TENSOR) {
    pt_tensor tmp;
    TRY(tensor(p, plan, val, t ? t : &tmp, loc, d));
    v->u.t = t;
    return PT_OK;
  }
  TRY(fields(p, val, value_field[tag], &x, d));
  switch (tag) {
    case PT_TAG_INT: v->u.i = (int64_t)u64_of(&x); break;
    case PT_TAG_BOOL: v->u.b = x.pos != 0; break;
    case PT_TAG_DOUBLE: { uint64_t u = u64_of(&x); pt_memcpy(&v->u.d, &u, sizeof u); break; }
    case PT_TAG_STRING: v->u.list.items = x.pos ? (const char *)p->data + x.pos : ""; v->u.list.len = x.len; break;
    default: /* lists: int64 or int32 value indices, doubles, bools */
      if (tag == PT_TAG_INT_LIST || tag >= PT_TAG_TENSOR_LIST)
        TRY(check_list(p, plan, &x, tag == PT_TAG_INT_LIST ? 8 : 4, (uint8_t)tag, d));
      v->u.list.items = p->data + x.pos;
      v->u.list.len = x.len;
      break;
  }
  return PT_OK;
}

/* Every message about a value names it first (once, here, not in each message). */
pt_status pte_value(const pt_program *p, const pte_plan *plan, uint32_t i, pt_value *v, pt_tensor *t,
                    pte_tensor_loc *loc, pt_diag *d) {
  pt_status s = value(p, plan, i, v, t, loc, d);
  if (s != PT_OK) pt_diag_prefix(d, "value %u: ", (unsigned)i);
  return s;
}

pt_status pte_instr_get(const pt_program *p, const pte_plan *plan, uint32_t c, uint32_t j, pte_instr *in,
                        uint32_t *chain_len, pt_diag *d) {
  pt_fb_vec instrs, f[2], a[2];
  uint32_t at;
  TRY(elem(p, &plan->chains, c, chain_fields, &instrs, &at, d));
  *chain_len = instrs.len;
  if (j >= instrs.len) return PT_OK;
  TRY(elem(p, &instrs, j, instr_fields, f, &at, d));
  uint32_t kind = f[0].pos;
  if (kind == INSTR_NONE || kind > INSTR_FREE)
    return pt_fail(d, PT_ERR_BAD_ENUM, "unknown instruction type %u", (unsigned)kind);
  a[0].pos = 0;
  if (f[1].pos) TRY(fields(p, f[1].pos, args_fields[kind], a, d));
  if (kind == INSTR_DELEGATE)
    return pt_fail(d, PT_ERR_UNSUPPORTED, "delegates are not supported (instruction %u calls delegate %d)",
                   (unsigned)j, (int)a[0].pos);
  if (!f[1].pos)
    return pt_fail(d, PT_ERR_BAD_FLATBUFFER, "no arguments (table at offset %u)", (unsigned)at);
  pt_memset(in, 0, sizeof *in);
  in->kind = (uint8_t)kind;
  in->a = (int32_t)a[0].pos;
  uint32_t nv = plan->values.len;
  if (kind == INSTR_KERNEL) {
    if (!in_range(in->a, plan->operators.len))
      return pt_fail(d, PT_ERR_BAD_INDEX, "operator %d outside 0..%u", (int)in->a,
                     (unsigned)plan->operators.len);
    in->args = (const int32_t *)(const void *)(p->data + a[1].pos);
    in->nargs = a[1].len;
    for (uint32_t k = 0; k < a[1].len; k++)
      if (!in_range(in->args[k], nv))
        return pt_fail(d, PT_ERR_BAD_INDEX, "argument %u is value %d, outside 0..%u",
                       (unsigned)k, (int)in->args[k], (unsigned)nv);
    return PT_OK;
  }
  if (kind != INSTR_FREE) in->b = (int32_t)a[1].pos;
  if (!in_range(in->a, nv))
    return pt_fail(d, PT_ERR_BAD_INDEX, "%s value %d outside 0..%u",
                   kind == INSTR_MOVE ? "move from" : kind == INSTR_FREE ? "free of" : "jump condition", (int)in->a,
                   (unsigned)nv);
  if (kind == INSTR_MOVE && !in_range(in->b, nv))
    return pt_fail(d, PT_ERR_BAD_INDEX, "move to value %d outside 0..%u", (int)in->b,
                   (unsigned)nv);
  if (kind == INSTR_JUMP_FALSE && !in_range(in->b, instrs.len))
    return pt_fail(d, PT_ERR_BAD_INDEX, "jump to instruction %d outside the chain's 0..%u",
                   (int)in->b, (unsigned)instrs.len);
  return PT_OK;
}

pt_status pte_operator(const pt_program *p, const pte_plan *plan, uint32_t k, const char **name, uint32_t *name_len,
                       const char **ov, uint32_t *ov_len, pt_diag *d) {
  pt_fb_vec f[2];
  uint32_t at;
  TRY(elem(p, &plan->operators, k, operator_fields, f, &at, d));
  *name = f[0].pos ? (const char *)p->data + f[0].pos : "";
  *name_len = f[0].len;
  *ov = f[1].pos ? (const char *)p->data + f[1].pos : "";
  *ov_len = f[1].len;
  return PT_OK;
}

static bool is_input(const pt_program *p, const pte_plan *plan, uint32_t i) {
  for (uint32_t k = 0; k < plan->inputs.len; k++)
    if (pte_i32_at(p, &plan->inputs, k) == (int32_t)i) return true;
  return false;
}

static pt_status check_indices(const pt_program *p, const pte_plan *plan, const pt_fb_vec *v, const char *what, pt_diag *d) {
  for (uint32_t k = 0; k < v->len; k++)
    if (!in_range(pte_i32_at(p, v, k), plan->values.len))
      return pt_fail(d, PT_ERR_BAD_INDEX, "method %.*s: %s %u is value %d, outside 0..%u", (int)plan->name_len,
                     plan->name, what, (unsigned)k, (int)pte_i32_at(p, v, k), (unsigned)plan->values.len);
  return PT_OK;
}

/* A JumpFalse reads its condition as a bool or a one-element bool tensor. */
static pt_status check_jump_condition(const pt_program *p, const pte_plan *plan, const pte_instr *in, pt_diag *d) {
  pt_value v;
  pt_tensor t;
  TRY(pte_value(p, plan, (uint32_t)in->a, &v, &t, NULL, d));
  if (v.tag == PT_TAG_BOOL || (v.tag == PT_TAG_TENSOR && t.dtype == PT_BOOL && t.numel == 1)) return PT_OK;
  if (v.tag == PT_TAG_TENSOR)
    return pt_fail(d, PT_ERR_BAD_ARGUMENTS, "jump condition (value %d) is a %s tensor of %u elements, "
                   "not a bool", (int)in->a, pt_dtype_name(t.dtype), (unsigned)t.numel);
  return pt_fail(d, PT_ERR_BAD_ARGUMENTS, "jump condition (value %d) is a %s, not a bool",
                 (int)in->a, tag_names[v.tag]);
}

/* A Move replaces a value at run time, after every kernel was bound to what it held: it is
 * safe only between tensors of one dtype, shape and dim_order, from a writable tensor (the
 * destination may be a kernel's output). Anything else would undo bind-time checks. */
static pt_status check_move(const pt_program *p, const pte_plan *plan, const pte_instr *in, pt_diag *d) {
  pt_value a, b;
  pt_tensor ta, tb;
  TRY(pte_value(p, plan, (uint32_t)in->a, &a, &ta, NULL, d));
  TRY(pte_value(p, plan, (uint32_t)in->b, &b, &tb, NULL, d));
  if (a.tag != PT_TAG_TENSOR || b.tag != PT_TAG_TENSOR)
    return pt_fail(d, PT_ERR_UNSUPPORTED, "move from value %d (a %s) to value %d (a %s): petite "
                   "moves only tensors", (int)in->a, tag_names[a.tag], (int)in->b, tag_names[b.tag]);
  bool same = ta.dtype == tb.dtype && ta.rank == tb.rank;
  for (uint32_t k = 0; same && k < ta.rank; k++) same = ta.sizes[k] == tb.sizes[k] && ta.dim_order[k] == tb.dim_order[k];
  if (!same)
    return pt_fail(d, PT_ERR_BAD_ARGUMENTS, "move from value %d (%s, rank %u, %u elements) to value "
                   "%d (%s, rank %u, %u elements): dtype, shape or dim_order differ", (int)in->a,
                   pt_dtype_name(ta.dtype), (unsigned)ta.rank, (unsigned)ta.numel, (int)in->b,
                   pt_dtype_name(tb.dtype), (unsigned)tb.rank, (unsigned)tb.numel);
  if (ta.is_constant)
    return pt_fail(d, PT_ERR_UNSUPPORTED, "move from constant value %d: its bytes are read-only",
                   (int)in->a);
  return PT_OK;
}

pt_status pte_plan_count(const pt_program *p, pte_plan *plan, pt_diag *d) {
  plan->ntensors = plan->ninstructions = 0;
  for (uint32_t i = 0; i < plan->values.len; i++) {
    pt_fb_vec tag;
    uint32_t at;
    TRY(elem(p, &plan->values, i, tag_field, &tag, &at, d));
    plan->ntensors += tag.pos == PT_TAG_TENSOR;
  }
  for (uint32_t c = 0; c < plan->chains.len; c++) {
    pt_fb_vec instrs;
    uint32_t at;
    TRY(elem(p, &plan->chains, c, chain_fields, &instrs, &at, d));
    plan->ninstructions += instrs.len;
  }
  return PT_OK;
}

/* Everything in one execution plan, once. Also counts tensors and instructions. */
pt_status pte_plan_verify(const pt_program *p, pte_plan *plan, pt_diag *d) {
  if (plan->delegates.len > 0)
    return pt_fail(d, PT_ERR_UNSUPPORTED, "method %.*s uses %u backend delegates: delegates are not supported",
                   (int)plan->name_len, plan->name, (unsigned)plan->delegates.len);
  if (plan->buffer_sizes.len > PT_MAX_BUFFERS + 1)
    return pt_fail(d, PT_ERR_UNSUPPORTED, "method %.*s plans %u memory buffers (max %u)", (int)plan->name_len,
                   plan->name, (unsigned)plan->buffer_sizes.len - 1, PT_MAX_BUFFERS);
  for (uint32_t k = 1; k < plan->buffer_sizes.len; k++)
    if (pt_fb_rd32(p->data + plan->buffer_sizes.pos + 8u * k + 4) != 0) /* high word: negative or >= 4 GB */
      return pt_fail(d, PT_ERR_BAD_PLAN, "method %.*s: buffer %u size is negative or above 4 GB",
                     (int)plan->name_len, plan->name, (unsigned)k);
  if (plan->chains.len > PT_MAX_CHAINS)
    return pt_fail(d, PT_ERR_UNSUPPORTED, "method %.*s has %u chains (max %u)", (int)plan->name_len, plan->name,
                   (unsigned)plan->chains.len, PT_MAX_CHAINS);
  TRY(check_indices(p, plan, &plan->inputs, "input", d));
  TRY(check_indices(p, plan, &plan->outputs, "output", d));
  plan->ntensors = 0;
  for (uint32_t i = 0; i < plan->values.len; i++) {
    pt_value v;
    pt_tensor t;
    pte_tensor_loc loc;
    TRY(pte_value(p, plan, i, &v, &t, &loc, d));
    if (v.tag != PT_TAG_TENSOR) continue;
    plan->ntensors++;
    if (loc.where == PTE_UNPLANNED && !is_input(p, plan, i))
      return pt_fail(d, PT_ERR_UNSUPPORTED, "value %u: tensor has no memory plan and is not a method input "
                     "(dynamic memory is not supported)", (unsigned)i);
  }
  plan->ninstructions = 0;
  for (uint32_t c = 0; c < plan->chains.len; c++) {
    pt_fb_vec ch[2];
    uint32_t at;
    TRY(elem(p, &plan->chains, c, chain_io_fields, ch, &at, d));
    TRY(check_indices(p, plan, &ch[0], "chain input", d));
    TRY(check_indices(p, plan, &ch[1], "chain output", d));
    uint32_t n = 0;
    for (uint32_t j = 0; j == 0 || j < n; j++) {
      pte_instr in;
      pt_status s = pte_instr_get(p, plan, c, j, &in, &n, d);
      if (s == PT_OK && j < n && in.kind == INSTR_JUMP_FALSE) s = check_jump_condition(p, plan, &in, d);
      if (s == PT_OK && j < n && in.kind == INSTR_MOVE) s = check_move(p, plan, &in, d);
      if (s != PT_OK) {
        pt_diag_prefix(d, "instruction %u: ", (unsigned)j); /* every message about an instruction */
        return s;
      }
    }
    plan->ninstructions += n;
  }
  for (uint32_t k = 0; k < plan->operators.len; k++) {
    const char *name, *ov;
    uint32_t nl, ol;
    TRY(pte_operator(p, plan, k, &name, &nl, &ov, &ol, d));
  }
  return PT_OK;
}

static bool magic(const uint8_t *at, const char *m) { return pt_memcmp(at, m, 4) == 0; }

/* Header, extended header and segment table: sets program_size and the segment range. */
static pt_status load_container(pt_program *p, pt_diag *d) {
  const uint8_t *x = p->data;
  size_t size = p->size;
  if (size < 8) return pt_fail(d, PT_ERR_TRUNCATED, "file is %zu bytes: too short for a program", size);
  if (!magic(x + 4, "ET12")) {
    bool text = true;
    for (int k = 4; k < 8; k++) text = text && x[k] >= 0x20 && x[k] < 0x7f;
    if (text)
      return pt_fail(d, PT_ERR_BAD_MAGIC, "not an ExecuTorch program: identifier \"%.*s\", expected \"ET12\"", 4,
                     (const char *)x + 4);
    return pt_fail(d, PT_ERR_BAD_MAGIC, "not an ExecuTorch program: identifier bytes %x %x %x %x, expected \"ET12\"",
                   x[4], x[5], x[6], x[7]);
  }
  p->program_size = size;
  if (size >= 12 && magic(x + 8, "eh00")) {
    if (size < 16)
      return pt_fail(d, PT_ERR_TRUNCATED, "file is %zu bytes: it ends inside the extended header's length field", size);
    uint32_t len = pt_fb_rd32(x + 12);
    if (len < 24) return pt_fail(d, PT_ERR_BAD_HEADER, "extended header length %u (at least 24 expected)", (unsigned)len);
    if (8 + (uint64_t)len > size)
      return pt_fail(d, PT_ERR_TRUNCATED, "file is %zu bytes: it ends inside the %u-byte extended header", size, (unsigned)len);
    uint64_t prog = pt_fb_rd64(x + 16), base = pt_fb_rd64(x + 24);
    uint64_t data = len >= 32 ? pt_fb_rd64(x + 32) : (base <= size ? size - base : 0);
    if (prog < 8 + (uint64_t)len)
      return pt_fail(d, PT_ERR_BAD_HEADER, "extended header: program size %llu is smaller than the header", (unsigned long long)prog);
    if (prog > size)
      return pt_fail(d, PT_ERR_TRUNCATED, "extended header: program is %llu bytes but the file has %zu",
                     (unsigned long long)prog, size);
    if (base != 0 && base < prog)
      return pt_fail(d, PT_ERR_BAD_HEADER, "extended header: segments start at %llu, inside the program (%llu bytes)",
                     (unsigned long long)base, (unsigned long long)prog);
    if (base > size || data > size - base)
      return pt_fail(d, PT_ERR_TRUNCATED, "extended header: segment data (%llu bytes at %llu) runs past the file end (%zu)",
                     (unsigned long long)data, (unsigned long long)base, size);
    p->program_size = (size_t)prog;
    p->segment_base = (size_t)base;
    p->segment_data_size = base ? (size_t)data : 0;
  }
  return PT_OK;
}

pt_status pt_program_load(pt_program *p, const void *data, size_t size, pt_diag *d) {
  if (!p || !data) return pt_fail(d, PT_ERR_INVALID_ARGUMENT, "NULL program or data");
  pt_memset(p, 0, sizeof *p);
  if ((uintptr_t)data % 8 != 0)
    return pt_fail(d, PT_ERR_MISALIGNED, "program bytes start at an address ending in 0x%x: they must be 8-byte "
                   "aligned (16 recommended)", (unsigned)((uintptr_t)data & 0xff));
  if (size > UINT32_MAX) return pt_fail(d, PT_ERR_UNSUPPORTED, "program larger than 4 GB");
  p->data = data;
  p->size = size;
  TRY(load_container(p, d));

  pt_fb_buf b = pte_buf(p); /* program_size >= 8: load_container checked */
  pt_fb_vec f[5], g[2], seg[2]; /* version, plans, constant buffers, segments, constant segment */
  uint32_t at;
  p->root = pt_fb_rd32(p->data);
  if (p->root >= p->program_size)
    return pt_fail(d, PT_ERR_TRUNCATED, "root table offset %u is past the program end (%zu)",
                   (unsigned)p->root, p->program_size);
  TRY(pt_fb_check_table(&b, p->root, d));
  TRY(pt_fb_fields(&b, p->root, root_fields, f, d));
  p->version = f[0].pos;
  p->plans = f[1].pos;
  p->nplans = f[1].len;
  p->constant_buffers = f[2].pos;
  p->nconstant_buffers = f[2].len;

  /* Segments without an extended header are fine when empty: ExecuTorch writes one empty
   * constant segment, and no header, for a program without constants. */
  for (uint32_t k = 0; k < f[3].len; k++) {
    TRY(elem(p, &f[3], k, segment_fields, seg, &at, d));
    uint64_t off = u64_of(&seg[0]), sz = u64_of(&seg[1]);
    if (p->segment_base == 0 && (off | sz) != 0)
      return pt_fail(d, PT_ERR_BAD_HEADER, "segment %u (%llu bytes at %llu) but the file has no extended header "
                     "locating segment data", (unsigned)k, (unsigned long long)sz, (unsigned long long)off);
    if (off > p->segment_data_size || sz > p->segment_data_size - off)
      return pt_fail(d, PT_ERR_BAD_HEADER, "segment %u (%llu bytes at %llu) is outside the segment data (%zu bytes)",
                     (unsigned)k, (unsigned long long)sz, (unsigned long long)off, p->segment_data_size);
  }
  for (uint32_t k = 0; k < f[2].len; k++) TRY(elem(p, &f[2], k, storage_fields, g, &at, d));
  if (f[4].pos) {
    TRY(fields(p, f[4].pos, subsegment_fields, g, d));
    if (g[1].len > 0) {
      if (g[0].pos >= f[3].len)
        return pt_fail(d, PT_ERR_BAD_INDEX, "constant segment index %u outside the %u segments", (unsigned)g[0].pos,
                       (unsigned)f[3].len);
      TRY(elem(p, &f[3], g[0].pos, segment_fields, seg, &at, d));
      p->constant_offsets = g[1].pos;
      p->nconstant_offsets = g[1].len;
      p->constant_segment_start = p->segment_base + (size_t)u64_of(&seg[0]);
      p->constant_segment_size = (size_t)u64_of(&seg[1]);
    }
  }
  for (uint32_t i = 0; i < p->nplans; i++) {
    pte_plan plan;
    TRY(pte_plan_get(p, i, &plan, d));
    TRY(pte_plan_verify(p, &plan, d));
  }
  return PT_OK;
}

uint32_t pt_program_method_count(const pt_program *p) { return p ? p->nplans : 0; }

const char *pt_program_method_name(const pt_program *p, uint32_t i, size_t *len) {
  pte_plan plan;
  if (len) *len = 0;
  if (!p || i >= p->nplans || pte_plan_get(p, i, &plan, NULL) != PT_OK) return NULL;
  if (len) *len = plan.name_len;
  return plan.name;
}
