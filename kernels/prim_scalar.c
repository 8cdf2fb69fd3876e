/* Scalar ops that shape arithmetic leaves in a program (dynamic dims): aten::sym_size.int
 * [self, dim, out], aten::sym_numel [self, out], and executorch_prim::<op>.Scalar [a, (b,)
 * out]. They write a value, not a tensor: Int when every operand is Int (Python semantics:
 * floor division, modulo with the divisor's sign), Double otherwise, Bool for comparisons.
 * Shapes are the static (upper-bound) ones the program declares. */
#include "kernel_util.h"

static bool is_scalar_tag(uint8_t tag) {
  return tag == PT_TAG_INT || tag == PT_TAG_DOUBLE || tag == PT_TAG_BOOL;
}

static pt_status scalar_args(pt_bind *b, uint32_t nin) {
  pt_status s;
  if ((s = ku_nargs(b, nin + 1))) return s;
  for (uint32_t i = 0; i <= nin; i++)
    if (!is_scalar_tag(KU_ARG(b, i)->tag))
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: argument %u must be a Scalar value",
                     b->op_name, (unsigned)i);
  return PT_OK;
}

static double as_double(const pt_value *v) {
  return v->tag == PT_TAG_DOUBLE ? v->u.d : v->tag == PT_TAG_BOOL ? (double)v->u.b : (double)v->u.i;
}

static int64_t as_int(const pt_value *v) { return v->tag == PT_TAG_BOOL ? v->u.b : v->u.i; }

static void set_int(pt_value *v, int64_t i) { v->tag = PT_TAG_INT; v->u.i = i; }
static void set_double(pt_value *v, double d) { v->tag = PT_TAG_DOUBLE; v->u.d = d; }
static void set_bool(pt_value *v, bool x) { v->tag = PT_TAG_BOOL; v->u.b = x; }

/* ---- sizes ---- */

static pt_status sym_size_bind(pt_bind *b) {
  const pt_tensor *t;
  int64_t dim;
  uint32_t d;
  pt_status s;
  if ((s = ku_nargs(b, 3)) || (s = ku_tensor(b, 0, "self", &t)) || (s = ku_int(b, 1, "dim", &dim)))
    return s;
  if (t->rank == 0)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: self has no dims", b->op_name);
  if ((s = ku_dim(b, dim, t->rank, "dim", &d))) return s;
  if (!is_scalar_tag(KU_ARG(b, 2)->tag))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: the result must be an Int value", b->op_name);
  KU_STATE4(b)[0] = d;
  return PT_OK;
}

static pt_status sym_size_run(const pt_ctx *ctx, const pt_call *call) {
  set_int(&ctx->values[call->args[2]], KU_T(ctx, call, 0)->sizes[KU_STATE(call)[0]]);
  return PT_OK;
}

static pt_status sym_numel_bind(pt_bind *b) {
  const pt_tensor *t;
  pt_status s;
  if ((s = ku_nargs(b, 2)) || (s = ku_tensor(b, 0, "self", &t))) return s;
  if (!is_scalar_tag(KU_ARG(b, 1)->tag))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: the result must be an Int value", b->op_name);
  return PT_OK;
}

static pt_status sym_numel_run(const pt_ctx *ctx, const pt_call *call) {
  set_int(&ctx->values[call->args[1]], KU_T(ctx, call, 0)->numel);
  return PT_OK;
}

const pt_kernel pt_k_aten_sym_size_int = {"aten::sym_size.int", sym_size_bind, sym_size_run, NULL};
const pt_kernel pt_k_aten_sym_numel = {"aten::sym_numel", sym_numel_bind, sym_numel_run, NULL};

/* ---- arithmetic ---- */

/* floor() without libm (the rv32 build has none). */
static double floor_no_libm(double q) {
  if (q != q || q >= 9.0e18 || q <= -9.0e18) return q;
  double t = (double)(int64_t)q;
  return t > q ? t - 1.0 : t;
}

enum { P_ADD, P_SUB, P_MUL, P_FLOORDIV, P_TRUEDIV, P_MOD, P_MAX, P_MIN,
       P_EQ, P_GT, P_LT, P_GE, P_LE };

