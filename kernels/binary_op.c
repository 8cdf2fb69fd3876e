#include "binary_op.h"

#include <string.h>

/* state[0]: fast-path kind (fast run) or compute domain | common dtype << 8 (general).
 * state[1..2]: alpha as float bits (f32 domain) or as 64 bits (f64 / i64 domain). */
enum { DOM_F32 = 1, DOM_F64 = 2, DOM_I64 = 3 };

pt_status ku_binary_bind(pt_bind *b, const ku_binary_fns *fns, pt_kernel_fn fast) {
  uint32_t n = fns->has_alpha ? 5 : 4, out_i = n - 2;
  const pt_tensor *a, *t_other = NULL, *out;
  ku_scalar s_other, alpha = {false, false, 1, 1.0};
  pt_status st;
  if ((st = ku_nargs(b, n)) || (st = ku_tensor(b, 0, "self", &a)) || (st = ku_out(b, out_i, &out)))
    return st;
  if (fns->scalar_other) {
    if ((st = ku_scalar_arg(b, 1, "other", &s_other))) return st;
  } else if ((st = ku_tensor(b, 1, "other", &t_other))) {
    return st;
  }
  if (fns->has_alpha && (st = ku_scalar_arg(b, 2, "alpha", &alpha))) return st;

  const pt_tensor *ts[3] = {a, t_other, out};
  const char *names[3] = {"self", "other", "out"};
  for (int k = 0; k < 3; k++)
    if (ts[k] && !ku_dtype_known(ts[k]->dtype))
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: %s has a dtype (%s) this kernel does not support",
                     b->op_name, names[k], pt_dtype_name(ts[k]->dtype));

  int common = t_other ? ku_promote(a->dtype, t_other->dtype) : ku_promote_scalar(a->dtype, &s_other);
  if (t_other ? !ku_can_cast(common, out->dtype) : common != out->dtype)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: the result type (%s) cannot be stored in out (%s)",
                   b->op_name, pt_dtype_name(common), pt_dtype_name(out->dtype));
  if (fns->no_bool && (a->dtype == PT_BOOL || (t_other && t_other->dtype == PT_BOOL) ||
                       (!t_other && s_other.is_bool)))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: bool operands are not supported",
                   b->op_name);
  if (alpha.is_float && !ku_is_float(common))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: a floating-point alpha needs a floating-point result type", b->op_name);

  /* shape */
  int32_t sizes[PT_MAX_RANK];
  uint32_t rank = a->rank;
  if (t_other) {
    if ((st = ku_broadcast_shape(b, a, t_other, sizes, &rank))) return st;
  } else {
    memcpy(sizes, a->sizes, a->rank * sizeof *sizes);
  }
  if ((st = ku_out_shape(b, out, sizes, rank))) return st;

  /* dim_order: one shared order; broadcasting only over contiguous tensors */
  bool a_full = a->numel == out->numel && a->rank == out->rank;
  bool b_full = t_other && t_other->numel == out->numel && t_other->rank == out->rank;
  bool contiguous = true;
  for (int k = 0; k < 3; k++)
    if (ts[k] && ts[k]->numel > 1 && !ts[k]->is_contiguous) contiguous = false;
  if (!contiguous) {
    if (!ku_same_dim_order(a, out) || (t_other && t_other->numel > 1 && !ku_same_dim_order(t_other, out)))
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                     "%s: self, other and out must share one dim_order", b->op_name);
    if ((!a_full && a->numel > 1) || (t_other && !b_full && t_other->numel > 1))
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                     "%s: broadcasting over a non-contiguous dim_order is not supported",
                     b->op_name);
  }

  if (a->dtype == PT_F32 && out->dtype == PT_F32 && (!t_other || t_other->dtype == PT_F32) && fast) {
    uint32_t kind = 0xffffffffu;
    if (!t_other || t_other->numel == 1) kind = KU_BIN_FAST_B1;
    else if (a_full && b_full) kind = KU_BIN_FAST_SAME;
    else if (a->numel == 1) kind = KU_BIN_FAST_A1;
    if (kind != 0xffffffffu && (a_full || a->numel == 1)) {
      float fa = (float)alpha.d;
      KU_STATE4(b)[0] = kind;
      memcpy(&KU_STATE4(b)[1], &fa, sizeof fa);
      b->run = fast;
      return PT_OK;
    }
  }

  uint32_t dom = common == PT_F32 ? DOM_F32 : common == PT_F64 ? DOM_F64 : DOM_I64;
  KU_STATE4(b)[0] = dom | (uint32_t)common << 8;
  if (dom == DOM_F32) {
    float fa = (float)alpha.d;
    memcpy(&KU_STATE4(b)[1], &fa, sizeof fa);
  } else if (dom == DOM_F64) {
    memcpy(&KU_STATE4(b)[1], &alpha.d, sizeof alpha.d);
  } else {
    memcpy(&KU_STATE4(b)[1], &alpha.i, sizeof alpha.i);
  }
  return PT_OK;
}

