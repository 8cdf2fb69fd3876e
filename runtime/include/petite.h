/* petite: run ExecuTorch .pte programs on microcontrollers, in C11, with no heap.
 *
 * The application API. (Kernel authors: petite_kernel.h. Everything else is internal.)
 * The flow, on a device whose memory `petite fit` sized, with the program embedded by
 * `petite header model.pte --name model` (or petite_add_model in CMake) as model[] and
 * model_size (tests/runtime/test_header_example.c compiles and runs exactly these lines):
 *
 * example-begin
 *   static _Alignas(16) uint8_t meta[2048], arena[256], scratch[64];
 *   pt_diag diag;
 *   pt_program prog;
 *   pt_method_plan plan;
 *   pt_memory mem;
 *   pt_method m;
 *   float x[1] = {0.5f};
 *   if (pt_program_load(&prog, model, model_size, &diag) != PT_OK ||   // verify, in place
 *       pt_method_needs(&prog, "forward", &pt_all_kernels, &plan, NULL, 0, &diag) != PT_OK ||
 *       pt_memory_carve(&mem, &plan, meta, sizeof meta, arena, sizeof arena, scratch,
 *                       sizeof scratch, &diag) != PT_OK ||
 *       pt_method_init(&m, &prog, "forward", &pt_all_kernels, &mem, &diag) != PT_OK ||  // bind once
 *       pt_method_set_input(&m, 0, x, sizeof x, &diag) != PT_OK ||
 *       pt_method_execute(&m, &diag) != PT_OK)
 *     return fail(&diag);
 *   const float *y = (const float *)pt_method_output(&m, 0)->u.t->data;
 * example-end
 *
 * Every fallible call returns a pt_status and, when the caller passes a pt_diag, writes a
 * human-readable message naming the thing that is wrong (offset, value index, operator...).
 * The runtime keeps no global mutable state: any number of programs and methods can coexist.
 */
#ifndef PETITE_H
#define PETITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define PT_MUST_CHECK __attribute__((warn_unused_result))
#else
#define PT_MUST_CHECK
#endif

/* ---- status -------------------------------------------------------------------------- */

typedef enum pt_status {
  PT_OK = 0,
  PT_ERR_INVALID_ARGUMENT,  /* a NULL pointer or bad parameter from the caller */
  PT_ERR_TRUNCATED,         /* the file ends before a structure it declares */
  PT_ERR_BAD_MAGIC,         /* not an ExecuTorch program ("ET12" identifier missing) */
  PT_ERR_BAD_HEADER,        /* extended header ("eh00") inconsistent with the file */
  PT_ERR_BAD_FLATBUFFER,    /* an offset, vtable or vector outside the buffer */
  PT_ERR_BAD_INDEX,         /* a value/operator/buffer/segment index out of range */
  PT_ERR_BAD_ENUM,          /* an unknown union tag or enum value */
  PT_ERR_BAD_DTYPE,         /* a scalar type petite does not know */
  PT_ERR_BAD_SHAPE,         /* rank > 16, negative size, element count overflow */
  PT_ERR_BAD_PLAN,          /* a memory-plan entry outside its buffer, memory_id 0, ... */
  PT_ERR_UNSUPPORTED,       /* a valid feature petite does not support (delegates, dynamic shapes...) */
  PT_ERR_MISSING_OPERATOR,  /* the program needs a kernel that is not in the kernel table */
  PT_ERR_BAD_ARGUMENTS,     /* a kernel rejected its arguments at bind time */
  PT_ERR_BUFFER_TOO_SMALL,  /* a caller buffer is smaller than pt_method_needs reported */
  PT_ERR_MISALIGNED,        /* program bytes or caller buffers not aligned as required */
  PT_ERR_NOT_FOUND,         /* no method of that name */
  PT_ERR_BAD_INPUT,         /* set_input: wrong index, byte size or dtype */
  PT_ERR_KERNEL_FAILED,     /* a kernel failed at run time (e.g. an index out of range) */
  PT_STATUS_COUNT
} pt_status;

/* "PT_ERR_TRUNCATED" etc.; never NULL. */
const char *pt_status_name(pt_status s);

/* A message buffer owned by the caller. Functions that fail write `text` (always
 * NUL-terminated, truncated to fit) and `status`. Pass NULL where no message is wanted. */
#ifndef PT_DIAG_TEXT_SIZE
#define PT_DIAG_TEXT_SIZE 192
#endif
typedef struct pt_diag {
  pt_status status;
  char text[PT_DIAG_TEXT_SIZE];
} pt_diag;

/* ---- scalar types (ExecuTorch's ScalarType numbering) --------------------------------- */

typedef enum pt_dtype {
  PT_U8 = 0, PT_I8 = 1, PT_I16 = 2, PT_I32 = 3, PT_I64 = 4, PT_F16 = 5, PT_F32 = 6,
  PT_F64 = 7, PT_BOOL = 11, PT_QI8 = 12, PT_QU8 = 13, PT_QI32 = 14, PT_BF16 = 15,
  PT_BITS16 = 22, PT_U16 = 27, PT_U32 = 28, PT_U64 = 29
} pt_dtype;

