/* pt_program_load: the container (header, extended header, segments, constants) and a
 * verification pass over every execution plan, so that later stages can trust the file. */
#include "mem.h"

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

pt_status pte_plan_get(const pt_program *p, uint32_t i, pte_plan *plan, pt_diag *d) {
  pt_fb_buf b = pte_buf(p);
  pt_fb_vec plans = { p->plans, p->nplans };
  pt_fb_table t;
  TRY(pt_fb_vec_table(&b, &plans, i, &t, d));
  return pte_plan_at(p, t.pos, plan, d);
}

pt_status pte_plan_at(const pt_program *p, uint32_t pos, pte_plan *plan, pt_diag *d) {
  pt_fb_buf b = pte_buf(p);
  pt_memset(plan, 0, sizeof *plan);
  TRY(pt_fb_table_at(&b, pos, &plan->t, d));
  TRY(pt_fb_str_field(&b, &plan->t, PLAN_NAME, &plan->name, &plan->name_len, d));
  TRY(pt_fb_vec_field(&b, &plan->t, PLAN_VALUES, 4, &plan->values, d));
  TRY(pt_fb_vec_field(&b, &plan->t, PLAN_INPUTS, 4, &plan->inputs, d));
  TRY(pt_fb_vec_field(&b, &plan->t, PLAN_OUTPUTS, 4, &plan->outputs, d));
  TRY(pt_fb_vec_field(&b, &plan->t, PLAN_CHAINS, 4, &plan->chains, d));
  TRY(pt_fb_vec_field(&b, &plan->t, PLAN_OPERATORS, 4, &plan->operators, d));
  TRY(pt_fb_vec_field(&b, &plan->t, PLAN_BUFFER_SIZES, 8, &plan->buffer_sizes, d));
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

/* The tag of value i, read without decoding it (for checking list items). */
static pt_status value_tag(const pt_program *p, const pte_plan *plan, uint32_t i, uint8_t *tag, pt_diag *d) {
  pt_fb_buf b = pte_buf(p);
  pt_fb_table ev;
  TRY(pt_fb_vec_table(&b, &plan->values, i, &ev, d));
  return pt_fb_u8(&b, &ev, 0, 0, tag, d);
}

static pt_status check_list(const pt_program *p, const pte_plan *plan, uint32_t i, const pt_fb_vec *items,
                            uint32_t width, uint8_t want, pt_diag *d) {
  for (uint32_t k = 0; k < items->len; k++) {
    const uint8_t *at = p->data + items->pos + (size_t)k * width;
    int64_t idx = width == 8 ? (int64_t)pt_fb_rd64(at) : (int32_t)pt_fb_rd32(at);
    if (idx == -1 && want == PT_TAG_OPT_TENSOR_LIST) continue;
    if (!in_range(idx, plan->values.len))
      return pt_fail(d, PT_ERR_BAD_INDEX, "value %u: list item %u names value %lld, outside 0..%u",
                     (unsigned)i, (unsigned)k, (long long)idx, (unsigned)plan->values.len);
    uint8_t tag;
    TRY(value_tag(p, plan, (uint32_t)idx, &tag, d));
    bool ok = want == PT_TAG_INT_LIST ? tag == PT_TAG_INT
              : tag == PT_TAG_TENSOR || (want == PT_TAG_OPT_TENSOR_LIST && tag == PT_TAG_NULL);
    if (!ok)
      return pt_fail(d, PT_ERR_BAD_INDEX, "value %u: list item %u names value %lld, which is a %s",
                     (unsigned)i, (unsigned)k, (long long)idx, tag < 12 ? tag_names[tag] : "bad value");
  }
  return PT_OK;
}

/* The bytes of constant `idx`: at least `nbytes` of them must exist. */
static pt_status constant_data(const pt_program *p, uint32_t i, uint32_t idx, uint32_t nbytes,
                               const uint8_t **data, pt_diag *d) {
  pt_fb_buf b = pte_buf(p);
  if (p->nconstant_offsets > 0) {
    if (idx >= p->nconstant_offsets)
      return pt_fail(d, PT_ERR_BAD_INDEX, "value %u: constant %u outside the constant segment's %u entries",
                     (unsigned)i, (unsigned)idx, (unsigned)p->nconstant_offsets);
    uint64_t off = pt_fb_rd64(p->data + p->constant_offsets + 8u * idx);
    if (off > p->constant_segment_size || p->constant_segment_size - off < nbytes)
      return pt_fail(d, PT_ERR_BAD_INDEX, "value %u: constant %u (%u bytes at %llu) overruns the constant segment (%llu bytes)",
                     (unsigned)i, (unsigned)idx, (unsigned)nbytes, (unsigned long long)off,
                     (unsigned long long)p->constant_segment_size);
    *data = p->data + p->constant_segment_start + off;
    return PT_OK;
  }
  if (idx >= p->nconstant_buffers)
    return pt_fail(d, PT_ERR_BAD_INDEX, "value %u: constant buffer %u outside the program's %u",
                   (unsigned)i, (unsigned)idx, (unsigned)p->nconstant_buffers);
  pt_fb_vec bufs = { p->constant_buffers, p->nconstant_buffers }, storage;
  pt_fb_table buf;
  TRY(pt_fb_vec_table(&b, &bufs, idx, &buf, d));
  TRY(pt_fb_vec_field(&b, &buf, 0, 1, &storage, d));
  if (storage.len < nbytes)
    return pt_fail(d, PT_ERR_BAD_INDEX, "value %u: constant buffer %u has %u bytes, the tensor needs %u",
                   (unsigned)i, (unsigned)idx, (unsigned)storage.len, (unsigned)nbytes);
  *data = p->data + storage.pos;
  return PT_OK;
}

/* Initial value of a planned mutable tensor: mutable_data_segments[0].offsets[idx]. */
static pt_status mutable_data(const pt_program *p, uint32_t i, uint32_t idx, uint32_t nbytes,
                              const uint8_t **data, pt_diag *d) {
  pt_fb_buf b = pte_buf(p);
  pt_fb_table root, sub, seg;
  pt_fb_vec subs, offs, segs;
  uint32_t segi;
  uint64_t seg_off, seg_size;
  TRY(pt_fb_root(&b, &root, d));
  TRY(pt_fb_vec_field(&b, &root, PROGRAM_MUTABLE_SEGMENTS, 4, &subs, d));
  if (subs.len == 0)
    return pt_fail(d, PT_ERR_BAD_INDEX, "value %u: initial value %u but the program has no mutable data segment",
                   (unsigned)i, (unsigned)idx);
  TRY(pt_fb_vec_table(&b, &subs, 0, &sub, d));
  TRY(pt_fb_u32(&b, &sub, 0, 0, &segi, d));
  TRY(pt_fb_vec_field(&b, &sub, 1, 8, &offs, d));
  TRY(pt_fb_vec_field(&b, &root, PROGRAM_SEGMENTS, 4, &segs, d));
  if (segi >= segs.len || idx >= offs.len)
    return pt_fail(d, PT_ERR_BAD_INDEX, "value %u: mutable data %u (segment %u) out of range",
                   (unsigned)i, (unsigned)idx, (unsigned)segi);
  TRY(pt_fb_vec_table(&b, &segs, segi, &seg, d));
  TRY(pt_fb_u64(&b, &seg, 0, 0, &seg_off, d));
  TRY(pt_fb_u64(&b, &seg, 1, 0, &seg_size, d));
  uint64_t off = pt_fb_rd64(p->data + offs.pos + 8u * idx);
  if (off > seg_size || seg_size - off < nbytes)
    return pt_fail(d, PT_ERR_BAD_INDEX, "value %u: mutable data %u overruns its segment", (unsigned)i, (unsigned)idx);
  *data = p->data + p->segment_base + seg_off + off; /* segment bounds checked at load */
  return PT_OK;
}

static pt_status tensor(const pt_program *p, const pte_plan *plan, uint32_t i, const pt_fb_table *tt,
                        pt_tensor *t, pte_tensor_loc *loc, pt_diag *d) {
  pt_fb_buf b = pte_buf(p);
  uint8_t dtype, dyn;
  uint32_t storage_offset, dbi;
  pt_fb_vec sizes, order;
  pt_fb_table alloc, extra;
  bool has_alloc, has_extra;
  TRY(pt_fb_u8(&b, tt, 0, 0, &dtype, d));
  TRY(pt_fb_u32(&b, tt, 1, 0, &storage_offset, d));
  TRY(pt_fb_vec_field(&b, tt, 2, 4, &sizes, d));
  TRY(pt_fb_vec_field(&b, tt, 3, 1, &order, d));
  TRY(pt_fb_u32(&b, tt, 5, 0, &dbi, d));
  TRY(pt_fb_table_field(&b, tt, 6, &alloc, &has_alloc, d));
  TRY(pt_fb_u8(&b, tt, 8, 0, &dyn, d));
  TRY(pt_fb_table_field(&b, tt, 9, &extra, &has_extra, d));

  size_t elsize = pt_dtype_size(dtype);
  if (elsize == 0)
    return pt_fail(d, PT_ERR_BAD_DTYPE, "value %u: unknown scalar type %u", (unsigned)i, (unsigned)dtype);
  if (storage_offset != 0)
    return pt_fail(d, PT_ERR_UNSUPPORTED, "value %u: storage_offset %d (must be 0)", (unsigned)i, (int)storage_offset);
  if (dyn == 2)
    return pt_fail(d, PT_ERR_UNSUPPORTED, "value %u: dynamic shapes (DYNAMIC_UNBOUND) are not supported", (unsigned)i);
  if (dyn > 2)
    return pt_fail(d, PT_ERR_BAD_ENUM, "value %u: unknown shape_dynamism %u", (unsigned)i, (unsigned)dyn);
  if (has_extra) {
    uint8_t location;
    TRY(pt_fb_u8(&b, &extra, 2, 0, &location, d));
    if (location != 0)
      return pt_fail(d, PT_ERR_UNSUPPORTED, "value %u: external tensor data (.ptd files) is not supported", (unsigned)i);
  }
  if (sizes.len > PT_MAX_RANK)
    return pt_fail(d, PT_ERR_BAD_SHAPE, "value %u: rank %u exceeds %u", (unsigned)i, (unsigned)sizes.len, PT_MAX_RANK);
  if (order.len != sizes.len)
    return pt_fail(d, PT_ERR_BAD_SHAPE, "value %u: dim_order has %u entries for rank %u",
                   (unsigned)i, (unsigned)order.len, (unsigned)sizes.len);
  uint64_t numel = 1;
  uint32_t seen = 0;
  bool contiguous = true;
  for (uint32_t k = 0; k < sizes.len; k++) {
    int32_t n = pte_i32_at(p, &sizes, k);
    uint8_t o = p->data[order.pos + k];
    if (n < 0)
      return pt_fail(d, PT_ERR_BAD_SHAPE, "value %u: negative size %d in dim %u", (unsigned)i, (int)n, (unsigned)k);
    if (o >= sizes.len || (seen & (1u << o)))
      return pt_fail(d, PT_ERR_BAD_SHAPE, "value %u: dim_order is not a permutation of 0..%u",
                     (unsigned)i, (unsigned)sizes.len - 1);
    seen |= 1u << o;
    contiguous = contiguous && o == k;
    numel *= (uint64_t)n;
    if (numel * elsize > UINT32_MAX)
      return pt_fail(d, PT_ERR_BAD_SHAPE, "value %u: element count overflows 32 bits", (unsigned)i);
  }
  uint32_t nbytes = (uint32_t)(numel * elsize);
  uint32_t align = elsize > 8 ? 8 : (uint32_t)elsize;

  pte_tensor_loc l = { PTE_UNPLANNED, 0, 0, NULL };
  if (has_alloc) {
    uint32_t id, low, high;
    TRY(pt_fb_u32(&b, &alloc, 0, 0, &id, d));
    TRY(pt_fb_u32(&b, &alloc, 1, 0, &low, d));
    TRY(pt_fb_u32(&b, &alloc, 2, 0, &high, d));
    if (id == 0 || id >= plan->buffer_sizes.len)
      return pt_fail(d, PT_ERR_BAD_PLAN, "value %u: memory_id %u outside 1..%u", (unsigned)i, (unsigned)id,
                     plan->buffer_sizes.len ? (unsigned)plan->buffer_sizes.len - 1 : 0u);
    if (high != 0)
      return pt_fail(d, PT_ERR_BAD_PLAN, "value %u: planned offset above 4 GB", (unsigned)i);
    uint64_t bufsize = pt_fb_rd64(p->data + plan->buffer_sizes.pos + 8u * id);
    if ((uint64_t)low + nbytes > bufsize)
      return pt_fail(d, PT_ERR_BAD_PLAN, "value %u: %u bytes at offset %u overrun buffer %u (%llu bytes)",
                     (unsigned)i, (unsigned)nbytes, (unsigned)low, (unsigned)id, (unsigned long long)bufsize);
    if (low % align != 0)
      return pt_fail(d, PT_ERR_BAD_PLAN, "value %u: offset %u not aligned to %u", (unsigned)i, (unsigned)low, (unsigned)align);
    l.where = PTE_PLANNED;
    l.memory_id = id - 1;
    l.offset = low;
    if (dbi > 0) TRY(mutable_data(p, i, dbi, nbytes, &l.data, d));
  } else if (dbi > 0) {
    l.where = PTE_CONSTANT;
    TRY(constant_data(p, i, dbi, nbytes, &l.data, d));
    if ((uintptr_t)l.data % align != 0)
      return pt_fail(d, PT_ERR_MISALIGNED, "value %u: constant data at file offset %u not aligned to %u",
                     (unsigned)i, (unsigned)(l.data - p->data), (unsigned)align);
  }
  if (t) {
    t->data = l.where == PTE_CONSTANT ? (void *)(uintptr_t)l.data : NULL;
    t->sizes = sizes.len ? (const int32_t *)(const void *)(p->data + sizes.pos) : NULL;
    t->dim_order = order.len ? p->data + order.pos : NULL;
    t->numel = (uint32_t)numel;
    t->dtype = dtype;
    t->rank = (uint8_t)sizes.len;
    t->is_constant = l.where == PTE_CONSTANT;
    t->is_contiguous = contiguous;
  }
  if (loc) *loc = l;
  return PT_OK;
}

pt_status pte_value(const pt_program *p, const pte_plan *plan, uint32_t i, pt_value *v, pt_tensor *t,
                    pte_tensor_loc *loc, pt_diag *d) {
  pt_fb_buf b = pte_buf(p);
  pt_fb_table ev, val;
  uint8_t tag;
  bool has;
  pt_fb_vec items;
  uint64_t u;
  TRY(pt_fb_vec_table(&b, &plan->values, i, &ev, d));
  TRY(pt_fb_u8(&b, &ev, 0, 0, &tag, d));
  TRY(pt_fb_table_field(&b, &ev, 1, &val, &has, d));
  if (tag == PT_TAG_NONE || tag > PT_TAG_OPT_TENSOR_LIST)
    return pt_fail(d, PT_ERR_BAD_ENUM, "value %u: unknown value type %u", (unsigned)i, (unsigned)tag);
  if (!has && tag != PT_TAG_NULL)
    return pt_fail(d, PT_ERR_BAD_FLATBUFFER, "value %u: %s value has no data (table at offset %u)",
                   (unsigned)i, tag_names[tag], (unsigned)ev.pos);
  pt_memset(v, 0, sizeof *v);
  v->tag = tag;
  switch (tag) {
    case PT_TAG_INT: TRY(pt_fb_u64(&b, &val, 0, 0, &u, d)); v->u.i = (int64_t)u; break;
    case PT_TAG_BOOL: { uint8_t x; TRY(pt_fb_u8(&b, &val, 0, 0, &x, d)); v->u.b = x != 0; break; }
    case PT_TAG_DOUBLE: TRY(pt_fb_u64(&b, &val, 0, 0, &u, d)); pt_memcpy(&v->u.d, &u, sizeof u); break;
    case PT_TAG_TENSOR: {
      pt_tensor tmp;
      TRY(tensor(p, plan, i, &val, t ? t : &tmp, loc, d));
      v->u.t = t;
      break;
    }
    case PT_TAG_STRING: {
      const char *s;
      uint32_t n;
      TRY(pt_fb_str_field(&b, &val, 0, &s, &n, d));
      v->u.list.items = s;
      v->u.list.len = n;
      break;
    }
    case PT_TAG_INT_LIST: case PT_TAG_DOUBLE_LIST: case PT_TAG_BOOL_LIST:
    case PT_TAG_TENSOR_LIST: case PT_TAG_OPT_TENSOR_LIST: {
      uint32_t width = tag == PT_TAG_BOOL_LIST ? 1 : tag >= PT_TAG_TENSOR_LIST ? 4 : 8;
      TRY(pt_fb_vec_field(&b, &val, 0, width, &items, d));
      if (tag == PT_TAG_INT_LIST || tag >= PT_TAG_TENSOR_LIST)
        TRY(check_list(p, plan, i, &items, width, tag, d));
      v->u.list.items = p->data + items.pos;
      v->u.list.len = items.len;
      break;
    }
    default: break;
  }
  return PT_OK;
}

pt_status pte_instr_get(const pt_program *p, const pte_plan *plan, uint32_t c, uint32_t j, pte_instr *in,
                        uint32_t *chain_len, pt_diag *d) {
  pt_fb_buf b = pte_buf(p);
  pt_fb_table chain, ins, args;
  pt_fb_vec instrs, argv;
  uint8_t kind;
  bool has;
  uint32_t a = 0, bb = 0;
  TRY(pt_fb_vec_table(&b, &plan->chains, c, &chain, d));
  TRY(pt_fb_vec_field(&b, &chain, 2, 4, &instrs, d));
  *chain_len = instrs.len;
  if (j >= instrs.len) return PT_OK;
  TRY(pt_fb_vec_table(&b, &instrs, j, &ins, d));
  TRY(pt_fb_u8(&b, &ins, 0, 0, &kind, d));
  TRY(pt_fb_table_field(&b, &ins, 1, &args, &has, d));
  if (kind == INSTR_NONE || kind > INSTR_FREE)
    return pt_fail(d, PT_ERR_BAD_ENUM, "instruction %u: unknown instruction type %u", (unsigned)j, (unsigned)kind);
  if (kind == INSTR_DELEGATE) {
    if (has) TRY(pt_fb_u32(&b, &args, 0, 0, &a, d));
    return pt_fail(d, PT_ERR_UNSUPPORTED, "delegates are not supported (instruction %u calls delegate %d)",
                   (unsigned)j, (int)a);
  }
  if (!has)
    return pt_fail(d, PT_ERR_BAD_FLATBUFFER, "instruction %u: no arguments (table at offset %u)", (unsigned)j, (unsigned)ins.pos);
  TRY(pt_fb_u32(&b, &args, 0, 0, &a, d));
  pt_memset(in, 0, sizeof *in);
  in->kind = kind;
  in->a = (int32_t)a;
  uint32_t nv = plan->values.len;
  if (kind == INSTR_KERNEL) {
    TRY(pt_fb_vec_field(&b, &args, 1, 4, &argv, d));
    if (!in_range(in->a, plan->operators.len))
      return pt_fail(d, PT_ERR_BAD_INDEX, "instruction %u: operator %d outside 0..%u", (unsigned)j, (int)in->a,
                     (unsigned)plan->operators.len);
    in->args = (const int32_t *)(const void *)(p->data + argv.pos);
    in->nargs = argv.len;
    for (uint32_t k = 0; k < argv.len; k++)
      if (!in_range(in->args[k], nv))
        return pt_fail(d, PT_ERR_BAD_INDEX, "instruction %u: argument %u is value %d, outside 0..%u",
                       (unsigned)j, (unsigned)k, (int)in->args[k], (unsigned)nv);
    return PT_OK;
  }
  if (kind != INSTR_FREE) TRY(pt_fb_u32(&b, &args, 1, 0, &bb, d));
  in->b = (int32_t)bb;
  if (!in_range(in->a, nv))
    return pt_fail(d, PT_ERR_BAD_INDEX, "instruction %u: %s value %d outside 0..%u", (unsigned)j,
                   kind == INSTR_MOVE ? "move from" : kind == INSTR_FREE ? "free of" : "jump condition", (int)in->a,
                   (unsigned)nv);
  if (kind == INSTR_MOVE && !in_range(in->b, nv))
    return pt_fail(d, PT_ERR_BAD_INDEX, "instruction %u: move to value %d outside 0..%u", (unsigned)j, (int)in->b,
                   (unsigned)nv);
  if (kind == INSTR_JUMP_FALSE && !in_range(in->b, instrs.len))
    return pt_fail(d, PT_ERR_BAD_INDEX, "instruction %u: jump to instruction %d outside the chain's 0..%u",
                   (unsigned)j, (int)in->b, (unsigned)instrs.len);
  return PT_OK;
}

pt_status pte_operator(const pt_program *p, const pte_plan *plan, uint32_t k, const char **name, uint32_t *name_len,
                       const char **ov, uint32_t *ov_len, pt_diag *d) {
  pt_fb_buf b = pte_buf(p);
  pt_fb_table op;
  TRY(pt_fb_vec_table(&b, &plan->operators, k, &op, d));
  TRY(pt_fb_str_field(&b, &op, 0, name, name_len, d));
  return pt_fb_str_field(&b, &op, 1, ov, ov_len, d);
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
static pt_status check_jump_condition(const pt_program *p, const pte_plan *plan, const pte_instr *in, uint32_t j,
                                      pt_diag *d) {
  pt_value v;
  pt_tensor t;
  TRY(pte_value(p, plan, (uint32_t)in->a, &v, &t, NULL, d));
  if (v.tag == PT_TAG_BOOL || (v.tag == PT_TAG_TENSOR && t.dtype == PT_BOOL && t.numel == 1)) return PT_OK;
  if (v.tag == PT_TAG_TENSOR)
    return pt_fail(d, PT_ERR_BAD_ARGUMENTS, "instruction %u: jump condition (value %d) is a %s tensor of %u elements, "
                   "not a bool", (unsigned)j, (int)in->a, pt_dtype_name(t.dtype), (unsigned)t.numel);
  return pt_fail(d, PT_ERR_BAD_ARGUMENTS, "instruction %u: jump condition (value %d) is a %s, not a bool",
                 (unsigned)j, (int)in->a, tag_names[v.tag]);
}

/* A Move replaces a value at run time, after every kernel was bound to what it held: it is
 * safe only between tensors of one dtype, shape and dim_order, from a writable tensor (the
 * destination may be a kernel's output). Anything else would undo bind-time checks. */
static pt_status check_move(const pt_program *p, const pte_plan *plan, const pte_instr *in, uint32_t j, pt_diag *d) {
  pt_value a, b;
  pt_tensor ta, tb;
  TRY(pte_value(p, plan, (uint32_t)in->a, &a, &ta, NULL, d));
  TRY(pte_value(p, plan, (uint32_t)in->b, &b, &tb, NULL, d));
  if (a.tag != PT_TAG_TENSOR || b.tag != PT_TAG_TENSOR)
    return pt_fail(d, PT_ERR_UNSUPPORTED, "instruction %u: move from value %d (a %s) to value %d (a %s): petite "
                   "moves only tensors", (unsigned)j, (int)in->a, tag_names[a.tag], (int)in->b, tag_names[b.tag]);
  bool same = ta.dtype == tb.dtype && ta.rank == tb.rank;
  for (uint32_t k = 0; same && k < ta.rank; k++) same = ta.sizes[k] == tb.sizes[k] && ta.dim_order[k] == tb.dim_order[k];
  if (!same)
    return pt_fail(d, PT_ERR_BAD_ARGUMENTS, "instruction %u: move from value %d (%s, rank %u, %u elements) to value "
                   "%d (%s, rank %u, %u elements): dtype, shape or dim_order differ", (unsigned)j, (int)in->a,
                   pt_dtype_name(ta.dtype), (unsigned)ta.rank, (unsigned)ta.numel, (int)in->b,
                   pt_dtype_name(tb.dtype), (unsigned)tb.rank, (unsigned)tb.numel);
  if (ta.is_constant)
    return pt_fail(d, PT_ERR_UNSUPPORTED, "instruction %u: move from constant value %d: its bytes are read-only",
                   (unsigned)j, (int)in->a);
  return PT_OK;
}

/* Everything in one execution plan, once. Also counts tensors and instructions. */
pt_status pte_plan_verify(const pt_program *p, pte_plan *plan, pt_diag *d) {
  pt_fb_buf b = pte_buf(p);
  pt_fb_vec delegates;
  TRY(pt_fb_vec_field(&b, &plan->t, PLAN_DELEGATES, 4, &delegates, d));
  if (delegates.len > 0)
    return pt_fail(d, PT_ERR_UNSUPPORTED, "method %.*s uses %u backend delegates: delegates are not supported",
                   (int)plan->name_len, plan->name, (unsigned)delegates.len);
  if (plan->buffer_sizes.len > PT_MAX_BUFFERS + 1)
    return pt_fail(d, PT_ERR_UNSUPPORTED, "method %.*s plans %u memory buffers (max %u)", (int)plan->name_len,
                   plan->name, (unsigned)plan->buffer_sizes.len - 1, PT_MAX_BUFFERS);
  for (uint32_t k = 1; k < plan->buffer_sizes.len; k++)
    if (pt_fb_rd64(p->data + plan->buffer_sizes.pos + 8u * k) > UINT32_MAX)
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
    pt_fb_table chain;
    pt_fb_vec io;
    TRY(pt_fb_vec_table(&b, &plan->chains, c, &chain, d));
    TRY(pt_fb_vec_field(&b, &chain, 0, 4, &io, d));
    TRY(check_indices(p, plan, &io, "chain input", d));
    TRY(pt_fb_vec_field(&b, &chain, 1, 4, &io, d));
    TRY(check_indices(p, plan, &io, "chain output", d));
    uint32_t n = 0;
    for (uint32_t j = 0; j == 0 || j < n; j++) {
      pte_instr in;
      TRY(pte_instr_get(p, plan, c, j, &in, &n, d));
      if (j < n && in.kind == INSTR_JUMP_FALSE) TRY(check_jump_condition(p, plan, &in, j, d));
      if (j < n && in.kind == INSTR_MOVE) TRY(check_move(p, plan, &in, j, d));
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

  pt_fb_buf b = pte_buf(p);
  pt_fb_table root, cseg;
  pt_fb_vec plans, segs, cbufs, coffs;
  bool has_cseg;
  if (pt_fb_rd32(p->data) >= p->program_size)
    return pt_fail(d, PT_ERR_TRUNCATED, "root table offset %u is past the program end (%zu)",
                   (unsigned)pt_fb_rd32(p->data), p->program_size);
  TRY(pt_fb_root(&b, &root, d));
  p->root = root.pos;
  TRY(pt_fb_u32(&b, &root, PROGRAM_VERSION, 0, &p->version, d));
  TRY(pt_fb_vec_field(&b, &root, PROGRAM_PLANS, 4, &plans, d));
  TRY(pt_fb_vec_field(&b, &root, PROGRAM_CONSTANT_BUFFER, 4, &cbufs, d));
  TRY(pt_fb_vec_field(&b, &root, PROGRAM_SEGMENTS, 4, &segs, d));
  TRY(pt_fb_table_field(&b, &root, PROGRAM_CONSTANT_SEGMENT, &cseg, &has_cseg, d));
  p->plans = plans.pos;
  p->nplans = plans.len;
  p->constant_buffers = cbufs.pos;
  p->nconstant_buffers = cbufs.len;

  /* Segments without an extended header are fine when empty: ExecuTorch writes one empty
   * constant segment, and no header, for a program without constants. */
  for (uint32_t k = 0; k < segs.len; k++) {
    pt_fb_table seg;
    uint64_t off, sz;
    TRY(pt_fb_vec_table(&b, &segs, k, &seg, d));
    TRY(pt_fb_u64(&b, &seg, 0, 0, &off, d));
    TRY(pt_fb_u64(&b, &seg, 1, 0, &sz, d));
    if (p->segment_base == 0 && (off | sz) != 0)
      return pt_fail(d, PT_ERR_BAD_HEADER, "segment %u (%llu bytes at %llu) but the file has no extended header "
                     "locating segment data", (unsigned)k, (unsigned long long)sz, (unsigned long long)off);
    if (off > p->segment_data_size || sz > p->segment_data_size - off)
      return pt_fail(d, PT_ERR_BAD_HEADER, "segment %u (%llu bytes at %llu) is outside the segment data (%zu bytes)",
                     (unsigned)k, (unsigned long long)sz, (unsigned long long)off, p->segment_data_size);
  }
  for (uint32_t k = 0; k < cbufs.len; k++) {
    pt_fb_table buf;
    pt_fb_vec storage;
    TRY(pt_fb_vec_table(&b, &cbufs, k, &buf, d));
    TRY(pt_fb_vec_field(&b, &buf, 0, 1, &storage, d));
  }
  if (has_cseg) {
    uint32_t segi;
    TRY(pt_fb_u32(&b, &cseg, 0, 0, &segi, d));
    TRY(pt_fb_vec_field(&b, &cseg, 1, 8, &coffs, d));
    if (coffs.len > 0) {
      pt_fb_table seg;
      uint64_t off, sz;
      if (segi >= segs.len)
        return pt_fail(d, PT_ERR_BAD_INDEX, "constant segment index %u outside the %u segments", (unsigned)segi, (unsigned)segs.len);
      TRY(pt_fb_vec_table(&b, &segs, segi, &seg, d));
      TRY(pt_fb_u64(&b, &seg, 0, 0, &off, d));
      TRY(pt_fb_u64(&b, &seg, 1, 0, &sz, d));
      p->constant_offsets = coffs.pos;
      p->nconstant_offsets = coffs.len;
      p->constant_segment_start = p->segment_base + (size_t)off;
      p->constant_segment_size = (size_t)sz;
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
