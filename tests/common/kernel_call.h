/* Tests that drive one kernel directly, without a program: bind it the way pt_method_init does
 * (persistent state in memory of the test's own, prepare run after bind) and run it. */
#ifndef PETITE_TEST_KERNEL_CALL_H
#define PETITE_TEST_KERNEL_CALL_H

#include <stdlib.h>
#include <string.h>

#include "petite_kernel.h"

#define TEST_STATE_ROOM (1u << 20)

typedef struct test_call {
  pt_bind b;
  pt_call call;
  void *state;   /* TEST_STATE_ROOM bytes */
  void *scratch; /* b.scratch_bytes, poisoned: a kernel must not read what it did not write */
} test_call;

/* Binds `k` on `values`/`args` with state memory of its own; with `diag` for messages. */
static inline pt_status test_call_bind(test_call *t, const pt_kernel *k, pt_value *values, uint32_t nvalues,
                                       const int32_t *args, uint32_t nargs, pt_diag *diag) {
  memset(t, 0, sizeof *t);
  t->state = calloc(1, TEST_STATE_ROOM);
  pt_bind *b = &t->b;
  b->values = values;
  b->nvalues = nvalues;
  b->args = args;
  b->nargs = nargs;
  b->op_name = k->name;
  b->diag = diag;
  b->run = k->run;
  b->state = t->state;
  b->state_room = t->state ? TEST_STATE_ROOM : 0;
  pt_status s = k->bind(b);
  if (s != PT_OK) return s;
  if (b->persistent_bytes > TEST_STATE_ROOM) return pt_fail(diag, PT_ERR_BUFFER_TOO_SMALL, "state too large for the test");
  t->call.run = b->run;
  t->call.args = args;
  t->call.nargs = nargs;
  t->call.state = b->persistent_bytes ? t->state : NULL;
  if (b->scratch_bytes) {
    t->scratch = malloc(b->scratch_bytes);
    if (t->scratch) memset(t->scratch, 0xA5, b->scratch_bytes);
  }
  if (b->prepare) {
    pt_ctx x = { values, NULL, 0, 1 };
    s = b->prepare(&x, &t->call);
  }
  return s;
}

static inline pt_status test_call_run(test_call *t, pt_value *values) {
  pt_ctx x = { values, t->scratch, 0, 1 };
  return t->call.run(&x, &t->call);
}

static inline void test_call_free(test_call *t) {
  free(t->state);
  free(t->scratch);
  t->state = t->scratch = NULL;
}

#endif