/* Bytes per element, or 0 for a dtype petite does not know. */
size_t pt_dtype_size(int dtype);
/* "float32", "int8"...; "unknown" for others. */
const char *pt_dtype_name(int dtype);

#define PT_MAX_RANK 16

/* A tensor as kernels see it. Shapes are static: `sizes` and `dim_order` point into the
 * program bytes (flash). `data` points into the planned arena, the program's constants,
 * or caller memory. */
typedef struct pt_tensor {
  void *data;
  const int32_t *sizes;     /* rank entries, outermost first */
  const uint8_t *dim_order; /* rank entries: a permutation, outer to inner in memory */
  uint32_t numel;           /* product of sizes (1 for rank 0); numel * element size < 2^32 */
  uint8_t dtype;            /* pt_dtype */
  uint8_t rank;
  uint8_t is_constant;      /* data is read-only program bytes */
  uint8_t is_contiguous;    /* dim_order is 0..rank-1 */
} pt_tensor;

/* The tensor's bytes: numel * element size (computed, so that metadata stays 20 bytes a
 * tensor on 32-bit targets). */
static inline uint32_t pt_tensor_nbytes(const pt_tensor *t) {
  return t->numel * (uint32_t)pt_dtype_size(t->dtype);
}

/* EValue tags (ExecuTorch's KernelTypes numbering). */
typedef enum pt_tag {
  PT_TAG_NONE = 0, PT_TAG_NULL = 1, PT_TAG_INT = 2, PT_TAG_BOOL = 3, PT_TAG_DOUBLE = 4,
  PT_TAG_TENSOR = 5, PT_TAG_STRING = 6, PT_TAG_INT_LIST = 7, PT_TAG_DOUBLE_LIST = 8,
  PT_TAG_BOOL_LIST = 9, PT_TAG_TENSOR_LIST = 10, PT_TAG_OPT_TENSOR_LIST = 11
} pt_tag;

/* A value (ExecuTorch EValue). Lists point into the program bytes:
 *   INT_LIST: `len` int64 VALUE INDICES, each naming an INT value;
 *   TENSOR_LIST, OPT_TENSOR_LIST: `len` int32 value indices (-1 = None for optional);
 *   DOUBLE_LIST: `len` doubles; BOOL_LIST: `len` bytes; STRING: `len` chars, not terminated. */
/* int64 and double members aligned to 4 where the compiler allows it: on 32-bit targets a
 * value is then 12 bytes instead of 16 (the M33 and RV32 load them with word-aligned loads;
 * 64-bit hosts are unchanged, their pointers keep the union 8-aligned). */
#if defined(__GNUC__) || defined(__clang__)
typedef int64_t pt_value_i64 __attribute__((aligned(4)));
typedef double pt_value_f64 __attribute__((aligned(4)));
#else
typedef int64_t pt_value_i64;
typedef double pt_value_f64;
#endif
typedef struct pt_value {
  uint8_t tag;              /* pt_tag */
  union {
    pt_value_i64 i;
    pt_value_f64 d;
    bool b;
    pt_tensor *t;
    struct {
      const void *items;
      uint32_t len;
    } list;
  } u;
} pt_value;

/* ---- kernels ------------------------------------------------------------------------- */

/* A kernel table: the kernels a firmware links (`petite ops --table` generates a selective
 * one) or every kernel petite has (`pt_all_kernels`, host tools). Kernel authors: see
 * petite_kernel.h. */
typedef struct pt_kernel_table pt_kernel_table;
typedef struct pt_call pt_call;

/* Every kernel petite has (host tools). Firmware links a generated selective table instead. */
extern const pt_kernel_table pt_all_kernels;

/* ---- program ------------------------------------------------------------------------- */

#define PT_MAX_BUFFERS 8      /* planned memory buffers per method */

/* A verified program. Holds pointers into the caller's bytes, which must outlive it. Its
 * fields are the runtime's: read a program through the functions below. */
typedef struct pt_program {
  const uint8_t *data;      /* the whole file */
  size_t size;
  size_t program_size;      /* flatbuffer bytes */
  size_t segment_base;      /* 0 when there are no segments */
  size_t segment_data_size;
  uint32_t root;            /* offset of the Program table */
  uint32_t plans;           /* offset of the execution_plan vector */
  uint32_t nplans;
  uint32_t constant_buffers;/* offset of legacy constant_buffer vector, 0 if absent */
  uint32_t nconstant_buffers;
  uint32_t constant_offsets;/* offset of constant_segment.offsets vector, 0 if absent */
  uint32_t nconstant_offsets;
  size_t constant_segment_start; /* file offset of the constant segment */
  size_t constant_segment_size;
  uint32_t version;
} pt_program;

/* Parses and verifies the whole file, once: header, extended header, segments, every
 * execution plan (values, tensors, lists, chains, instructions, operators, memory plan).
 * Later calls trust what it checked. `data` must be 8-byte aligned (16 recommended, so
 * constants are 16-aligned). Nothing is copied. */
