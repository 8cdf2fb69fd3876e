/* Helpers shared by the kernels: argument accessors for bind, dtype facts, strides,
 * element load/store with ExecuTorch's conversions, and broadcasting. Internal to kernels/. */
#ifndef PETITE_KERNEL_UTIL_H
#define PETITE_KERNEL_UTIL_H

#include "petite_kernel.h"

/* The value behind argument i: at bind (b a pt_bind) and at run (x a pt_ctx). */
#define KU_ARG(b, i) (&(b)->values[(b)->args[(i)]])
#define KU_V(x, call, i) (&(x)->values[(call)->args[(i)]])
#define KU_T(x, call, i) ((x)->values[(call)->args[(i)]].u.t)

/* The call's persistent state as words (what ku_state gave its bind). */
#define KU_STATE(call) ((const uint32_t *)(call)->state)

/* Declares `bytes` of persistent state for the call being bound (the largest of a bind's
 * requests counts) and returns where to write it: the call's own memory at init, a sink in
 * the pt_bind while sizing (for up to sizeof b->sink bytes; NULL beyond, when only prepare
 * may write it). The run reads it as call->state. */
void *ku_state(pt_bind *b, size_t bytes);
/* The common case: 4 words of state. */
#define KU_STATE4(b) ((uint32_t *)ku_state((b), 4 * sizeof(uint32_t)))

/* ---- bind-time accessors: each fails with a message naming the op and the argument ---- */

pt_status ku_nargs(pt_bind *b, uint32_t n);
pt_status ku_tensor(pt_bind *b, uint32_t i, const char *what, const pt_tensor **t);
/* The out tensor: argument i, which must also be the appended return value (last arg). */
pt_status ku_out(pt_bind *b, uint32_t i, const pt_tensor **t);
pt_status ku_int(pt_bind *b, uint32_t i, const char *what, int64_t *v);
pt_status ku_bool(pt_bind *b, uint32_t i, const char *what, bool *v);
/* A Scalar: INT, BOOL or DOUBLE. */
typedef struct ku_scalar {
  bool is_float;
  bool is_bool;
  int64_t i;
  double d;
} ku_scalar;
pt_status ku_scalar_arg(pt_bind *b, uint32_t i, const char *what, ku_scalar *s);
/* A Scalar as float32, as static_cast<float> gives it (round to nearest even), converted on
 * the bits so that no soft-float helper (__aeabi_l2f, __aeabi_d2f) is linked. */
pt_status ku_scalar_f32(pt_bind *b, uint32_t i, const char *what, float *v);
/* The same conversion at run time, of a value ku_scalar_f32 accepted at bind. */
float ku_value_f32(const pt_value *v);
/* In a variant that keeps only Scalar = 1 (kernel_variants.def): argument i must be a Scalar
 * (else PT_ERR_BAD_ARGUMENTS) equal to 1 (else PT_ERR_MISSING_OPERATOR with a message naming
 * the op and the argument and saying to rebuild the selective kernel table). */
pt_status ku_scalar_one_in_build(pt_bind *b, uint32_t i, const char *what);
/* int[]: copies up to `max` items into `v`; fails if longer. */
pt_status ku_int_list(pt_bind *b, uint32_t i, const char *what, int64_t *v, uint32_t max,
                      uint32_t *len);
/* int[] of int32 values (sizes, dims): copies up to `max` items; fails if longer or if an
 * item does not fit int32. Half the stack of ku_int_list. */
pt_status ku_int_list_i32(pt_bind *b, uint32_t i, const char *what, int32_t *v, uint32_t max,
                          uint32_t *len);
/* int[] read in place (any length): the number of items, each checked to name an Int... */
pt_status ku_int_list_len(pt_bind *b, uint32_t i, const char *what, uint32_t *len);
/* ...and item k of it (after ku_int_list_len accepted the list). */
int64_t ku_int_list_at(const pt_bind *b, uint32_t i, uint32_t k);
/* True when argument i is None (NONE or NULL tag). */
bool ku_is_none(const pt_bind *b, uint32_t i);

