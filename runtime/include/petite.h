/* petite: run ExecuTorch .pte programs on microcontrollers, in C11, with no heap.
 *
 * The one public header. The flow is:
 *
 *   pt_program prog;  pt_diag diag;
 *   pt_program_load(&prog, pte_bytes, pte_size, &diag);          // verify the file, in place
 *   pt_method_plan plan;
 *   pt_method_needs(&prog, "forward", &pt_kernels, &plan, &diag); // how many bytes, of what
 *   static _Alignas(16) uint8_t meta[..], arena[..], scratch[..];   // sized by `petite fit`
 *   pt_memory mem;                                                 // or fill it by hand
 *   pt_memory_carve(&mem, &plan, meta, sizeof meta, arena, sizeof arena, scratch, sizeof scratch, &diag);
 *   pt_method m;
 *   pt_method_init(&m, &prog, "forward", &pt_kernels, &mem, &diag); // place tensors, bind kernels
 *   pt_method_set_input(&m, 0, x, sizeof x, &diag);
 *   pt_method_execute(&m, &diag);
 *   const pt_tensor *y = pt_method_output(&m, 0)->u.t;
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

typedef struct pt_call pt_call;

/* Runs one bound instruction. `values` is the method's value table; `call->args` indexes it. */
typedef pt_status (*pt_kernel_fn)(pt_value *values, const pt_call *call);

/* One bound kernel instruction, built at init. */
struct pt_call {
  pt_kernel_fn run;
  const int32_t *args;      /* value indices, in the program bytes */
  uint32_t nargs;
  void *scratch;            /* the method's shared scratch buffer (kernels run one at a time) */
  uint32_t state[4];        /* small per-call state a kernel's bind may precompute */
};

/* What a kernel's bind function sees and may fill in. */
typedef struct pt_bind {
  const pt_value *values;   /* the whole value table: tensors have shapes, dtypes (data may be NULL while sizing) */
  uint32_t nvalues;
  const int32_t *args;      /* already checked: every index < nvalues */
  uint32_t nargs;
  const char *op_name;      /* "aten::addmm.out" */
  uint32_t instruction;     /* index in its chain, for messages */
  pt_diag *diag;
  /* At init, the call bound just before this one in its chain; NULL while sizing, for a
   * chain's first call and in methods with jumps. A kernel may fuse itself into it (relu
   * into addmm): it then changes that call's run and makes its own run a no-op. */
  pt_call *prev;
  /* out: */
  pt_kernel_fn run;         /* preset to the kernel's default run; bind may pick a variant */
  size_t scratch_bytes;     /* scratch this call needs (the method reserves the max over calls) */
  uint32_t state[4];        /* copied into the pt_call */
} pt_bind;

typedef pt_status (*pt_bind_fn)(pt_bind *b);

typedef struct pt_kernel {
  const char *name;         /* "aten::addmm.out", exactly as ExecuTorch spells it */
  pt_bind_fn bind;          /* checks argument count, tags, dtypes, shapes, dim_order */
  pt_kernel_fn run;
} pt_kernel;

typedef struct pt_kernel_table {
  const pt_kernel *const *kernels;
  uint32_t count;
} pt_kernel_table;

/* Every kernel petite has (host tools). Firmware links a generated selective table instead. */
extern const pt_kernel_table pt_all_kernels;

/* The kernel for `name` ("aten::addmm.out"), or NULL. */
const pt_kernel *pt_kernel_find(const pt_kernel_table *table, const char *name, size_t name_len);

/* Formats `fmt` into the diag (supports %s %.*s %d %u %ld %lu %lld %llu %zu %x %c %%)
 * and sets its status; returns `s` so that `return pt_fail(d, PT_ERR_X, "...")` reads well.
 * A NULL diag is fine. */
pt_status(pt_fail)(pt_diag *d, pt_status s, const char *fmt, ...);
/* Sets only the status (and an empty text). Built with -DPETITE_NO_MESSAGES, every pt_fail
 * becomes this one: same status codes, but no message text or formatter in flash. */
pt_status pt_fail_status(pt_diag *d, pt_status s);
#ifdef PETITE_NO_MESSAGES
/* Never defined: only named inside sizeof, which keeps the arguments "used" but unevaluated. */
int pt_unused_args_(int, ...);
#define pt_fail(d, s, ...) ((void)sizeof(pt_unused_args_(0, __VA_ARGS__)), pt_fail_status((d), (s)))
#if defined(__clang__) /* message helpers (names of dtypes, tags) are then referenced only there */
#pragma clang diagnostic ignored "-Wunneeded-internal-declaration"
#endif
#endif

/* ---- program ------------------------------------------------------------------------- */

#define PT_MAX_BUFFERS 8      /* planned memory buffers per method */

/* A verified program. Holds pointers into the caller's bytes, which must outlive it. */
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

/* Parses and verifies the whole file: header, extended header, segments, every execution
 * plan (values, tensors, lists, chains, instructions, operators, memory plan). `data` must
 * be 8-byte aligned (16 recommended, so constants are 16-aligned). Nothing is copied. */
PT_MUST_CHECK pt_status pt_program_load(pt_program *p, const void *data, size_t size, pt_diag *d);

uint32_t pt_program_method_count(const pt_program *p);
/* Name of method i (not NUL-terminated in the file: returned with its length). */
const char *pt_program_method_name(const pt_program *p, uint32_t i, size_t *len);

/* ---- method -------------------------------------------------------------------------- */

/* How much memory a method needs, and in which pieces. */
typedef struct pt_method_plan {
  size_t metadata_bytes;                 /* values, tensors, bound calls: one block, 8-aligned */
  uint32_t nbuffers;                     /* planned buffers (non_const_buffer_sizes[1..]) */
  size_t buffer_bytes[PT_MAX_BUFFERS];   /* each 16-aligned */
  size_t scratch_bytes;                  /* kernel scratch, max over instructions */
  uint32_t nvalues, ntensors, ninstructions, ninputs, noutputs;
} pt_method_plan;

PT_MUST_CHECK pt_status pt_method_needs(const pt_program *p, const char *method,
                                        const pt_kernel_table *kernels, pt_method_plan *out,
                                        pt_diag *d);

/* The caller's memory for one method. */
typedef struct pt_memory {
  void *metadata;
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
 * `scratch`. PT_ERR_BUFFER_TOO_SMALL names the block that is short and the bytes it needs. */
PT_MUST_CHECK pt_status pt_memory_carve(pt_memory *mem, const pt_method_plan *plan,
                                        void *metadata, size_t metadata_size, void *arena,
                                        size_t arena_size, void *scratch, size_t scratch_size,
                                        pt_diag *d);

typedef struct pt_method {
  const pt_program *program;
  pt_value *values;
  uint32_t nvalues;
  pt_call *calls;            /* one per instruction; non-kernel instructions use internal run fns */
  uint32_t ncalls;
  const int32_t *inputs;     /* value indices, in the program */
  uint32_t ninputs;
  const int32_t *outputs;
  uint32_t noutputs;
  uint32_t chain_starts[4];  /* first call of each chain; chain_starts[nchains] = ncalls */
  uint32_t nchains;
  uint32_t plan;             /* offset of the ExecutionPlan table */
} pt_method;

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