PT_MUST_CHECK pt_status pt_program_load(pt_program *p, const void *data, size_t size, pt_diag *d);

uint32_t pt_program_method_count(const pt_program *p);
/* Name of method i (not NUL-terminated in the file: returned with its length). */
const char *pt_program_method_name(const pt_program *p, uint32_t i, size_t *len);

/* ---- method -------------------------------------------------------------------------- */

/* How much memory a method needs, and in which pieces. */
typedef struct pt_method_plan {
  /* From the program alone: */
  size_t table_bytes;                    /* values, tensors and calls: the start of metadata */
  uint32_t nbuffers;                     /* planned buffers (non_const_buffer_sizes[1..]) */
  size_t buffer_bytes[PT_MAX_BUFFERS];   /* each 16-aligned */
  uint32_t nvalues, ntensors, ninstructions, ninputs, noutputs;
  /* From binding the kernels (only when `bound`): */
  bool bound;
  size_t persistent_bytes;               /* the kernels' own state (prepared weights...), after the tables */
  size_t metadata_bytes;                 /* table_bytes + persistent_bytes: one block, 8-aligned */
  size_t scratch_bytes;                  /* kernel scratch, max over instructions */
} pt_method_plan;

/* Sizes a method. The tables and planned buffers follow from the program alone; persistent
 * and scratch bytes come from binding every kernel call, which needs a work area of at least
 * table_bytes (8-aligned; the metadata memory you will give pt_method_init does). With
 * work == NULL nothing is bound: `bound` is false and only the program's part is filled, which
 * is all a device that `petite fit` sized needs (pt_method_init checks its memory itself). */
PT_MUST_CHECK pt_status pt_method_needs(const pt_program *p, const char *method,
                                        const pt_kernel_table *kernels, pt_method_plan *out,
                                        void *work, size_t work_size, pt_diag *d);

/* The caller's memory for one method. */
typedef struct pt_memory {
  void *metadata;                        /* tables, then the kernels' persistent state */
  size_t metadata_size;
  void *buffers[PT_MAX_BUFFERS];
  size_t buffer_sizes[PT_MAX_BUFFERS];
  uint32_t nbuffers;
  void *scratch;
  size_t scratch_size;
} pt_memory;

/* Bytes of one arena holding all of a plan's buffers one after another, each 16-aligned. */
size_t pt_plan_arena_bytes(const pt_method_plan *plan);

/* Fills `mem` from three blocks the caller owns (static arrays on a device): `metadata`,
 * one 16-aligned `arena` holding every planned buffer in order (pt_plan_arena_bytes), and
 * `scratch`. PT_ERR_BUFFER_TOO_SMALL names the block that is short and the bytes it needs
 * (metadata and scratch only when the plan is bound; otherwise pt_method_init checks them). */
PT_MUST_CHECK pt_status pt_memory_carve(pt_memory *mem, const pt_method_plan *plan,
                                        void *metadata, size_t metadata_size, void *arena,
                                        size_t arena_size, void *scratch, size_t scratch_size,
                                        pt_diag *d);

typedef struct pt_method {
  const pt_program *program;
  pt_value *values;
  uint32_t nvalues;
  pt_call *calls;            /* one per instruction */
  uint32_t ncalls;
  const int32_t *inputs;     /* value indices, in the program */
  uint32_t ninputs;
  const int32_t *outputs;
  uint32_t noutputs;
  void *scratch;
  uint32_t plan;             /* offset of the ExecutionPlan table */
  size_t metadata_bytes;     /* of the metadata memory: tables + persistent state */
  size_t persistent_bytes;   /* the kernels' own state (pt_method_plan.persistent_bytes) */
  size_t scratch_bytes;      /* what the kernels use of the scratch */
} pt_method;

/* Places every tensor, binds every kernel call once into mem->metadata (the kernels'
 * persistent state goes after the tables) and runs the kernels' prepare steps (packing
 * weights...). A block that is too small fails with PT_ERR_BUFFER_TOO_SMALL naming it and the
 * bytes needed. */
PT_MUST_CHECK pt_status pt_method_init(pt_method *m, const pt_program *p, const char *method,
                                       const pt_kernel_table *kernels, const pt_memory *mem,
                                       pt_diag *d);

/* Copies `nbytes` into input `i` (a planned tensor). nbytes must equal the tensor's size. */
PT_MUST_CHECK pt_status pt_method_set_input(pt_method *m, uint32_t i, const void *data,
                                            size_t nbytes, pt_diag *d);
/* For an unplanned input: points it at caller memory (no copy). */
PT_MUST_CHECK pt_status pt_method_bind_input(pt_method *m, uint32_t i, void *data,
                                             size_t nbytes, pt_diag *d);
const pt_value *pt_method_input(const pt_method *m, uint32_t i);

PT_MUST_CHECK pt_status pt_method_execute(pt_method *m, pt_diag *d);

const pt_value *pt_method_output(const pt_method *m, uint32_t i);

#ifdef __cplusplus
}
#endif
#endif /* PETITE_H */
