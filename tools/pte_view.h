/* What the host tools see of a .pte: every method's values, instructions, operators and
 * memory plan, and where each piece lives in the file. Read with fb.h from a program that
 * pt_program_load has already verified; the reads are bounds-checked all the same.
 * Host only: allocates with malloc, freed by pte_view_free. */
#ifndef PETITE_TOOLS_PTE_VIEW_H
#define PETITE_TOOLS_PTE_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "petite.h"

typedef struct pv_tensor {
  int dtype;
  uint32_t rank;
  int32_t sizes[PT_MAX_RANK];
  uint8_t dim_order[PT_MAX_RANK];
  int64_t strides[PT_MAX_RANK]; /* in elements, derived from sizes and dim_order */
  uint64_t numel;
  uint64_t nbytes;
  uint32_t data_buffer_idx;     /* > 0: constant (or initial value of a mutable tensor) */
  int planned;                  /* allocation_info present */
  uint32_t mem_id;              /* planned: buffer mem_id - 1 */
  uint64_t mem_offset;
  int64_t file_offset;          /* constants: where the bytes are in the file, or -1 */
} pv_tensor;

typedef struct pv_value {
  int tag;                      /* pt_tag */
  int64_t i;
  double d;
  int b;
  pv_tensor t;
  uint32_t len;                 /* lists and strings */
  int64_t *items;               /* INT_LIST value indices, TENSOR_LIST indices, BOOL_LIST values */
  double *ditems;               /* DOUBLE_LIST */
  char *str;                    /* STRING, NUL-terminated copy */
  int is_input, is_output;
} pv_value;

enum { PV_KERNEL = 1, PV_DELEGATE = 2, PV_MOVE = 3, PV_JUMP_FALSE = 4, PV_FREE = 5 };

typedef struct pv_instr {
  int kind;
  int32_t op;                   /* KERNEL: operator index */
  uint32_t nargs;
  int32_t *args;
  int32_t a, b;                 /* MOVE from/to, JUMP_FALSE cond/dest, FREE value */
  uint32_t chain;
} pv_instr;

typedef struct pv_method {
  char *name;
  uint32_t nvalues;
  pv_value *values;
  uint32_t ninputs, noutputs;
  int32_t *inputs, *outputs;
  uint32_t nops;
  char **ops;                   /* "aten::addmm.out" */
  uint32_t ninstr;
  pv_instr *instr;
  uint32_t nchains;
  uint32_t nbuffers;            /* planned buffers, without the reserved entry 0 */
  uint64_t *buffer_sizes;
  uint32_t ndelegates;
} pv_method;

typedef struct pv_program {
  size_t file_size;
  int has_ext_header;
  size_t header_bytes;          /* extended header length, 0 if none */
  size_t program_size;          /* flatbuffer bytes */
  size_t segment_base, segment_data_size;
  uint32_t nsegments;
  uint64_t *seg_offsets, *seg_sizes;  /* relative to segment_base */
  int constant_segment;         /* segment index of the constants, -1 if none */
  uint32_t nconst_offsets;
  uint64_t *const_offsets;      /* constant_segment.offsets */
  uint32_t nconst_buffers;      /* legacy inline constant_buffer entries */
  uint32_t version;
  uint32_t nmethods;
  pv_method *methods;
} pv_program;

/* Reads the program at `data` (the whole file). Returns 0, or -1 with a message in err. */
int pte_view_read(pv_program *v, const uint8_t *data, size_t size, char *err, size_t errlen);
void pte_view_free(pv_program *v);

/* A short description of value idx for an argument list: "%7" for a tensor, the value
 * itself for scalars ("1", "2.5", "True", "None"), "[1, 0]" for int lists. */
void pv_value_short(const pv_method *m, int32_t idx, char *buf, size_t len);
/* "constant", "planned", "input", "output", "input+planned"... of a tensor value. */
const char *pv_tensor_role(const pv_method *m, int32_t idx, char *buf, size_t len);

#endif
