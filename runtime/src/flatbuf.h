/* Bounds-checked reading of a flatbuffer held in untrusted bytes.
 *
 * Positions are byte offsets from the start of the buffer. Every function checks what it
 * reads against the buffer size (and the table size its vtable declares) before reading,
 * and reports a failure as PT_ERR_BAD_FLATBUFFER with the file offset in the message.
 * Numbers are little-endian and read byte by byte, so no read is ever misaligned. Positions
 * that may pass 32 bits are added and compared in 64 bits, never divided (no libgcc helper). */
#ifndef PT_FLATBUF_H
#define PT_FLATBUF_H

#include "petite_kernel.h"

typedef struct pt_fb_buf {
  const uint8_t *p;
  uint32_t size;
} pt_fb_buf;

/* A table whose vtable has been checked. */
typedef struct pt_fb_table {
  uint32_t pos;    /* table start (its soffset to the vtable) */
  uint32_t vt;     /* vtable start */
  uint16_t vtsize; /* vtable bytes */
  uint16_t tsize;  /* table bytes */
} pt_fb_table;

/* A vector whose elements all lie inside the buffer. */
typedef struct pt_fb_vec {
  uint32_t pos;    /* first element */
  uint32_t len;
} pt_fb_vec;

uint16_t pt_fb_rd16(const uint8_t *p);
uint32_t pt_fb_rd32(const uint8_t *p);
uint64_t pt_fb_rd64(const uint8_t *p);

/* Checks the table at `pos`: inside the buffer, with a vtable inside it. */
PT_MUST_CHECK pt_status pt_fb_check_table(const pt_fb_buf *b, uint64_t pos, pt_diag *d);
PT_MUST_CHECK pt_status pt_fb_table_at(const pt_fb_buf *b, uint64_t pos, pt_fb_table *t, pt_diag *d);
PT_MUST_CHECK pt_status pt_fb_root(const pt_fb_buf *b, pt_fb_table *t, pt_diag *d);

/* Scalars: absent fields read as `def`. */
PT_MUST_CHECK pt_status pt_fb_u8(const pt_fb_buf *b, const pt_fb_table *t, unsigned id, uint8_t def,
                              uint8_t *out, pt_diag *d);
PT_MUST_CHECK pt_status pt_fb_u32(const pt_fb_buf *b, const pt_fb_table *t, unsigned id, uint32_t def,
                               uint32_t *out, pt_diag *d);
PT_MUST_CHECK pt_status pt_fb_u64(const pt_fb_buf *b, const pt_fb_table *t, unsigned id, uint64_t def,
                               uint64_t *out, pt_diag *d);

/* A sub-table; *present = false (and *out zeroed) when the field is absent. */
PT_MUST_CHECK pt_status pt_fb_table_field(const pt_fb_buf *b, const pt_fb_table *t, unsigned id,
                                       pt_fb_table *out, bool *present, pt_diag *d);
/* A vector of `elem` (1, 4, 8 or 16) byte elements, data aligned to min(max(elem, 4), 8). Absent = empty. */
PT_MUST_CHECK pt_status pt_fb_vec_field(const pt_fb_buf *b, const pt_fb_table *t, unsigned id,
                                     uint32_t elem, pt_fb_vec *out, pt_diag *d);
/* A string (bytes, not relying on the NUL). Absent = "" (len 0). */
PT_MUST_CHECK pt_status pt_fb_str_field(const pt_fb_buf *b, const pt_fb_table *t, unsigned id,
                                     const char **s, uint32_t *len, pt_diag *d);
/* Element i of a vector of tables (i must be < v->len). */
PT_MUST_CHECK pt_status pt_fb_vec_table(const pt_fb_buf *b, const pt_fb_vec *v, uint32_t i,
                                     pt_fb_table *out, pt_diag *d);

/* Table-driven reading, which the loader uses: one routine checks every field of a table
 * from a small const descriptor instead of one call (and one error path) per field.
 * A descriptor is its field count, then one byte per field: PT_FB_F(id, kind, size code). */
enum { PT_FB_SCALAR = 0, PT_FB_VECTOR = 4, PT_FB_TABLE = 8 }; /* kinds */
enum { PT_FB_1 = 0, PT_FB_4 = 1, PT_FB_8 = 2, PT_FB_16 = 3 }; /* scalar / element bytes (16: vectors) */
#define PT_FB_F(id, kind, size) ((uint8_t)((id) << 4 | (kind) | (size))) /* id < 16 */
/* Reads the fields `desc` lists of the (checked) table at `table` into out[0..n-1]:
 *   scalar: .pos = the value (low 32 bits), .len = the high 32 bits of a u64; absent = 0;
 *   vector or string (size 1): .pos = its first element, .len = its length; absent = 0, 0;
 *   table: .pos = its position, its vtable checked; absent = 0. */
PT_MUST_CHECK pt_status pt_fb_fields(const pt_fb_buf *b, uint32_t table, const uint8_t *desc, pt_fb_vec *out,
                                  pt_diag *d);
/* Position of the (checked) table that element i of a vector of tables points to. */
PT_MUST_CHECK pt_status pt_fb_elem(const pt_fb_buf *b, const pt_fb_vec *v, uint32_t i, uint32_t *table, pt_diag *d);

#endif
