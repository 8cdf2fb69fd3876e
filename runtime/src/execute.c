/* The executor: one loop over the calls bound at init, with no checks but the inputs'. */
#include "pte.h"

/* Bench builds (-DPETITE_BENCH_HOOKS) mark before each call and after the last, so the bench's
 * QEMU plugin counts each operator; other builds compile the marks to nothing. */
#ifdef PETITE_BENCH_HOOKS
void petite_bench_mark(void);
#define PT_BENCH_MARK() petite_bench_mark()
#else
#define PT_BENCH_MARK() ((void)0)
#endif

pt_status pte_run_move(const pt_ctx *x, const pt_call *call) {
  const uint32_t *st = call->state;
  x->values[st[1]] = x->values[st[0]];
  return PT_OK;
}

/* Falls through when the condition holds, else jumps to state[0]. */
pt_status pte_run_jump_false(const pt_ctx *x, const pt_call *call) {
  const uint32_t *st = call->state;
  const pt_value *c = &x->values[st[1]];
  bool cond = c->tag == PT_TAG_BOOL ? c->u.b : *(const uint8_t *)c->u.t->data != 0;
  return cond ? PT_OK : PT_JUMP;
}

/* All memory is planned: nothing to free. */
pt_status pte_run_free(const pt_ctx *x, const pt_call *call) {
  (void)x;
  (void)call;
  return PT_OK;
}

pt_status pt_method_execute(pt_method *m, pt_diag *d) {
  if (!m || !m->values) return pt_fail(d, PT_ERR_INVALID_ARGUMENT, "method not initialized");
  pt_value *values = m->values;
  const pt_ctx x = { values, m->scratch, 0, 1 };
  for (uint32_t i = 0; i < m->ninputs; i++) {
    const pt_value *v = &values[m->inputs[i]];
    if (v->tag == PT_TAG_TENSOR && !v->u.t->data)
      return pt_fail(d, PT_ERR_BAD_INPUT, "input %u (value %d) is not bound: call pt_method_bind_input",
                     (unsigned)i, (int)m->inputs[i]);
  }
  const pt_call *calls = m->calls;
  uint32_t pc = 0, n = m->ncalls;
  while (pc < n) {
    PT_BENCH_MARK();
    pt_status s = calls[pc].run(&x, &calls[pc]);
    if (s != PT_OK) {
      if (s == PT_JUMP) { pc = ((const uint32_t *)calls[pc].state)[0]; continue; }
      return pt_fail(d, s, "instruction %u failed while executing: %s (`petite inspect --graph` names its "
                     "operator and values)", (unsigned)pc, pt_status_name(s));
    }
    pc++;
  }
  PT_BENCH_MARK();
  return PT_OK;
}
