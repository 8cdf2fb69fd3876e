/* petite: the kernel author's interface.
 *
 * A kernel is one operator overload ("aten::addmm.out"), written as
 *   - bind: runs once per call at pt_method_init (and while pt_method_needs sizes a method).
 *     It checks every argument (count, tags, dtypes, shapes, dim_order) so that run needs no
 *     checks, picks a run function, declares the scratch and persistent bytes the call needs,
 *     and may fill its persistent state (ku_state in kernels/kernel_util.h).
 *   - prepare (optional, set by bind): runs once per call at init, after every call is bound
 *     and every tensor placed: constants can be read (weights to pack or widen, tables to build)
 *     into the call's persistent state.
 *   - run: computes the call's outputs, every inference.
 * A kernel is one .c file plus one line in kernels/kernels.def (or cortex_m/cortex_m.def):
 * the CMake sources, the kernel tables, `petite ops --table` and docs/operators.md follow.
 */
#ifndef PETITE_KERNEL_H
#define PETITE_KERNEL_H

#include "petite.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a run sees besides its call: the method's value table, the scratch shared by all calls
 * of this executor, and which part of the output to compute. A kernel that can split its
 * work computes part `part` of `nparts` (today always 0 of 1: a kernel that does not split may
 * ignore them; a later step runs one inference on both cores of an RP2350). */
typedef struct pt_ctx {
  pt_value *values;
  void *scratch;
  uint16_t part, nparts;
} pt_ctx;

typedef pt_status (*pt_kernel_fn)(const pt_ctx *x, const pt_call *call);

/* One bound instruction, built at init. */
struct pt_call {
  pt_kernel_fn run;
  const int32_t *args;      /* value indices, in the program bytes */
  uint32_t nargs;
  void *state;              /* the call's persistent bytes (8-aligned), or NULL if it has none */
};

/* Runs once at init after every call is bound; may write call->state. */
typedef pt_status (*pt_prepare_fn)(const pt_ctx *x, pt_call *call);

/* What a kernel's bind function sees and may fill in. */
typedef struct pt_bind {
  const pt_value *values;   /* the whole value table: shapes, dtypes, scalars (tensor data is
                               NULL while sizing: a bind never reads it) */
  uint32_t nvalues;
  const int32_t *args;      /* already checked: every index < nvalues */
  uint32_t nargs;
  const char *op_name;      /* "aten::addmm.out" */
  uint32_t instruction;     /* index in the method, for messages */
  pt_diag *diag;
  /* The call after this one, when this kernel's table entry names its operator in
   * `fuses_next`, the two are in one chain and no jump can land between them; else NULL.
   * A bind that sets `claims_next` computes that call's outputs too; the call is still bound
   * (its own bind checks it) but never runs. */
  const int32_t *next_args;
  uint32_t next_nargs;
  /* Where this call's persistent bytes go at init (NULL while sizing), and how many fit. */
  void *state;
  size_t state_room;
  /* out: */
  pt_kernel_fn run;         /* preset to the kernel's default run; bind may pick a variant */
  pt_prepare_fn prepare;    /* optional */
  size_t scratch_bytes;     /* scratch this call needs (the method reserves the max over calls) */
  size_t persistent_bytes;  /* bytes of this call's own state, kept for the life of the method */
  bool claims_next;
  uint64_t sink[4];         /* state a bind writes while sizing lands here: a bind writes at most
                               these 32 bytes itself; larger state is prepare's to fill */
} pt_bind;

typedef pt_status (*pt_bind_fn)(pt_bind *b);

typedef struct pt_kernel {
  const char *name;         /* "aten::addmm.out", exactly as ExecuTorch spells it */
  pt_bind_fn bind;          /* checks argument count, tags, dtypes, shapes, dim_order */
  pt_kernel_fn run;
  const char *fuses_next;   /* an operator this kernel may compute with its own (or NULL) */
} pt_kernel;

struct pt_kernel_table {
  const pt_kernel *const *kernels;
  uint32_t count;
};

/* The kernel for `name` ("aten::addmm.out"), or NULL. */
const pt_kernel *pt_kernel_find(const pt_kernel_table *table, const char *name, size_t name_len);

/* Formats `fmt` into the diag (supports %s %.*s %d %u %ld %lu %lld %llu %zu %x %c %%)
 * and sets its status; returns `s` so that `return pt_fail(d, PT_ERR_X, "...")` reads well.
 * A NULL diag is fine. */
pt_status(pt_fail)(pt_diag *d, pt_status s, const char *fmt, ...);
/* Sets only the status (and an empty text). Built with -DPETITE_NO_MESSAGES, every pt_fail
 * becomes this one: same status codes, but no message text or formatter in flash. */
pt_status pt_fail_status(pt_diag *d, pt_status s);
/* Appends to d->text (keeps d->status): a message in pieces, without a buffer of one's own.
 * NULL d is fine. */
void(pt_diag_append)(pt_diag *d, const char *fmt, ...);
#ifdef PETITE_NO_MESSAGES
/* Never defined: only named inside sizeof, which keeps the arguments "used" but unevaluated. */
int pt_unused_args_(int, ...);
#define pt_fail(d, s, ...) ((void)sizeof(pt_unused_args_(0, __VA_ARGS__)), pt_fail_status((d), (s)))
#define pt_diag_append(d, ...) ((void)(d), (void)sizeof(pt_unused_args_(0, __VA_ARGS__)))
#if defined(__clang__) /* message helpers (names of dtypes, tags) are then referenced only there */
#pragma clang diagnostic ignored "-Wunneeded-internal-declaration"
#endif
#endif

/* The metadata tables' bytes for these counts and element sizes: pt_method_needs uses the
 * build's own sizes; `petite fit` passes a 32-bit target's (PT_LAYOUT32_*). */
size_t pt_metadata_table_bytes(uint32_t nvalues, uint32_t ntensors, uint32_t ncalls,
                               size_t value_size, size_t tensor_size, size_t call_size);
#define PT_LAYOUT32_VALUE 12u
#define PT_LAYOUT32_TENSOR 20u
#define PT_LAYOUT32_CALL 16u

#ifdef __cplusplus
}
#endif
#endif /* PETITE_KERNEL_H */
