/* Bounds-checked flatbuffer reading: see flatbuf.h. */
#include "flatbuf.h"

#define TRY(x) do { pt_status s_ = (x); if (s_ != PT_OK) return s_; } while (0)

uint16_t pt_fb_rd16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
uint32_t pt_fb_rd32(const uint8_t *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
uint64_t pt_fb_rd64(const uint8_t *p) { return pt_fb_rd32(p) | ((uint64_t)pt_fb_rd32(p + 4) << 32); }

/* The vtable of a checked table (its soffset, applied modulo 2^32, lands inside the buffer). */
static uint32_t vtable_of(const pt_fb_buf *b, uint32_t pos) { return pos - pt_fb_rd32(b->p + pos); }

pt_status pt_fb_check_table(const pt_fb_buf *b, uint64_t pos, pt_diag *d) {
  if (pos % 4 != 0 || pos + 4 > b->size)
    return pt_fail(d, PT_ERR_BAD_FLATBUFFER, "flatbuffer: table at offset %llu outside the buffer",
                   (unsigned long long)pos);
  int64_t vt = (int64_t)pos - (int32_t)pt_fb_rd32(b->p + pos);
  if (vt < 0 || vt % 2 != 0 || (uint64_t)vt + 4 > b->size)
    return pt_fail(d, PT_ERR_BAD_FLATBUFFER, "flatbuffer: vtable of table at offset %llu outside the buffer",
                   (unsigned long long)pos);
  uint16_t vtsize = pt_fb_rd16(b->p + vt), tsize = pt_fb_rd16(b->p + vt + 2);
  if (vtsize < 4 || vtsize % 2 != 0 || (uint64_t)vt + vtsize > b->size)
    return pt_fail(d, PT_ERR_BAD_FLATBUFFER, "flatbuffer: bad vtable size %u at offset %llu",
                   (unsigned)vtsize, (unsigned long long)vt);
  if (tsize < 4 || pos + tsize > b->size)
    return pt_fail(d, PT_ERR_BAD_FLATBUFFER, "flatbuffer: table at offset %llu (%u bytes) overruns the buffer",
                   (unsigned long long)pos, (unsigned)tsize);
  return PT_OK;
}

pt_status pt_fb_table_at(const pt_fb_buf *b, uint64_t pos, pt_fb_table *t, pt_diag *d) {
  TRY(pt_fb_check_table(b, pos, d));
  t->pos = (uint32_t)pos;
  t->vt = vtable_of(b, t->pos);
  t->vtsize = pt_fb_rd16(b->p + t->vt);
  t->tsize = pt_fb_rd16(b->p + t->vt + 2);
  return PT_OK;
}

pt_status pt_fb_root(const pt_fb_buf *b, pt_fb_table *t, pt_diag *d) {
  if (b->size < 8) return pt_fail(d, PT_ERR_TRUNCATED, "file is %u bytes: too short for a flatbuffer", (unsigned)b->size);
  return pt_fb_table_at(b, pt_fb_rd32(b->p), t, d);
}

/* Position of field `id` (width bytes) of the checked table at `table`, or 0 when absent. */
static pt_status field(const pt_fb_buf *b, uint32_t table, unsigned id, uint32_t width, uint32_t *pos, pt_diag *d) {
  uint32_t vt = vtable_of(b, table), slot = 4 + 2 * id;
  uint16_t off = slot + 2 > pt_fb_rd16(b->p + vt) ? 0 : pt_fb_rd16(b->p + vt + slot);
  *pos = 0;
  if (off == 0) return PT_OK;
  /* Bounded by the buffer, not by the table size in the vtable: flatc may write a u64 field
   * past that size (ExecuTorch's serializer does, for Segment tables), and flatbuffers'
   * own verifier checks fields against the buffer only. */
  if (off < 4 || (uint64_t)table + off + width > b->size)
    return pt_fail(d, PT_ERR_BAD_FLATBUFFER, "flatbuffer: field %u of table at offset %u (+%u, %u bytes) lies outside the buffer",
                   id, (unsigned)table, (unsigned)off, (unsigned)width);
  *pos = table + off;
  return PT_OK;
}

/* Follows the uoffset stored in field `id`; *target = 0 when absent. */
static pt_status follow(const pt_fb_buf *b, uint32_t table, unsigned id, uint64_t *target, pt_diag *d) {
  uint32_t pos;
  *target = 0;
  TRY(field(b, table, id, 4, &pos, d));
  if (pos == 0) return PT_OK;
  uint64_t to = (uint64_t)pos + pt_fb_rd32(b->p + pos);
  if (to >= b->size)
    return pt_fail(d, PT_ERR_BAD_FLATBUFFER, "flatbuffer: offset at %u points past the end (%llu)",
                   (unsigned)pos, (unsigned long long)to);
  *target = to;
  return PT_OK;
}

/* A vector (or string, elem 1) starting at `to`; data aligned to min(max(elem, 4), 8). */
static pt_status vec_at(const pt_fb_buf *b, uint64_t to, uint32_t elem, pt_fb_vec *out, pt_diag *d) {
  uint32_t align = elem < 4 ? 4 : (elem > 8 ? 8 : elem);
  if (to % 4 != 0 || to + 4 > b->size)
    return pt_fail(d, PT_ERR_BAD_FLATBUFFER, "flatbuffer: vector at offset %llu misaligned or outside the buffer",
                   (unsigned long long)to);
  uint32_t len = pt_fb_rd32(b->p + to);
  uint64_t data = to + 4;
  if ((data & (align - 1)) != 0 && len > 0) /* align is a power of two: no 64-bit division */
    return pt_fail(d, PT_ERR_BAD_FLATBUFFER, "flatbuffer: vector data at offset %llu not aligned to %u",
                   (unsigned long long)data, (unsigned)align);
  if (data + (uint64_t)len * elem > b->size)
    return pt_fail(d, PT_ERR_BAD_FLATBUFFER, "flatbuffer: vector at offset %llu (%u x %u bytes) overruns the buffer",
                   (unsigned long long)to, (unsigned)len, (unsigned)elem);
  out->pos = (uint32_t)data;
  out->len = len;
  return PT_OK;
}

pt_status pt_fb_fields(const pt_fb_buf *b, uint32_t table, const uint8_t *desc, pt_fb_vec *out, pt_diag *d) {
  for (unsigned k = 0; k < desc[0]; k++) {
    unsigned f = desc[k + 1], code = f & 3, kind = f & 12, id = f >> 4;
    uint32_t size = code ? 2u << code : 1u, pos;
    uint64_t to;
    pt_fb_vec *o = &out[k];
    o->pos = o->len = 0;
    if (kind == PT_FB_SCALAR) {
      TRY(field(b, table, id, size, &pos, d));
      if (!pos) continue;
      o->pos = size == 1 ? b->p[pos] : pt_fb_rd32(b->p + pos);
      if (size == 8) o->len = pt_fb_rd32(b->p + pos + 4);
      continue;
    }
    TRY(follow(b, table, id, &to, d));
    if (!to) continue;
    if (kind == PT_FB_TABLE) {
      TRY(pt_fb_check_table(b, to, d));
      o->pos = (uint32_t)to;
    } else {
      TRY(vec_at(b, to, size, o, d));
    }
  }
  return PT_OK;
}

pt_status pt_fb_elem(const pt_fb_buf *b, const pt_fb_vec *v, uint32_t i, uint32_t *table, pt_diag *d) {
  uint64_t at = (uint64_t)v->pos + 4u * (uint64_t)i;
  if (i >= v->len || at + 4 > b->size)
    return pt_fail(d, PT_ERR_BAD_FLATBUFFER, "flatbuffer: element %u of vector at offset %u out of range",
                   (unsigned)i, (unsigned)v->pos);
  at += pt_fb_rd32(b->p + at);
  TRY(pt_fb_check_table(b, at, d));
  *table = (uint32_t)at;
  return PT_OK;
}

/* ---- one field at a time (tests and tools) ------------------------------------------- */

pt_status pt_fb_u8(const pt_fb_buf *b, const pt_fb_table *t, unsigned id, uint8_t def, uint8_t *out, pt_diag *d) {
  uint32_t pos;
  pt_status s = field(b, t->pos, id, 1, &pos, d);
  *out = pos ? b->p[pos] : def;
  return s;
}

pt_status pt_fb_u32(const pt_fb_buf *b, const pt_fb_table *t, unsigned id, uint32_t def, uint32_t *out, pt_diag *d) {
  uint32_t pos;
  pt_status s = field(b, t->pos, id, 4, &pos, d);
  *out = pos ? pt_fb_rd32(b->p + pos) : def;
  return s;
}

pt_status pt_fb_u64(const pt_fb_buf *b, const pt_fb_table *t, unsigned id, uint64_t def, uint64_t *out, pt_diag *d) {
  uint32_t pos;
  pt_status s = field(b, t->pos, id, 8, &pos, d);
  *out = pos ? pt_fb_rd64(b->p + pos) : def;
  return s;
}

pt_status pt_fb_table_field(const pt_fb_buf *b, const pt_fb_table *t, unsigned id, pt_fb_table *out, bool *present, pt_diag *d) {
  const uint8_t desc[] = { 1, PT_FB_F(id, PT_FB_TABLE, PT_FB_4) };
  pt_fb_vec f;
  pt_status s = pt_fb_fields(b, t->pos, desc, &f, d);
  *present = false;
  out->pos = out->vt = 0;
  out->vtsize = out->tsize = 0;
  if (s != PT_OK || f.pos == 0) return s;
  *present = true;
  return pt_fb_table_at(b, f.pos, out, d);
}

pt_status pt_fb_vec_field(const pt_fb_buf *b, const pt_fb_table *t, unsigned id, uint32_t elem, pt_fb_vec *out, pt_diag *d) {
  const uint8_t desc[] = { 1, PT_FB_F(id, PT_FB_VECTOR, elem == 1 ? PT_FB_1 : elem == 4 ? PT_FB_4 : elem == 8 ? PT_FB_8 : PT_FB_16) };
  return pt_fb_fields(b, t->pos, desc, out, d);
}

pt_status pt_fb_str_field(const pt_fb_buf *b, const pt_fb_table *t, unsigned id, const char **s, uint32_t *len, pt_diag *d) {
  pt_fb_vec v;
  pt_status st = pt_fb_vec_field(b, t, id, 1, &v, d);
  *s = st == PT_OK && v.pos ? (const char *)b->p + v.pos : "";
  *len = st == PT_OK ? v.len : 0;
  return st;
}

pt_status pt_fb_vec_table(const pt_fb_buf *b, const pt_fb_vec *v, uint32_t i, pt_fb_table *out, pt_diag *d) {
  uint32_t pos = 0; /* set by pt_fb_elem on success; gcc -O2 cannot see that */
  TRY(pt_fb_elem(b, v, i, &pos, d));
  return pt_fb_table_at(b, pos, out, d);
}