static ku_num scalar_num(const pt_value *v) {
  ku_num x = {false, 0, 0.0};
  if (v->tag == PT_TAG_DOUBLE) { x.is_float = true; x.d = v->u.d; }
  else if (v->tag == PT_TAG_BOOL) x.i = v->u.b;
  else x.i = v->u.i;
  return x;
}

pt_status ku_binary_run(const pt_ctx *ctx, const pt_call *call, const ku_binary_fns *fns) {
  const pt_tensor *a = KU_T(ctx, call, 0);
  const pt_tensor *out = KU_T(ctx, call, call->nargs - 1);
  const pt_value *vb = &ctx->values[call->args[1]];
  const pt_tensor *tb = vb->tag == PT_TAG_TENSOR ? vb->u.t : NULL;
  uint32_t dom = KU_STATE(call)[0] & 0xffu;
  int common = (int)(KU_STATE(call)[0] >> 8);
  uint32_t rank = out->rank;
  uint32_t sa[PT_MAX_RANK], sb[PT_MAX_RANK], idx[PT_MAX_RANK];
  float alpha_f = 0.0f;
  double alpha_d = 0.0;
  int64_t alpha_i = 0;
  memcpy(&alpha_f, &KU_STATE(call)[1], sizeof alpha_f);
  memcpy(&alpha_d, &KU_STATE(call)[1], sizeof alpha_d);
  memcpy(&alpha_i, &KU_STATE(call)[1], sizeof alpha_i);
  ku_num bscalar = tb ? (ku_num){false, 0, 0.0} : scalar_num(vb);

  /* Same shapes (any shared dim_order) walk memory in order; otherwise broadcast. */
  bool a_full = a->numel == out->numel && a->rank == rank;
  bool b_full = tb && tb->numel == out->numel && tb->rank == rank;
  ku_broadcast_strides(a, rank, sa);
  if (tb) ku_broadcast_strides(tb, rank, sb);
  memset(idx, 0, sizeof idx);
  uint32_t oa = 0, ob = 0;
  for (uint32_t i = 0; i < out->numel; i++) {
    uint32_t ia = a_full ? i : a->numel == 1 ? 0 : oa;
    uint32_t ib = b_full ? i : (tb && tb->numel == 1) ? 0 : ob;
    ku_num x = ku_load(a->data, a->dtype, ia);
    ku_num y = tb ? ku_load(tb->data, tb->dtype, ib) : bscalar;
    ku_num r = {false, 0, 0.0};
    if (dom == DOM_F32) {
      float fx = x.is_float ? (float)x.d : (float)x.i;
      float fy = y.is_float ? (float)y.d : (float)y.i;
      r.is_float = true;
      r.d = fns->f32(fx, fy, alpha_f);
    } else if (dom == DOM_F64) {
      r.is_float = true;
      r.d = fns->f64(x.is_float ? x.d : (double)x.i, y.is_float ? y.d : (double)y.i, alpha_d);
    } else {
      /* ints: operands fit the common type; wrap the result to it like CTYPE_COMPUTE */
      r = ku_convert((ku_num){false, fns->i64(x.i, y.i, alpha_i), 0.0}, common);
    }
    ku_store(out->data, out->dtype, i, r);
    /* advance the broadcast odometer */
    for (uint32_t d = rank; d-- > 0;) {
      oa += sa[d];
      if (tb) ob += sb[d];
      if (++idx[d] < (uint32_t)out->sizes[d]) break;
      oa -= sa[d] * idx[d];
      if (tb) ob -= sb[d] * idx[d];
      idx[d] = 0;
    }
  }
  return PT_OK;
}
