/* The .pte structures petite reads, decoded from a loaded program. Shared by the loader
 * (which calls these on everything once, as its verification pass) and method init. */
#ifndef PT_PTE_H
#define PT_PTE_H

#include "flatbuf.h"

/* Field ids (declaration order; a union takes two ids). */
enum { PROGRAM_VERSION = 0, PROGRAM_PLANS = 1, PROGRAM_CONSTANT_BUFFER = 2, PROGRAM_SEGMENTS = 4,
       PROGRAM_CONSTANT_SEGMENT = 5, PROGRAM_MUTABLE_SEGMENTS = 6 };
enum { PLAN_NAME = 0, PLAN_VALUES = 2, PLAN_INPUTS = 3, PLAN_OUTPUTS = 4, PLAN_CHAINS = 5,
       PLAN_OPERATORS = 6, PLAN_DELEGATES = 7, PLAN_BUFFER_SIZES = 8 };
enum { INSTR_NONE = 0, INSTR_KERNEL = 1, INSTR_DELEGATE = 2, INSTR_MOVE = 3, INSTR_JUMP_FALSE = 4,
       INSTR_FREE = 5 };

#define PT_MAX_CHAINS 3 /* pt_method.chain_starts has room for 3 chains + the end */

/* Run functions the executor uses for non-kernel instructions (state: two uint32). A taken
 * JumpFalse returns PT_JUMP with the absolute target in state[0]. */
pt_status pte_run_move(const pt_ctx *x, const pt_call *call);
pt_status pte_run_jump_false(const pt_ctx *x, const pt_call *call);
pt_status pte_run_free(const pt_ctx *x, const pt_call *call);
#define PT_JUMP PT_STATUS_COUNT

typedef struct pte_plan {
  pt_fb_table t;
  const char *name;
  uint32_t name_len;
  union { /* the table's fields, read in one pt_fb_fields call into f[] */
    pt_fb_vec f[8];
    struct { pt_fb_vec name_field, values, inputs, outputs, chains, operators, buffer_sizes, delegates; };
  };
  uint32_t ntensors, ninstructions;
} pte_plan;

/* Where a tensor's bytes are. */
typedef enum { PTE_UNPLANNED, PTE_PLANNED, PTE_CONSTANT } pte_where;
typedef struct pte_tensor_loc {
  pte_where where;
  uint32_t memory_id; /* planned: buffer memory_id - 1 */
  uint32_t offset;    /* planned: offset in that buffer */
  const uint8_t *data;/* constant data, or planned initial value (NULL if none) */
} pte_tensor_loc;

typedef struct pte_instr {
  uint8_t kind;       /* INSTR_* */
  int32_t a, b;       /* kernel: op_index; move: from,to; jump: cond,dest; free: value */
  const int32_t *args;/* kernel: value indices (in the program bytes) */
  uint32_t nargs;
} pte_instr;

pt_fb_buf pte_buf(const pt_program *p);
PT_MUST_CHECK pt_status pte_plan_get(const pt_program *p, uint32_t i, pte_plan *plan, pt_diag *d);
/* The plan whose table is at `pos`, a position already checked (pt_method.plan). */
PT_MUST_CHECK pt_status pte_plan_at(const pt_program *p, uint32_t pos, pte_plan *plan, pt_diag *d);
PT_MUST_CHECK pt_status pte_plan_find(const pt_program *p, const char *name, pte_plan *plan, pt_diag *d);
/* Counts the plan's tensors and instructions (a plan pt_program_load verified). */
PT_MUST_CHECK pt_status pte_plan_count(const pt_program *p, pte_plan *plan, pt_diag *d);
/* Verifies everything in the plan; counts its tensors and instructions. */
PT_MUST_CHECK pt_status pte_plan_verify(const pt_program *p, pte_plan *plan, pt_diag *d);
/* Decodes (and verifies) value i; a failure message starts "value i: ". For tensors, fills *t and *loc (t, loc may be NULL otherwise). */
PT_MUST_CHECK pt_status pte_value(const pt_program *p, const pte_plan *plan, uint32_t i, pt_value *v,
                                  pt_tensor *t, pte_tensor_loc *loc, pt_diag *d);
/* Decodes (and verifies) instruction j of chain c. Its messages do not repeat "instruction j":
 * pte_plan_verify, which verifies every instruction once, puts that before them. */
PT_MUST_CHECK pt_status pte_instr_get(const pt_program *p, const pte_plan *plan, uint32_t c, uint32_t j,
                                      pte_instr *in, uint32_t *chain_len, pt_diag *d);
/* Operator k as "name" and "overload". */
PT_MUST_CHECK pt_status pte_operator(const pt_program *p, const pte_plan *plan, uint32_t k,
                                     const char **name, uint32_t *name_len, const char **ov,
                                     uint32_t *ov_len, pt_diag *d);
int32_t pte_i32_at(const pt_program *p, const pt_fb_vec *v, uint32_t i);

#endif
