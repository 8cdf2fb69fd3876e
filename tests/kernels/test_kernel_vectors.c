/* Runs every generated case: builds a value table by hand, binds once with NULL data (as
 * the runtime does while sizing), binds again with data, runs, and compares with torch. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_vectors.h"
#include "../common/kernel_call.h"
#include "petite_kernel.h"

static const pt_kernel *find_kernel(const char *name) {
  for (uint32_t i = 0; i < pt_all_kernels.count; i++)
    if (strcmp(pt_all_kernels.kernels[i]->name, name) == 0) return pt_all_kernels.kernels[i];
  return NULL;
}

static size_t esize(int dtype) {
  switch (dtype) {
    case 0: case 1: case 11: return 1;
    case 2: return 2;
    case 3: case 6: return 4;
    default: return 8;
  }
}

static double load(const uint8_t *p, int dtype, size_t i) {
  switch (dtype) {
    case 0: return p[i];
    case 1: return (int8_t)p[i];
    case 11: return p[i];
    case 2: { int16_t v; memcpy(&v, p + 2 * i, 2); return v; }
    case 3: { int32_t v; memcpy(&v, p + 4 * i, 4); return v; }
    case 4: { int64_t v; memcpy(&v, p + 8 * i, 8); return (double)v; }
    case 6: { float v; memcpy(&v, p + 4 * i, 4); return v; }
    default: { double v; memcpy(&v, p + 8 * i, 8); return v; }
  }
}

#define MAXV 64

typedef struct harness {
  pt_value values[MAXV];
  pt_tensor tensors[MAXV];
  void *bufs[MAXV];
  int64_t items[MAXV][8];
  int32_t args[16];
  int32_t ret_list[4];
  int32_t lists[4][16];
  unsigned nlists;
  int checked[16];
  int scalar_out, out_list;
  unsigned nchecked;
  int has_ret_list;
  uint32_t nvalues, nargs;
  uint32_t arg_value[16];
  int out_value, self_value;
} harness;

static void build(harness *h, const kt_case *c) {
  memset(h, 0, sizeof *h);
  h->out_value = h->self_value = h->scalar_out = h->out_list = -1;
  for (unsigned a = 0; a < c->nargs; a++) {
    const kt_arg *x = &c->args[a];
    uint32_t vi = h->nvalues++;
    pt_value *v = &h->values[vi];
    switch (x->kind) {
      case KT_TENSOR:
      case KT_LIST_ITEM:
      case KT_OUT_ITEM:
      case KT_EXTRA:
      case KT_EXTRA_CHECKED:
      case KT_OUT: {
        pt_tensor *t = &h->tensors[vi];
        t->sizes = x->sizes;
        t->dim_order = x->dim_order;
        t->rank = (uint8_t)x->rank;
        t->dtype = (uint8_t)x->dtype;
        t->numel = 1;
        t->is_contiguous = 1;
        for (unsigned d = 0; d < x->rank; d++) {
          t->numel *= (uint32_t)x->sizes[d];
          if (x->dim_order[d] != d) t->is_contiguous = 0;
        }
        size_t nb = t->numel * esize(x->dtype); /* the test's own element sizes */
        h->bufs[vi] = malloc(nb + 16);
        if (x->kind == KT_TENSOR || x->kind == KT_LIST_ITEM) {
          memcpy(h->bufs[vi], x->data, x->nbytes);
          if (h->self_value < 0 && x->kind == KT_TENSOR) h->self_value = (int)vi;
        } else {
          memset(h->bufs[vi], 0xA5, nb + 16);
          if (x->kind == KT_OUT) h->out_value = (int)vi;
          if (x->kind != KT_EXTRA) h->checked[h->nchecked] = (int)a;
          if (x->kind != KT_EXTRA) h->nchecked++;
        }
        v->tag = PT_TAG_TENSOR;
        v->u.t = t;
        break;
      }
      case KT_INT: v->tag = PT_TAG_INT; v->u.i = x->i; break;
      case KT_DOUBLE: v->tag = PT_TAG_DOUBLE; v->u.d = x->d; break;
      case KT_BOOL: v->tag = PT_TAG_BOOL; v->u.b = x->i != 0; break;
      case KT_NONE: v->tag = PT_TAG_NONE; break;
      case KT_STRING:
        v->tag = PT_TAG_STRING;
        v->u.list.items = x->data;
        v->u.list.len = x->nbytes;
        break;
      case KT_RET_LIST: {
        /* the outs are the tensors just before this list, in order */
        unsigned n = (unsigned)x->i, m = 0;
        for (unsigned k = 0; k < a && m < n; k++)
          if (c->args[k].kind == KT_OUT || c->args[k].kind == KT_EXTRA ||
              c->args[k].kind == KT_EXTRA_CHECKED)
            h->ret_list[m++] = (int32_t)h->arg_value[k];
        v->tag = PT_TAG_TENSOR_LIST;
        v->u.list.items = h->ret_list;
        v->u.list.len = n;
        h->has_ret_list = 1;
        break;
      }
      case KT_TENSOR_LIST:
      case KT_OUT_LIST: {
        /* the list items are the i tensors just before this argument */
        int32_t *items = h->lists[h->nlists++];
        for (unsigned k = 0; k < (unsigned)x->i; k++)
          items[k] = (int32_t)h->arg_value[a - (unsigned)x->i + k];
        v->tag = PT_TAG_TENSOR_LIST;
        v->u.list.items = items;
        v->u.list.len = (uint32_t)x->i;
        if (x->kind == KT_OUT_LIST) {
          h->out_list = (int)vi; /* the schema's out (pushed below), appended again at the end */
          h->has_ret_list = 1;
        }
        break;
      }
      case KT_SCALAR_OUT:
        v->tag = PT_TAG_INT; /* a SymInt slot as the program declares it; the op sets it */
        v->u.i = 0;
        h->scalar_out = (int)a;
        h->has_ret_list = 1;
        break;
      case KT_INT_LIST:
        for (unsigned k = 0; k < x->nitems; k++) {
          uint32_t ii = h->nvalues++;
          h->values[ii].tag = PT_TAG_INT;
          h->values[ii].u.i = x->items[k];
          h->items[vi][k] = ii;
        }
        v->tag = PT_TAG_INT_LIST;
        v->u.list.items = h->items[vi];
        v->u.list.len = x->nitems;
        break;
    }
    h->arg_value[a] = vi;
    if (x->kind == KT_LIST_ITEM || x->kind == KT_OUT_ITEM) continue;
    if (x->kind != KT_OUT || c->out_in_schema) h->args[h->nargs++] = (int32_t)vi;
  }
  if (!h->has_ret_list) h->args[h->nargs++] = h->out_value; /* the return value, appended */
  if (h->out_list >= 0) h->args[h->nargs++] = h->out_list;
}

