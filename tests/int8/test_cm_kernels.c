/* cortex_m kernels called directly (bind, then run) on cases whose expected outputs come
 * from ExecuTorch's operators.py (kernel_cases.h, from gen_kernel_cases.py): the explicit-
 * layout _nhwc ops, quantized_linear's kernel_sum form, broadcast add, padded pools... */
#include <stdio.h>
#include <string.h>

#include "petite.h"

/* A value table under construction. Int lists hold little-endian int64 value indices, as in
 * a .pte. */
typedef struct tb {
  pt_value v[96];
  pt_tensor t[24];
  int64_t lists[96];
  uint32_t nv, nt, nl;
} tb;

static void tb_init(tb *t) { memset(t, 0, sizeof *t); }

static int32_t tb_tensor(tb *t, int dtype, uint32_t rank, const int32_t *sizes, const uint8_t *order,
                         void *data) {
  pt_tensor *x = &t->t[t->nt++];
  uint32_t n = 1;
  bool contiguous = true;
  for (uint32_t d = 0; d < rank; d++) n *= (uint32_t)sizes[d], contiguous = contiguous && order[d] == d;
  *x = (pt_tensor){data, sizes, order, n, (uint32_t)(n * pt_dtype_size(dtype)), (uint8_t)dtype,
                   (uint8_t)rank, 0, contiguous};
  t->v[t->nv] = (pt_value){.tag = PT_TAG_TENSOR, .u.t = x};
  return (int32_t)t->nv++;
}

static int32_t tb_int(tb *t, int64_t i) {
  t->v[t->nv] = (pt_value){.tag = PT_TAG_INT, .u.i = i};
  return (int32_t)t->nv++;
}

static int32_t tb_double(tb *t, double d) {
  t->v[t->nv] = (pt_value){.tag = PT_TAG_DOUBLE, .u.d = d};
  return (int32_t)t->nv++;
}

static int32_t tb_bool(tb *t, int b) {
  t->v[t->nv] = (pt_value){.tag = PT_TAG_BOOL, .u.b = b != 0};
  return (int32_t)t->nv++;
}

static int32_t tb_none(tb *t) {
  t->v[t->nv] = (pt_value){.tag = PT_TAG_NONE};
  return (int32_t)t->nv++;
}

static int32_t tb_list(tb *t, uint32_t n, const int64_t *items) {
  int64_t *idx = &t->lists[t->nl];
  for (uint32_t k = 0; k < n; k++) idx[k] = tb_int(t, items[k]);
  t->nl += n;
  t->v[t->nv] = (pt_value){.tag = PT_TAG_INT_LIST, .u.list = {idx, n}};
  return (int32_t)t->nv++;
}

static _Alignas(16) unsigned char scratch[16384];

static int tb_run(tb *t, const char *op, const int32_t *args, uint32_t nargs, const void *gotv,
                  const void *want, size_t nbytes) {
  const uint8_t *got = (const uint8_t *)gotv;
  const pt_kernel *k = pt_kernel_find(&pt_all_kernels, op, strlen(op));
  if (!k) {
    printf("FAIL %s: no kernel\n", op);
    return 1;
  }
  pt_diag d = {0};
  pt_bind b = {.values = t->v, .nvalues = t->nv, .args = args, .nargs = nargs, .op_name = op,
               .diag = &d, .run = k->run};
  if (k->bind(&b) != PT_OK) {
    printf("FAIL %s: bind: %s\n", op, d.text);
    return 1;
  }
  if (b.scratch_bytes > sizeof scratch) {
    printf("FAIL %s: wants %zu scratch bytes\n", op, b.scratch_bytes);
    return 1;
  }
  pt_call c = {.run = b.run, .args = args, .nargs = nargs, .scratch = scratch};
  memcpy(c.state, b.state, sizeof c.state);
  if (c.run(t->v, &c) != PT_OK) {
    printf("FAIL %s: run failed\n", op);
    return 1;
  }
  if (memcmp(got, want, nbytes) != 0) {
    size_t i = 0;
    while (got[i] == ((const uint8_t *)want)[i]) i++;
    printf("FAIL %s: byte %zu is 0x%02x, operators.py gives 0x%02x\n", op, i, got[i],
           ((const uint8_t *)want)[i]);
    return 1;
  }
  printf("ok   %s (%zu bytes)\n", op, nbytes);
  return 0;
}

#include "kernel_cases.h"

int main(void) {
  int failures = 0;
  size_t n = sizeof kernel_cases / sizeof kernel_cases[0];
  for (size_t i = 0; i < n; i++) failures += kernel_cases[i]();
  printf("%zu cases, %d failed\n", n, failures);
  return failures ? 1 : 0;
}
