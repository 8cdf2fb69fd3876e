#include "kernel_util.h"

#include <string.h>

static const char *tag_name(int tag) {
  static const char *const names[] = {"None", "Null", "Int", "Bool", "Double", "Tensor",
                                      "String", "IntList", "DoubleList", "BoolList",
                                      "TensorList", "OptionalTensorList"};
  return (tag >= 0 && tag < 12) ? names[tag] : "unknown";
}

void *ku_state(pt_bind *b, size_t bytes) {
  bytes = (bytes + 7u) & ~(size_t)7u;
  size_t had = b->persistent_bytes;
  uint8_t *at = b->state && bytes <= b->state_room ? b->state : bytes <= sizeof b->sink ? (uint8_t *)b->sink : NULL;
  if (bytes > had) {
    b->persistent_bytes = bytes;
    if (at) memset(at + had, 0, bytes - had); /* state starts zeroed, as the sink does */
  }
  return at;
}

pt_status ku_nargs(pt_bind *b, uint32_t n) {
  if (b->nargs != n)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: expected %u arguments, got %u",
                   b->op_name, (unsigned)n, (unsigned)b->nargs);
  return PT_OK;
}

static pt_status wrong_tag(pt_bind *b, uint32_t i, const char *what, const char *want) {
  return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: argument %u (%s) must be %s, got %s",
                 b->op_name, (unsigned)i, what, want, tag_name(KU_ARG(b, i)->tag));
}

pt_status ku_tensor(pt_bind *b, uint32_t i, const char *what, const pt_tensor **t) {
  const pt_value *v = KU_ARG(b, i);
  if (v->tag != PT_TAG_TENSOR || v->u.t == NULL) return wrong_tag(b, i, what, "a Tensor");
  *t = v->u.t;
  return PT_OK;
}

pt_status ku_out(pt_bind *b, uint32_t i, const pt_tensor **t) {
  pt_status s = ku_tensor(b, i, "out", t);
  if (s != PT_OK) return s;
  if (i + 1 != b->nargs - 1 || b->args[i] != b->args[b->nargs - 1])
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: the returned tensor must be the out argument (value %d), got value %d",
                   b->op_name, (int)b->args[i], (int)b->args[b->nargs - 1]);
  return PT_OK;
}

pt_status ku_int(pt_bind *b, uint32_t i, const char *what, int64_t *v) {
  const pt_value *x = KU_ARG(b, i);
  if (x->tag != PT_TAG_INT) return wrong_tag(b, i, what, "an Int");
  *v = x->u.i;
  return PT_OK;
}

pt_status ku_bool(pt_bind *b, uint32_t i, const char *what, bool *v) {
  const pt_value *x = KU_ARG(b, i);
  if (x->tag != PT_TAG_BOOL) return wrong_tag(b, i, what, "a Bool");
  *v = x->u.b;
  return PT_OK;
}

pt_status ku_scalar_arg(pt_bind *b, uint32_t i, const char *what, ku_scalar *s) {
  const pt_value *x = KU_ARG(b, i);
  memset(s, 0, sizeof *s);
  switch (x->tag) {
    case PT_TAG_INT: s->i = x->u.i; s->d = (double)x->u.i; return PT_OK;
    case PT_TAG_BOOL: s->is_bool = true; s->i = x->u.b; s->d = x->u.b; return PT_OK;
    case PT_TAG_DOUBLE: s->is_float = true; s->d = x->u.d; return PT_OK;
    default: return wrong_tag(b, i, what, "a Scalar (Int, Bool or Double)");
  }
}

/* Scalars to float32 on the bits, rounded to nearest even as static_cast<float> does, so that
 * float32 firmware links no soft-float helper (__aeabi_l2f, __aeabi_d2f).
 * f32_bits: the float32 nearest to m * 2^(e - 31), where bit 31 of m is set and bit 0 is
 * sticky (set when lower bits were dropped). s = bits shifted out: 8 for a normal result,
 * more below 2^-126 (subnormals); rounding up may carry into the exponent, up to infinity. */