static void set_data(harness *h, int on) {
  for (uint32_t i = 0; i < h->nvalues; i++)
    if (h->bufs[i]) h->tensors[i].data = on ? h->bufs[i] : NULL;
}

static int check_one(const kt_case *c, harness *h, unsigned arg) {
  const kt_arg *ex = &c->args[arg];
  const pt_tensor *out = &h->tensors[h->arg_value[arg]];
  if (c->expect_alias && out->data != h->tensors[h->self_value].data) {
    printf("FAIL %s: out does not alias self\n", c->name);
    return 1;
  }
  if (pt_tensor_nbytes(out) != ex->nbytes) {
    printf("FAIL %s: out has %u bytes, expected %u\n", c->name, (unsigned)pt_tensor_nbytes(out), ex->nbytes);
    return 1;
  }
  const uint8_t *got = (const uint8_t *)out->data;
  for (uint32_t i = 0; i < out->numel; i++) {
    double g = load(got, ex->dtype, i), e = load(ex->data, ex->dtype, i);
    int ok;
    if (ex->dtype == 4) ok = memcmp(got + 8 * i, ex->data + 8 * i, 8) == 0; /* int64 exact */
    else if (isnan(e)) ok = isnan(g);
    else if (isinf(e)) ok = g == e;
    else if (c->atol > 0) ok = fabs(g - e) <= c->atol * (1.0 + fabs(e));
    else ok = g == e && signbit(g) == signbit(e); /* exact, sign of zero included */
    if (!ok) {
      printf("FAIL %s: element %u is %.9g, expected %.9g\n", c->name, (unsigned)i, g, e);
      return 1;
    }
  }
  /* nothing written past the end */
  for (uint32_t k = 0; k < 16 && !c->expect_alias; k++)
    if (got[pt_tensor_nbytes(out) + k] != 0xA5) {
      printf("FAIL %s: wrote past the end of out\n", c->name);
      return 1;
    }
  return 0;
}

static int check_scalar(const kt_case *c, harness *h) {
  const kt_arg *ex = &c->args[h->scalar_out];
  const pt_value *v = &h->values[h->arg_value[h->scalar_out]];
  int want_tag = ex->dtype == 4 ? PT_TAG_INT : ex->dtype == 7 ? PT_TAG_DOUBLE : PT_TAG_BOOL;
  int ok = v->tag == want_tag &&
           (want_tag == PT_TAG_INT ? v->u.i == ex->i
            : want_tag == PT_TAG_DOUBLE ? v->u.d == ex->d : (long long)v->u.b == ex->i);
  if (!ok) printf("FAIL %s: result value (tag %d) is not the expected one\n", c->name, (int)v->tag);
  return !ok;
}

static int check(const kt_case *c, harness *h) {
  if (h->scalar_out >= 0) return check_scalar(c, h);
  for (unsigned k = 0; k < h->nchecked; k++)
    if (check_one(c, h, (unsigned)h->checked[k])) return 1;
  return 0;
}

int main(void) {
  int failures = 0;
  for (unsigned ci = 0; ci < kt_ncases; ci++) {
    const kt_case *c = &kt_cases[ci];
    const pt_kernel *k = find_kernel(c->op);
    if (!k) {
      printf("FAIL %s: no kernel %s in pt_all_kernels\n", c->name, c->op);
      failures++;
      continue;
    }
    harness h;
    build(&h, c);
    pt_diag diag = {PT_OK, ""};
    test_call tc;
    int failed = 0;
    for (int with_data = 0; with_data < 2 && !failed; with_data++) {
      set_data(&h, with_data);
      if (with_data) test_call_free(&tc);
      pt_status s = test_call_bind(&tc, k, h.values, h.nvalues, h.args, h.nargs, &diag);
      if (s != PT_OK) {
        printf("FAIL %s: bind: %s\n", c->name, diag.text);
        failed = 1;
      }
    }
    if (!failed) {
      pt_status s = test_call_run(&tc, h.values);
      if (s != PT_OK) {
        printf("FAIL %s: run returned %d\n", c->name, (int)s);
        failed = 1;
      } else {
        failed = check(c, &h);
      }
    }
    failures += failed;
    test_call_free(&tc);
    for (uint32_t i = 0; i < MAXV; i++) free(h.bufs[i]);
  }
  printf("%u cases, %d failed\n", kt_ncases, failures);
  return failures != 0;
}
