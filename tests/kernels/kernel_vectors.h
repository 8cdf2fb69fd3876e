/* Kernel test cases generated from torch by gen_vectors.py (see kernel_vectors.c). */
#ifndef KERNEL_VECTORS_H
#define KERNEL_VECTORS_H
#include <stdint.h>

/* KT_EXTRA(_CHECKED): a further out of a multi-output op; KT_RET_LIST: the appended
 * TensorList of all outs (i = how many), used instead of repeating the out. */
/* KT_LIST_ITEM / KT_OUT_ITEM: a tensor inside a TensorList (a value, not an argument);
 * KT_TENSOR_LIST: the input list of the i items before it; KT_OUT_LIST: the out list of
 * the i out items before it (argument and return value); KT_SCALAR_OUT: a prim op's
 * result value (i, d with dtype 4 = Int, 7 = Double, 11 = Bool). */
enum { KT_TENSOR, KT_OUT, KT_INT, KT_DOUBLE, KT_BOOL, KT_INT_LIST, KT_NONE, KT_STRING,
       KT_EXTRA, KT_EXTRA_CHECKED, KT_RET_LIST, KT_LIST_ITEM, KT_OUT_ITEM, KT_TENSOR_LIST,
       KT_OUT_LIST, KT_SCALAR_OUT };

typedef struct kt_arg {
  int kind;
  int dtype;
  unsigned rank;
  int32_t sizes[8];
  uint8_t dim_order[8];
  const uint8_t *data;     /* memory-order bytes; for KT_OUT the expected result */
  unsigned nbytes;
  long long i;
  double d;
  long long items[8];
  unsigned nitems;
} kt_arg;

typedef struct kt_case {
  const char *name;
  const char *op;
  const kt_arg *args;
  unsigned nargs;
  int out_in_schema;       /* the out tensor is a schema argument (then also appended) */
  int expect_alias;        /* after run, out->data must equal self->data */
  double atol;             /* 0: exact */
} kt_case;

extern const kt_case kt_cases[];
extern const unsigned kt_ncases;
#endif