static uint32_t f32_bits(uint32_t m, int32_t e) {
  if (e > 127) return 0x7f800000u;
  uint32_t s = e >= -126 ? 8u : (uint32_t)(-118 - e), base = e >= -126 ? (uint32_t)(e + 126) << 23 : 0;
  if (s > 32) return 0;
  if (s == 32) m = (m >> 1) | (m & 1), s = 31;
  uint32_t r = m >> s, rem = m & ((1u << s) - 1), half = 1u << (s - 1);
  return base + r + (rem > half || (rem == half && (r & 1)));
}

static uint32_t i64_f32_bits(int64_t i) {
  uint64_t u = i < 0 ? 0u - (uint64_t)i : (uint64_t)i;
  int32_t e = 63;
  if (!u) return 0;
  while (!(u >> 63)) u <<= 1, e--;
  return (i < 0 ? 0x80000000u : 0) | f32_bits((uint32_t)(u >> 32) | ((uint32_t)u != 0), e);
}

static uint32_t f64_f32_bits(double d) {
  union { double d; uint64_t u; } c = {d};
  uint64_t x = c.u;
  uint32_t hi = (uint32_t)(x >> 32), sign = hi & 0x80000000u, ex = (hi >> 20) & 0x7ff;
  uint64_t m = x << 11 | 1ull << 63; /* 53 significant bits at the top */
  if (ex == 0x7ff) /* inf; NaN stays a NaN, made quiet, with its top payload bits */
    return sign | 0x7f800000u | ((x << 12) ? 0x400000u | (uint32_t)((x << 12) >> 41) : 0);
  if (ex == 0) return sign; /* zero, or a double subnormal: far below float32's least */
  return sign | f32_bits((uint32_t)(m >> 32) | ((uint32_t)m != 0), (int32_t)ex - 1023);
}

float ku_value_f32(const pt_value *v) {
  union { uint32_t u; float f; } c; /* no memcpy: a call when built freestanding */
  c.u = v->tag == PT_TAG_DOUBLE ? f64_f32_bits(v->u.d)
                                : i64_f32_bits(v->tag == PT_TAG_BOOL ? (int64_t)v->u.b : v->u.i);
  return c.f;
}

pt_status ku_scalar_f32(pt_bind *b, uint32_t i, const char *what, float *v) {
  const pt_value *x = KU_ARG(b, i);
  if (x->tag != PT_TAG_INT && x->tag != PT_TAG_BOOL && x->tag != PT_TAG_DOUBLE)
    return wrong_tag(b, i, what, "a Scalar (Int, Bool or Double)");
  *v = ku_value_f32(x);
  return PT_OK;
}

/* How a variant's bind (kernel_variants.def) ends a refusal of what its build left out. */
static const char left_out[] = "this firmware's selective build left out: rebuild its kernel "
                               "table (petite ops --table) from every program it must run";

pt_status ku_scalar_one_in_build(pt_bind *b, uint32_t i, const char *what) {
  const pt_value *x = KU_ARG(b, i);
  bool one;
  switch (x->tag) {
    case PT_TAG_INT: one = x->u.i == 1; break;
    case PT_TAG_BOOL: one = x->u.b; break;
    case PT_TAG_DOUBLE: { /* on the bits: no soft-double compare */
      union { double d; uint64_t u; } c = {x->u.d};
      one = c.u == 0x3ff0000000000000ull;
      break;
    }
    default: return wrong_tag(b, i, what, "a Scalar (Int, Bool or Double)");
  }
  if (!one)
    return pt_fail(b->diag, PT_ERR_MISSING_OPERATOR,
                   "%s: %s is not 1, a value %s", b->op_name, what, left_out);
  return PT_OK;
}

static int64_t list_index(const pt_value *x, uint32_t k) {
  int64_t idx;
  memcpy(&idx, (const int64_t *)x->u.list.items + k, sizeof idx); /* the list lives in program bytes */
  return idx;
}

pt_status ku_int_list_len(pt_bind *b, uint32_t i, const char *what, uint32_t *len) {
  const pt_value *x = KU_ARG(b, i);
  if (x->tag != PT_TAG_INT_LIST) return wrong_tag(b, i, what, "an int[]");
  for (uint32_t k = 0; k < x->u.list.len; k++) {
    int64_t idx = list_index(x, k);
    if (idx < 0 || (uint64_t)idx >= b->nvalues || b->values[idx].tag != PT_TAG_INT)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s item %u is not an Int value",
                     b->op_name, what, (unsigned)k);
  }
  *len = x->u.list.len;
  return PT_OK;
}

