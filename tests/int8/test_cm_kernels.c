/* cortex_m kernels called directly (bind, then run) on cases whose expected outputs come
 * from ExecuTorch's operators.py (kernel_cases.h, from gen_kernel_cases.py): the explicit-
 * layout _nhwc ops, quantized_linear's kernel_sum form, broadcast add, padded pools... */
#include <stdio.h>
#include <string.h>

#include "petite_kernel.h"
#include "../common/kernel_call.h"

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
  *x = (pt_tensor){data, sizes, order, n, (uint8_t)dtype, (uint8_t)rank, 0, contiguous};
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


static int tb_run(tb *t, const char *op, const int32_t *args, uint32_t nargs, const void *gotv,
                  const void *want, size_t nbytes) {
  const uint8_t *got = (const uint8_t *)gotv;
  const pt_kernel *k = pt_kernel_find(&pt_all_kernels, op, strlen(op));
  if (!k) {
    printf("FAIL %s: no kernel\n", op);
    return 1;
  }
  pt_diag d = {0};
  test_call tc;
  if (test_call_bind(&tc, k, t->v, t->nv, args, nargs, &d) != PT_OK) {
    printf("FAIL %s: bind: %s\n", op, d.text);
    test_call_free(&tc);
    return 1;
  }
  pt_status s = test_call_run(&tc, t->v);
  test_call_free(&tc);
  if (s != PT_OK) {
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

/* Bad arguments fail at bind with a message naming the problem. */
static int expect_bind_error(tb *t, const char *op, const int32_t *args, uint32_t nargs, const char *needle) {
  const pt_kernel *k = pt_kernel_find(&pt_all_kernels, op, strlen(op));
  pt_diag d = {0};
  pt_bind b = {.values = t->v, .nvalues = t->nv, .args = args, .nargs = nargs, .op_name = op,
               .diag = &d, .run = k ? k->run : NULL};
  if (!k || k->bind(&b) != PT_ERR_BAD_ARGUMENTS || !strstr(d.text, needle)) {
    printf("FAIL %s: want a bind error mentioning \"%s\", got \"%s\"\n", op, needle, d.text);
    return 1;
  }
  printf("ok   %s rejected: %s\n", op, d.text);
  return 0;
}

static int bad_arguments(void) {
  static int8_t x[2 * 4], y[2 * 3], w8[3 * 4];
  static int32_t w32[3 * 4];
  static const int32_t sx[] = {2, 4}, sy[] = {2, 3}, sw[] = {3, 4};
  static const uint8_t o2[] = {0, 1};
  static const int64_t one[] = {1073741824}, shift[] = {-3};
  int failures = 0;
  /* quantized_linear with int32 weights */
  tb t;
  tb_init(&t);
  int32_t a[11];
  a[0] = tb_tensor(&t, PT_I8, 2, sx, o2, x);
  a[1] = tb_tensor(&t, PT_I32, 2, sw, o2, w32);
  a[2] = tb_none(&t), a[3] = tb_none(&t), a[4] = tb_int(&t, 0), a[5] = tb_int(&t, 0), a[6] = tb_int(&t, 0);
  a[7] = tb_list(&t, 1, one), a[8] = tb_list(&t, 1, shift), a[9] = tb_int(&t, 127), a[10] = tb_int(&t, -128);
  int32_t out = tb_tensor(&t, PT_I8, 2, sy, o2, y);
  const int32_t args[] = {a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], out, out};
  failures += expect_bind_error(&t, "cortex_m::quantized_linear.out", args, 13, "must be int8");
  /* ... with weights of the wrong width (K = 3, input has 4) */
  static const int32_t sw3[] = {3, 3};
  int32_t w_bad = tb_tensor(&t, PT_I8, 2, sw3, o2, w8);
  const int32_t args2[] = {a[0], w_bad, a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], out, out};
  failures += expect_bind_error(&t, "cortex_m::quantized_linear.out", args2, 13, "weights [N, K]");
  /* activation bounds outside int8 */
  int32_t big = tb_int(&t, 300);
  int32_t w_ok = tb_tensor(&t, PT_I8, 2, sw, o2, w8);
  const int32_t args3[] = {a[0], w_ok, a[2], a[3], a[4], a[5], a[6], a[7], a[8], big, a[10], out, out};
  failures += expect_bind_error(&t, "cortex_m::quantized_linear.out", args3, 13, "activation_max");
  /* a contiguous NCHW input with 4 channels is not channels-last */
  static int8_t img[1 * 4 * 3 * 3], res[1 * 2 * 1 * 1];
  static const int32_t si[] = {1, 4, 3, 3}, so[] = {1, 2, 1, 1}, swc[] = {2, 3, 3, 4}, sc[] = {2};
  static const uint8_t o4[] = {0, 1, 2, 3};
  static int8_t wc[2 * 3 * 3 * 4];
  static int32_t m2[2], s2[2];
  static const int64_t ones[] = {1, 1}, zeros[] = {0, 0};
  tb_init(&t);
  int32_t c[13];
  c[0] = tb_tensor(&t, PT_I8, 4, si, o4, img);
  c[1] = tb_tensor(&t, PT_I8, 4, swc, o4, wc);
  c[2] = tb_none(&t), c[3] = tb_list(&t, 2, ones), c[4] = tb_list(&t, 2, zeros), c[5] = tb_list(&t, 2, ones);
  c[6] = tb_int(&t, 0), c[7] = tb_int(&t, 0);
  c[8] = tb_tensor(&t, PT_I32, 1, sc, o2, m2), c[9] = tb_tensor(&t, PT_I32, 1, sc, o2, s2);
  c[10] = tb_int(&t, -128), c[11] = tb_int(&t, 127), c[12] = tb_none(&t);
  int32_t cout = tb_tensor(&t, PT_I8, 4, so, o4, res);
  const int32_t cargs[] = {c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], cout, cout};
  failures += expect_bind_error(&t, "cortex_m::quantized_conv2d.out", cargs, 15, "channels-last");
  return failures;
}

int main(void) {
  int failures = 0;
  size_t n = sizeof kernel_cases / sizeof kernel_cases[0];
  for (size_t i = 0; i < n; i++) failures += kernel_cases[i]();
  failures += bad_arguments();
  printf("%zu cases, %d failed\n", n, failures);
  return failures ? 1 : 0;
}
