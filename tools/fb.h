/* A small bounds-checked flatbuffer reader for the host tools (tfb_: the runtime has its
 * own fb_ reader, internal to it).
 *
 * Errors are sticky (like a stream's error flag): every read checks its range and, when it
 * is out of the buffer, sets `err` and returns zero, so callers test `fb.err` once at the end
 * of a walk instead of after every field. */
#ifndef PETITE_TOOLS_TFB_H
#define PETITE_TOOLS_TFB_H

#include <stddef.h>
#include <stdint.h>

typedef struct tfb {
  const uint8_t *p;
  size_t n;
  const char *err;  /* first error seen, or NULL */
} tfb;

uint8_t tfb_u8(tfb *b, size_t at);
uint16_t tfb_u16(tfb *b, size_t at);
uint32_t tfb_u32(tfb *b, size_t at);
uint64_t tfb_u64(tfb *b, size_t at);

/* Position of field `id` of the table at `table`, or 0 when the field is absent. */
size_t tfb_field(tfb *b, size_t table, unsigned id);
/* Scalars with their schema default when absent. */
uint32_t tfb_field_u32(tfb *b, size_t table, unsigned id, uint32_t dflt);
uint64_t tfb_field_u64(tfb *b, size_t table, unsigned id, uint64_t dflt);
uint8_t tfb_field_u8(tfb *b, size_t table, unsigned id, uint8_t dflt);
/* Position of the table/vector/string a reference field points at, or 0 when absent. */
size_t tfb_field_ref(tfb *b, size_t table, unsigned id);
/* A vector field: position of element 0 and its length (0, 0 when absent). `elem` is the
 * element size, used to check the whole vector lies in the buffer. */
size_t tfb_field_vec(tfb *b, size_t table, unsigned id, size_t elem, uint32_t *len);
/* Element i of a vector of tables (position of the table). */
size_t tfb_vec_table(tfb *b, size_t vec, uint32_t i);
/* A string field: pointer to its bytes and length; "" when absent. */
const char *tfb_field_str(tfb *b, size_t table, unsigned id, uint32_t *len);

#endif