int64_t ku_int_list_at(const pt_bind *b, uint32_t i, uint32_t k) {
  return b->values[list_index(KU_ARG(b, i), k)].u.i;
}

pt_status ku_int_list(pt_bind *b, uint32_t i, const char *what, int64_t *v, uint32_t max,
                      uint32_t *len) {
  pt_status s = ku_int_list_len(b, i, what, len);
  if (s != PT_OK) return s;
  if (*len > max)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s has %u items, at most %u allowed",
                   b->op_name, what, (unsigned)*len, (unsigned)max);
  for (uint32_t k = 0; k < *len; k++) v[k] = ku_int_list_at(b, i, k);
  return PT_OK;
}

pt_status ku_int_list_i32(pt_bind *b, uint32_t i, const char *what, int32_t *v, uint32_t max,
                          uint32_t *len) {
  pt_status s = ku_int_list_len(b, i, what, len);
  if (s != PT_OK) return s;
  if (*len > max)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s has %u items, at most %u allowed",
                   b->op_name, what, (unsigned)*len, (unsigned)max);
  for (uint32_t k = 0; k < *len; k++) {
    int64_t x = ku_int_list_at(b, i, k);
    if (x < INT32_MIN || x > INT32_MAX)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s[%u] = %lld is out of range", b->op_name, what,
                     (unsigned)k, (long long)x);
    v[k] = (int32_t)x;
  }
  return PT_OK;
}

bool ku_is_none(const pt_bind *b, uint32_t i) {
  uint8_t tag = KU_ARG(b, i)->tag;
  return tag == PT_TAG_NONE || tag == PT_TAG_NULL;
}

pt_status ku_dtype_is(pt_bind *b, const pt_tensor *t, const char *what, int dtype) {
  if (t->dtype != dtype)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s must be %s, got %s", b->op_name,
                   what, pt_dtype_name(dtype), pt_dtype_name(t->dtype));
  return PT_OK;
}

pt_status ku_dtype_in_build(pt_bind *b, const pt_tensor *t, const char *what, uint32_t dtypes) {
  if (t->dtype >= 32 || !(dtypes >> t->dtype & 1))
    return pt_fail(b->diag, PT_ERR_MISSING_OPERATOR,
                   "%s: %s is %s, a dtype %s", b->op_name, what, pt_dtype_name(t->dtype), left_out);
  return PT_OK;
}

pt_status ku_same_dtype(pt_bind *b, const pt_tensor *a, const char *wa, const pt_tensor *c,
                        const char *wc) {
  if (a->dtype != c->dtype)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s is %s but %s is %s", b->op_name, wa,
                   pt_dtype_name(a->dtype), wc, pt_dtype_name(c->dtype));
  return PT_OK;
}

pt_status ku_contiguous(pt_bind *b, const pt_tensor *t, const char *what) {
  for (uint32_t d = 0; d < t->rank; d++)
    if (t->dim_order[d] != d)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                     "%s: %s must have the default (contiguous) dim_order", b->op_name, what);
  return PT_OK;
}

/* Appends "[2, 3, 4]" to the message. */
static void append_shape(pt_diag *d, const int32_t *sizes, uint32_t rank) {
  pt_diag_append(d, "[");
  for (uint32_t k = 0; k < rank; k++) pt_diag_append(d, k ? ", %d" : "%d", (int)sizes[k]);
  pt_diag_append(d, "]");
}

pt_status ku_out_shape(pt_bind *b, const pt_tensor *out, const int32_t *sizes, uint32_t rank) {
  bool ok = out->rank == rank;
  for (uint32_t d = 0; ok && d < rank; d++) ok = out->sizes[d] == sizes[d];
  if (!ok) {
    pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: out has shape ", b->op_name);
    append_shape(b->diag, out->sizes, out->rank);
    pt_diag_append(b->diag, ", expected ");
    append_shape(b->diag, sizes, rank);
    return PT_ERR_BAD_ARGUMENTS;
  }
  return PT_OK;
}

