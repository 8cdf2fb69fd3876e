/* Bounds-checked flatbuffer reads (see fb.h). Little-endian host assumed, as ExecuTorch does. */
#include "fb.h"

#include <string.h>

static int tfb_has(tfb *b, size_t at, size_t len) {
  if (b->err) return 0;
  if (at > b->n || len > b->n - at) {
    b->err = "a flatbuffer offset points outside the file";
    return 0;
  }
  return 1;
}

uint8_t tfb_u8(tfb *b, size_t at) { return tfb_has(b, at, 1) ? b->p[at] : 0; }

uint16_t tfb_u16(tfb *b, size_t at) {
  uint16_t v = 0;
  if (tfb_has(b, at, 2)) memcpy(&v, b->p + at, 2);
  return v;
}

uint32_t tfb_u32(tfb *b, size_t at) {
  uint32_t v = 0;
  if (tfb_has(b, at, 4)) memcpy(&v, b->p + at, 4);
  return v;
}

uint64_t tfb_u64(tfb *b, size_t at) {
  uint64_t v = 0;
  if (tfb_has(b, at, 8)) memcpy(&v, b->p + at, 8);
  return v;
}

size_t tfb_field(tfb *b, size_t table, unsigned id) {
  if (table == 0) return 0;
  int32_t soff = (int32_t)tfb_u32(b, table);
  int64_t vt = (int64_t)table - soff;
  if (b->err) return 0;
  if (vt < 0 || (uint64_t)vt > b->n) {
    b->err = "a flatbuffer vtable lies outside the file";
    return 0;
  }
  uint16_t vtlen = tfb_u16(b, (size_t)vt);
  if (4u + 2u * id + 2u > vtlen) return 0; /* field newer than the writer: absent */
  uint16_t off = tfb_u16(b, (size_t)vt + 4u + 2u * id);
  return off ? table + off : 0;
}

uint32_t tfb_field_u32(tfb *b, size_t table, unsigned id, uint32_t dflt) {
  size_t at = tfb_field(b, table, id);
  return at ? tfb_u32(b, at) : dflt;
}

uint64_t tfb_field_u64(tfb *b, size_t table, unsigned id, uint64_t dflt) {
  size_t at = tfb_field(b, table, id);
  return at ? tfb_u64(b, at) : dflt;
}

uint8_t tfb_field_u8(tfb *b, size_t table, unsigned id, uint8_t dflt) {
  size_t at = tfb_field(b, table, id);
  return at ? tfb_u8(b, at) : dflt;
}

size_t tfb_field_ref(tfb *b, size_t table, unsigned id) {
  size_t at = tfb_field(b, table, id);
  if (!at) return 0;
  uint32_t rel = tfb_u32(b, at);
  if (b->err) return 0;
  if (rel == 0 || rel > b->n - at) {
    b->err = "a flatbuffer reference points outside the file";
    return 0;
  }
  return at + rel;
}

size_t tfb_field_vec(tfb *b, size_t table, unsigned id, size_t elem, uint32_t *len) {
  *len = 0;
  size_t at = tfb_field_ref(b, table, id);
  if (!at) return 0;
  uint32_t n = tfb_u32(b, at);
  if (!tfb_has(b, at + 4, (size_t)n * elem)) return 0;
  *len = n;
  return at + 4;
}

size_t tfb_vec_table(tfb *b, size_t vec, uint32_t i) {
  size_t at = vec + (size_t)i * 4u;
  uint32_t rel = tfb_u32(b, at);
  if (b->err) return 0;
  if (rel == 0 || rel > b->n - at) {
    b->err = "a flatbuffer vector element points outside the file";
    return 0;
  }
  return at + rel;
}

const char *tfb_field_str(tfb *b, size_t table, unsigned id, uint32_t *len) {
  const char *s = (const char *)(const void *)b->p;
  size_t at = tfb_field_vec(b, table, id, 1, len);
  return at ? s + at : "";
}