pt_status ku_dtype_is(pt_bind *b, const pt_tensor *t, const char *what, int dtype);
/* In a variant that keeps some dtypes (kernel_variants.def): t's dtype must be one of
 * `dtypes` (a mask of 1u << pt_dtype); otherwise PT_ERR_MISSING_OPERATOR with a message
 * naming the op and the dtype and saying to rebuild the selective kernel table. */
pt_status ku_dtype_in_build(pt_bind *b, const pt_tensor *t, const char *what, uint32_t dtypes);
pt_status ku_same_dtype(pt_bind *b, const pt_tensor *a, const char *wa, const pt_tensor *c,
                        const char *wc);
pt_status ku_contiguous(pt_bind *b, const pt_tensor *t, const char *what);
/* out's sizes must equal `sizes` (rank entries). */
pt_status ku_out_shape(pt_bind *b, const pt_tensor *out, const int32_t *sizes, uint32_t rank);
pt_status ku_same_shape(pt_bind *b, const pt_tensor *a, const char *wa, const pt_tensor *c,
                        const char *wc);
bool ku_same_dim_order(const pt_tensor *a, const pt_tensor *c);
/* Normalises a possibly negative dim against rank (rank 0 accepts -1 and 0). */
pt_status ku_dim(pt_bind *b, int64_t dim, uint32_t rank, const char *what, uint32_t *out);

/* ---- dtypes ---- */

size_t ku_elem_size(int dtype);  /* 0 when kernels do not handle it */
bool ku_is_float(int dtype);     /* f32, f64 */
bool ku_is_int(int dtype);       /* u8 i8 i16 i32 i64 (not bool) */
/* A dtype the generic element paths handle: u8 i8 i16 i32 i64 f32 f64 bool. */
bool ku_dtype_known(int dtype);
/* torch.promote_types over the known dtypes. */
int ku_promote(int a, int b);
/* ExecuTorch's canCast: no float -> integer, no non-bool -> bool. */
bool ku_can_cast(int from, int to);
/* promote_type_with_scalar: the dtype of tensor (op) Scalar. */
int ku_promote_scalar(int t, const ku_scalar *s);

/* ---- element access: a number held as int64 or double, with its kind ---- */

typedef struct ku_num {
  bool is_float;
  int64_t i;
  double d;
} ku_num;

ku_num ku_load(const void *base, int dtype, uint32_t index);
/* Stores with static_cast semantics (float -> int goes through int64, saturated so that
 * out-of-range values are not undefined behaviour; int -> narrower int wraps). */
void ku_store(void *base, int dtype, uint32_t index, ku_num v);
ku_num ku_convert(ku_num v, int dtype);  /* what storing then loading as dtype gives */

/* ---- strides and broadcasting ---- */

/* Element strides of t's dims (logical order), from its dim_order. */
void ku_strides(const pt_tensor *t, uint32_t *strides);
/* Broadcast shape of a and b (numpy rules); fails naming both shapes. */
pt_status ku_broadcast_shape(pt_bind *b, const pt_tensor *x, const pt_tensor *y,
                             int32_t *sizes, uint32_t *rank);
/* Strides of t viewed as `rank` dims broadcast to out_sizes (0 where broadcast);
 * t must be contiguous. */
void ku_broadcast_strides(const pt_tensor *t, uint32_t rank, uint32_t *strides);

/* Copies `sizes` (rank dims, logical order) from src to dst, element i of each found
 * through its strides; converts when the dtypes differ (ku_store semantics). */
void ku_strided_copy(void *dst, int dst_dtype, const uint32_t *dst_strides, const void *src,
                     int src_dtype, const uint32_t *src_strides, const int32_t *sizes,
                     uint32_t rank);

/* view_copy / et_view: argument 1 (`size`, one -1 allowed) must describe out, which
 * has self's dtype and element count; both contiguous. */
pt_status ku_view_bind(pt_bind *b, const pt_tensor *in, const pt_tensor *out);

/* out = self, converted to out's dtype and laid out in out's dim_order (the bind below
 * stores nothing; the run reads both tensors). */
pt_status ku_copy_run(const pt_ctx *x, const pt_call *call);
/* Checks self (arg 0) and out (arg out_i): same shape, known dtypes, and when
 * same_dtype the same dtype. */
pt_status ku_copy_bind(pt_bind *b, uint32_t out_i, bool same_dtype);


#endif