pt_status ku_same_shape(pt_bind *b, const pt_tensor *a, const char *wa, const pt_tensor *c,
                        const char *wc) {
  bool ok = a->rank == c->rank;
  for (uint32_t d = 0; ok && d < a->rank; d++) ok = a->sizes[d] == c->sizes[d];
  if (!ok) {
    pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s has shape ", b->op_name, wa);
    append_shape(b->diag, a->sizes, a->rank);
    pt_diag_append(b->diag, " but %s has shape ", wc);
    append_shape(b->diag, c->sizes, c->rank);
    return PT_ERR_BAD_ARGUMENTS;
  }
  return PT_OK;
}

bool ku_same_dim_order(const pt_tensor *a, const pt_tensor *c) {
  if (a->rank != c->rank) return false;
  for (uint32_t d = 0; d < a->rank; d++)
    if (a->dim_order[d] != c->dim_order[d]) return false;
  return true;
}

pt_status ku_dim(pt_bind *b, int64_t dim, uint32_t rank, const char *what, uint32_t *out) {
  int64_t r = rank ? (int64_t)rank : 1;
  if (dim < -r || dim >= r)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s %lld is out of range for rank %u",
                   b->op_name, what, (long long)dim, (unsigned)rank);
  *out = (uint32_t)(dim < 0 ? dim + r : dim);
  return PT_OK;
}

/* ---- dtypes ---- */

size_t ku_elem_size(int dtype) {
  switch (dtype) {
    case PT_U8: case PT_I8: case PT_BOOL: return 1;
    case PT_I16: return 2;
    case PT_I32: case PT_F32: return 4;
    case PT_I64: case PT_F64: return 8;
    default: return 0;
  }
}

bool ku_is_float(int dtype) { return dtype == PT_F32 || dtype == PT_F64; }

bool ku_is_int(int dtype) {
  return dtype == PT_U8 || dtype == PT_I8 || dtype == PT_I16 || dtype == PT_I32 ||
         dtype == PT_I64;
}

bool ku_dtype_known(int dtype) { return ku_elem_size(dtype) != 0; }

/* Rank in torch's promotion lattice for the signed/unsigned ints. */
static int int_rank(int dtype) {
  switch (dtype) {
    case PT_I8: return 1;
    case PT_I16: return 2;
    case PT_I32: return 3;
    case PT_I64: return 4;
    default: return 0; /* u8 */
  }
}

int ku_promote(int a, int b) {
  if (a == b) return a;
  if (a == PT_BOOL) return b;
  if (b == PT_BOOL) return a;
  if (ku_is_float(a) || ku_is_float(b)) {
    if (ku_is_float(a) && ku_is_float(b)) return PT_F64; /* f32 + f64 */
    return ku_is_float(a) ? a : b;
  }
  /* both ints, different */
  if (a == PT_U8 || b == PT_U8) {
    int other = a == PT_U8 ? b : a;
    return other == PT_I8 ? PT_I16 : other; /* u8 with i8 needs i16 */
  }
  return int_rank(a) > int_rank(b) ? a : b;
}

bool ku_can_cast(int from, int to) {
  if (ku_is_float(from) && ku_is_int(to)) return false;
  if (from != PT_BOOL && to == PT_BOOL) return false;
  return true;
}

int ku_promote_scalar(int t, const ku_scalar *s) {
  if (s->is_bool) return t;
  if (s->is_float) return ku_is_float(t) ? t : PT_F32;
  return t == PT_BOOL ? PT_I64 : t;
}

/* ---- element access ---- */

ku_num ku_load(const void *base, int dtype, uint32_t i) {
  ku_num v = {false, 0, 0.0};
  switch (dtype) {
    case PT_U8: v.i = ((const uint8_t *)base)[i]; break;
    case PT_I8: v.i = ((const int8_t *)base)[i]; break;
    case PT_I16: v.i = ((const int16_t *)base)[i]; break;
    case PT_I32: v.i = ((const int32_t *)base)[i]; break;
    case PT_I64: v.i = ((const int64_t *)base)[i]; break;
    case PT_BOOL: v.i = ((const uint8_t *)base)[i] != 0; break;
    case PT_F32: v.is_float = true; v.d = ((const float *)base)[i]; break;
    case PT_F64: v.is_float = true; v.d = ((const double *)base)[i]; break;
    default: break;
  }
  return v;
}