static pt_status binary_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_value *a = &ctx->values[call->args[0]], *c = &ctx->values[call->args[1]];
  pt_value *out = &ctx->values[call->args[2]];
  int op = (int)KU_STATE(call)[0];
  bool ints = a->tag != PT_TAG_DOUBLE && c->tag != PT_TAG_DOUBLE;
  if (op >= P_EQ) {
    bool r;
    if (ints) {
      int64_t x = as_int(a), y = as_int(c);
      r = op == P_EQ ? x == y : op == P_GT ? x > y : op == P_LT ? x < y : op == P_GE ? x >= y : x <= y;
    } else {
      double x = as_double(a), y = as_double(c);
      r = op == P_EQ ? x == y : op == P_GT ? x > y : op == P_LT ? x < y : op == P_GE ? x >= y : x <= y;
    }
    set_bool(out, r);
    return PT_OK;
  }
  if (op == P_TRUEDIV) {
    set_double(out, as_double(a) / as_double(c));
    return PT_OK;
  }
  if (ints) {
    int64_t x = as_int(a), y = as_int(c);
    uint64_t ux = (uint64_t)x, uy = (uint64_t)y;
    switch (op) {
      case P_ADD: set_int(out, (int64_t)(ux + uy)); break;
      case P_SUB: set_int(out, (int64_t)(ux - uy)); break;
      case P_MUL: set_int(out, (int64_t)(ux * uy)); break;
      case P_MAX: set_int(out, x > y ? x : y); break;
      case P_MIN: set_int(out, x < y ? x : y); break;
      default: { /* floordiv, mod: Python's rounding toward -inf */
        if (y == 0 || (x == INT64_MIN && y == -1)) return PT_ERR_KERNEL_FAILED;
        int64_t q = x / y, r = x % y;
        if (r != 0 && ((r < 0) != (y < 0))) { q -= 1; r += y; }
        set_int(out, op == P_MOD ? r : q);
      }
    }
    return PT_OK;
  }
  double x = as_double(a), y = as_double(c), r;
  switch (op) {
    case P_ADD: r = x + y; break;
    case P_SUB: r = x - y; break;
    case P_MUL: r = x * y; break;
    case P_MAX: r = x > y ? x : y; break;
    case P_MIN: r = x < y ? x : y; break;
    case P_MOD: return PT_ERR_KERNEL_FAILED; /* SymInt only; rejected at bind */
    default: r = floor_no_libm(x / y); break;
  }
  set_double(out, r);
  return PT_OK;
}

#define PRIM_BINARY(name, OP)                                                              \
  static pt_status prim_##name##_bind(pt_bind *b) {                                        \
    pt_status s = scalar_args(b, 2);                                                       \
    if (s == PT_OK && OP == P_MOD &&                                                       \
        (KU_ARG(b, 0)->tag == PT_TAG_DOUBLE || KU_ARG(b, 1)->tag == PT_TAG_DOUBLE))         \
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: operands must be Int", b->op_name); \
    KU_STATE4(b)[0] = OP;                                                                      \
    return s;                                                                              \
  }                                                                                        \
  const pt_kernel pt_k_executorch_prim_##name##_Scalar = {"executorch_prim::" #name ".Scalar", \
                                                          prim_##name##_bind, binary_run, NULL};

PRIM_BINARY(add, P_ADD)
PRIM_BINARY(sub, P_SUB)
PRIM_BINARY(mul, P_MUL)
PRIM_BINARY(floordiv, P_FLOORDIV)
PRIM_BINARY(truediv, P_TRUEDIV)
PRIM_BINARY(mod, P_MOD)
PRIM_BINARY(sym_max, P_MAX)
PRIM_BINARY(sym_min, P_MIN)
PRIM_BINARY(eq, P_EQ)
PRIM_BINARY(gt, P_GT)
PRIM_BINARY(lt, P_LT)
PRIM_BINARY(ge, P_GE)
PRIM_BINARY(le, P_LE)

/* neg.Scalar [a, out], sym_float.Scalar [a, out] */
static pt_status unary_bind(pt_bind *b) { return scalar_args(b, 1); }

static pt_status neg_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_value *a = &ctx->values[call->args[0]];
  if (a->tag == PT_TAG_DOUBLE) set_double(&ctx->values[call->args[1]], -a->u.d);
  else set_int(&ctx->values[call->args[1]], (int64_t)(0u - (uint64_t)as_int(a)));
  return PT_OK;
}

static pt_status sym_float_run(const pt_ctx *ctx, const pt_call *call) {
  set_double(&ctx->values[call->args[1]], as_double(&ctx->values[call->args[0]]));
  return PT_OK;
}

const pt_kernel pt_k_executorch_prim_neg_Scalar = {"executorch_prim::neg.Scalar", unary_bind, neg_run, NULL};
const pt_kernel pt_k_executorch_prim_sym_float_Scalar = {"executorch_prim::sym_float.Scalar", unary_bind, sym_float_run, NULL};
