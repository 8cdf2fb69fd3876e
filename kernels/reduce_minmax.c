/* aten::amax.out / aten::amin.out [self, dim[], keepdim, out, out] (a NaN anywhere in the
 * reduced elements gives NaN) and aten::argmax.out / aten::argmin.out [self, dim?, keepdim,
 * out, out] (int64 index of the first extreme; the first NaN wins, as in ExecuTorch;
 * dim=None indexes the flattened tensor in logical order). */
#include "reduce_walk.h"

static bool is_nan(ku_num v) { return v.is_float && v.d != v.d; }

/* true when v should replace acc */
static bool better(ku_num v, ku_num acc, bool is_max) {
  if (is_nan(acc)) return false;
  if (is_nan(v)) return true;
  if (v.is_float) return is_max ? v.d > acc.d : v.d < acc.d;
  return is_max ? v.i > acc.i : v.i < acc.i;
}

/* state[0]: mask, state[1]: is_max, state[2]: arg (index) variant */
static pt_status minmax_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0), *out = KU_T(ctx, call, 4);
  bool is_max = KU_STATE(call)[1] != 0, arg = KU_STATE(call)[2] != 0;
  rw_walk w;
  rw_begin(&w, in, KU_STATE(call)[0]);
  for (uint32_t o = 0; o < out->numel; o++, rw_next_output(&w)) {
    ku_num acc = ku_load(in->data, in->dtype, rw_at(&w));
    int64_t at = 0;
    rw_next_reduced(&w);
    for (uint32_t r = 1; r < w.count; r++, rw_next_reduced(&w)) {
      ku_num v = ku_load(in->data, in->dtype, rw_at(&w));
      if (better(v, acc, is_max)) { acc = v; at = r; }
    }
    if (arg) ((int64_t *)out->data)[o] = at;
    else ku_store(out->data, out->dtype, o, acc);
  }
  return PT_OK;
}

static pt_status amax_bind_common(pt_bind *b, uint32_t is_max) {
  const pt_tensor *in, *out;
  int32_t dims[PT_MAX_RANK];
  uint32_t n, mask, count;
  bool keepdim;
  pt_status s;
  if ((s = ku_nargs(b, 5)) || (s = ku_tensor(b, 0, "self", &in)) ||
      (s = ku_int_list_i32(b, 1, "dim", dims, PT_MAX_RANK, &n)) ||
      (s = ku_bool(b, 2, "keepdim", &keepdim)) || (s = ku_out(b, 3, &out)) ||
      (s = ku_same_dtype(b, in, "self", out, "out")))
    return s;
  if (!ku_dtype_known(in->dtype))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: dtype %s is not supported", b->op_name,
                   pt_dtype_name(in->dtype));
  if ((s = rw_bind(b, in, dims, n, n == 0, keepdim, out, &mask, &count))) return s;
  KU_STATE4(b)[0] = mask;
  KU_STATE4(b)[1] = is_max;
  KU_STATE4(b)[2] = 0;
  return PT_OK;
}

static pt_status argmax_bind_common(pt_bind *b, uint32_t is_max) {
  const pt_tensor *in, *out;
  int64_t dim = 0;
  uint32_t mask, count;
  bool keepdim, all = ku_is_none(b, 1);
  pt_status s;
  if ((s = ku_nargs(b, 5)) || (s = ku_tensor(b, 0, "self", &in)) ||
      (!all && (s = ku_int(b, 1, "dim", &dim))) || (s = ku_bool(b, 2, "keepdim", &keepdim)) ||
      (s = ku_out(b, 3, &out)) || (s = ku_dtype_is(b, out, "out", PT_I64)))
    return s;
  if (!ku_dtype_known(in->dtype) || in->dtype == PT_BOOL)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: dtype %s is not supported", b->op_name,
                   pt_dtype_name(in->dtype));
  /* dim=None reduces everything to one index into the flattened tensor */
  int32_t dim32 = dim < INT32_MIN || dim > INT32_MAX ? INT32_MAX : (int32_t)dim; /* out of range stays so */
  if ((s = rw_bind(b, in, &dim32, 1, all, all ? false : keepdim, out, &mask, &count))) return s;
  KU_STATE4(b)[0] = mask;
  KU_STATE4(b)[1] = is_max;
  KU_STATE4(b)[2] = 1;
  return PT_OK;
}

static pt_status amax_bind(pt_bind *b) { return amax_bind_common(b, 1); }
static pt_status amin_bind(pt_bind *b) { return amax_bind_common(b, 0); }
static pt_status argmax_bind(pt_bind *b) { return argmax_bind_common(b, 1); }
static pt_status argmin_bind(pt_bind *b) { return argmax_bind_common(b, 0); }

const pt_kernel pt_k_aten_amax_out = {"aten::amax.out", amax_bind, minmax_run, NULL};
const pt_kernel pt_k_aten_amin_out = {"aten::amin.out", amin_bind, minmax_run, NULL};
const pt_kernel pt_k_aten_argmax_out = {"aten::argmax.out", argmax_bind, minmax_run, NULL};
const pt_kernel pt_k_aten_argmin_out = {"aten::argmin.out", argmin_bind, minmax_run, NULL};