/* static_cast<int64_t>(double) without undefined behaviour: NaN -> 0, saturate. */
static int64_t f2i(double d) {
  if (d != d) return 0;
  if (d >= 9223372036854775807.0) return INT64_MAX;
  if (d <= -9223372036854775808.0) return INT64_MIN;
  return (int64_t)d;
}

/* Two's-complement narrowing, done on unsigned values so it is defined. */
static int64_t wrap(uint64_t u, unsigned bits) {
  uint64_t m = (1ull << bits) - 1, sign = 1ull << (bits - 1);
  u &= m;
  return (u & sign) ? -(int64_t)(m - u) - 1 : (int64_t)u;
}

void ku_store(void *base, int dtype, uint32_t i, ku_num v) {
  int64_t iv = v.is_float ? f2i(v.d) : v.i;
  switch (dtype) {
    case PT_U8: ((uint8_t *)base)[i] = (uint8_t)((uint64_t)iv & 0xffu); break;
    case PT_I8: ((int8_t *)base)[i] = (int8_t)wrap((uint64_t)iv, 8); break;
    case PT_I16: ((int16_t *)base)[i] = (int16_t)wrap((uint64_t)iv, 16); break;
    case PT_I32: ((int32_t *)base)[i] = (int32_t)wrap((uint64_t)iv, 32); break;
    case PT_I64: ((int64_t *)base)[i] = iv; break;
    case PT_BOOL:
      ((uint8_t *)base)[i] = (uint8_t)(v.is_float ? v.d != 0.0 : v.i != 0);
      break;
    case PT_F32:
      ((float *)base)[i] = v.is_float ? (float)v.d : (float)v.i; /* int -> float directly */
      break;
    case PT_F64: ((double *)base)[i] = v.is_float ? v.d : (double)v.i; break;
    default: break;
  }
}

ku_num ku_convert(ku_num v, int dtype) {
  uint64_t tmp = 0;
  ku_store(&tmp, dtype, 0, v);
  return ku_load(&tmp, dtype, 0);
}

/* ---- strides and broadcasting ---- */

void ku_strides(const pt_tensor *t, uint32_t *strides) {
  uint32_t s = 1;
  for (uint32_t k = t->rank; k-- > 0;) {
    strides[t->dim_order[k]] = s;
    s *= (uint32_t)t->sizes[t->dim_order[k]];
  }
}

pt_status ku_broadcast_shape(pt_bind *b, const pt_tensor *x, const pt_tensor *y,
                             int32_t *sizes, uint32_t *rank) {
  uint32_t r = x->rank > y->rank ? x->rank : y->rank;
  for (uint32_t k = 0; k < r; k++) {
    int32_t sx = k < r - x->rank ? 1 : x->sizes[k - (r - x->rank)];
    int32_t sy = k < r - y->rank ? 1 : y->sizes[k - (r - y->rank)];
    if (sx != sy && sx != 1 && sy != 1) {
      pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: shapes ", b->op_name);
      append_shape(b->diag, x->sizes, x->rank);
      pt_diag_append(b->diag, " and ");
      append_shape(b->diag, y->sizes, y->rank);
      pt_diag_append(b->diag, " do not broadcast");
      return PT_ERR_BAD_ARGUMENTS;
    }
    sizes[k] = sx == 1 ? sy : sx;
  }
  *rank = r;
  return PT_OK;
}

void ku_broadcast_strides(const pt_tensor *t, uint32_t rank, uint32_t *strides) {
  uint32_t s = 1;
  for (uint32_t k = rank; k-- > 0;) {
    uint32_t lead = rank - t->rank;
    if (k < lead || t->sizes[k - lead] == 1) {
      strides[k] = 0;
    } else {
      strides[k] = s;
      s *= (uint32_t)t->sizes[k - lead];
    }
  }
}

void ku_strided_copy(void *dst, int dst_dtype, const uint32_t *dst_strides, const void *src,
                     int src_dtype, const uint32_t *src_strides, const int32_t *sizes,
                     uint32_t rank) {
  uint32_t idx[PT_MAX_RANK] = {0}, numel = 1, od = 0, os = 0;
  size_t es = ku_elem_size(src_dtype);
  bool same = src_dtype == dst_dtype;
  for (uint32_t d = 0; d < rank; d++) numel *= (uint32_t)sizes[d];
  for (uint32_t i = 0; i < numel; i++) {
    if (same)
      memcpy((uint8_t *)dst + (size_t)od * es, (const uint8_t *)src + (size_t)os * es, es);
    else
      ku_store(dst, dst_dtype, od, ku_load(src, src_dtype, os));
    for (uint32_t d = rank; d-- > 0;) {
      od += dst_strides[d];
      os += src_strides[d];
      if (++idx[d] < (uint32_t)sizes[d]) break;
      od -= dst_strides[d] * idx[d];
      os -= src_strides[d] * idx[d];
      idx[d] = 0;
    }
  }
}

pt_status ku_view_bind(pt_bind *b, const pt_tensor *in, const pt_tensor *out) {
  uint32_t n, infer = PT_MAX_RANK;
  int32_t sizes[PT_MAX_RANK];
  uint64_t known = 1;
  pt_status s;
  if ((s = ku_int_list_len(b, 1, "size", &n)) || (s = ku_same_dtype(b, in, "self", out, "out")))
    return s;
  if (n > PT_MAX_RANK)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: size has %u dims, at most %u", b->op_name, (unsigned)n,
                   (unsigned)PT_MAX_RANK);
  for (uint32_t d = 0; d < n; d++) {
    int64_t size = ku_int_list_at(b, 1, d);
    if (size == -1 && infer == PT_MAX_RANK) { infer = d; continue; }
    if (size < 0 || size > INT32_MAX)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: size[%u] = %lld is invalid",
                     b->op_name, (unsigned)d, (long long)size);
    sizes[d] = (int32_t)size;
    known *= (uint64_t)size;
    if (known > UINT32_MAX) known = UINT32_MAX;
  }
  if (infer != PT_MAX_RANK) {
    if (known == 0 || in->numel % known)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: cannot infer the -1 size for %u elements",
                     b->op_name, (unsigned)in->numel);
    sizes[infer] = (int32_t)(in->numel / known);
  } else if (known != in->numel) {
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: size has %llu elements, self has %u",
                   b->op_name, (unsigned long long)known, (unsigned)in->numel);
  }
  if ((s = ku_out_shape(b, out, sizes, n)) || (s = ku_contiguous(b, in, "self")) ||
      (s = ku_contiguous(b, out, "out")))
    return s;
  return PT_OK;
}

pt_status ku_copy_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0);
  pt_tensor *out = KU_T(ctx, call, call->nargs - 1);
  if (in->dtype == out->dtype && ku_same_dim_order(in, out)) {
    if (out->data != in->data) memcpy(out->data, in->data, pt_tensor_nbytes(in));
    return PT_OK;
  }
  uint32_t si[PT_MAX_RANK], so[PT_MAX_RANK];
  ku_strides(in, si);
  ku_strides(out, so);
  ku_strided_copy(out->data, out->dtype, so, in->data, in->dtype, si, out->sizes, out->rank);
  return PT_OK;
}

pt_status ku_copy_bind(pt_bind *b, uint32_t out_i, bool same_dtype) {
  const pt_tensor *in = NULL, *out = NULL;
  pt_status s;
  if ((s = ku_tensor(b, 0, "self", &in)) || (s = ku_out(b, out_i, &out)) ||
      (same_dtype && (s = ku_same_dtype(b, in, "self", out, "out"))) ||
      (s = ku_out_shape(b, out, in->sizes, in->rank)))
    return s;
  if (!ku_dtype_known(in->dtype) || !ku_dtype_known(out->dtype))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s to %s is not supported",
                   b->op_name, pt_dtype_name(in->dtype), pt_dtype_name(out->dtype));
  return PT_OK;
}
