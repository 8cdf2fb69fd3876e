/* aten::sum.IntList_out and aten::mean.out [self, dim?, keepdim, dtype?, out, out],
 * float32: each output sums its inputs in increasing index order from 0 (mean divides);
 * sum also takes integer/bool inputs and outputs (generic path). */
#include "reduce_walk.h"

/* state: bitmask of reduced dims, mean flag, reduced count */
static pt_status reduce_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0);
  const pt_tensor *out = KU_T(ctx, call, 5);
  const float *x = (const float *)in->data;
  float *y = (float *)out->data;
  uint32_t mask = KU_STATE(call)[0], strides[PT_MAX_RANK];
  uint32_t kept_sizes[PT_MAX_RANK], kept_str[PT_MAX_RANK], red_sizes[PT_MAX_RANK], red_str[PT_MAX_RANK];
  uint32_t nk = 0, nr = 0;
  ku_strides(in, strides);
  for (uint32_t d = 0; d < in->rank; d++) {
    if (mask & (1u << d)) { red_sizes[nr] = (uint32_t)in->sizes[d]; red_str[nr++] = strides[d]; }
    else { kept_sizes[nk] = (uint32_t)in->sizes[d]; kept_str[nk++] = strides[d]; }
  }
  uint32_t kidx[PT_MAX_RANK] = {0}, koff = 0;
  for (uint32_t o = 0; o < out->numel; o++) {
    uint32_t ridx[PT_MAX_RANK] = {0}, roff = 0;
    float sum = 0.0f;
    for (uint32_t r = 0; r < KU_STATE(call)[2]; r++) {
      sum += x[koff + roff];
      for (uint32_t d = nr; d-- > 0;) {
        roff += red_str[d];
        if (++ridx[d] < red_sizes[d]) break;
        roff -= red_str[d] * ridx[d];
        ridx[d] = 0;
      }
    }
    y[o] = KU_STATE(call)[1] ? sum / (float)KU_STATE(call)[2] : sum;
    for (uint32_t d = nk; d-- > 0;) {
      koff += kept_str[d];
      if (++kidx[d] < kept_sizes[d]) break;
      koff -= kept_str[d] * kidx[d];
      kidx[d] = 0;
    }
  }
  return PT_OK;
}

/* sum of any known dtype: int64 (wrapping) or double accumulation, stored in out's dtype;
 * a float32 out accumulates in float32 like the fast path. */
static pt_status sum_run_generic(const pt_ctx *ctx, const pt_call *call) {
  const pt_tensor *in = KU_T(ctx, call, 0);
  const pt_tensor *out = KU_T(ctx, call, 5);
  rw_walk w;
  rw_begin(&w, in, KU_STATE(call)[0]);
  for (uint32_t o = 0; o < out->numel; o++, rw_next_output(&w)) {
    uint64_t si = 0;
    double sd = 0.0;
    float sf = 0.0f;
    for (uint32_t r = 0; r < w.count; r++, rw_next_reduced(&w)) {
      ku_num v = ku_convert(ku_load(in->data, in->dtype, rw_at(&w)), out->dtype);
      if (out->dtype == PT_F32) sf += (float)v.d;
      else if (v.is_float) sd += v.d;
      else si += (uint64_t)v.i;
    }
    ku_num r = {ku_is_float(out->dtype), (int64_t)si, out->dtype == PT_F32 ? (double)sf : sd};
    ku_store(out->data, out->dtype, o, r);
  }
  return PT_OK;
}

static pt_status reduce_common(pt_bind *b, uint32_t mean) {
  const pt_tensor *in, *out;
  bool keepdim;
  int32_t dims[PT_MAX_RANK];
  uint32_t n = 0, mask = 0;
  pt_status s;
  if ((s = ku_nargs(b, 6)) || (s = ku_tensor(b, 0, "self", &in)) ||
      (s = ku_bool(b, 2, "keepdim", &keepdim)) || (s = ku_out(b, 4, &out)) ||
      (s = ku_contiguous(b, out, "out")))
    return s;
  /* sum also takes integer and bool tensors (accumulated in out's dtype, as ExecuTorch) */
  bool generic = !mean && !(in->dtype == PT_F32 && out->dtype == PT_F32);
  if (generic) {
    if (!ku_dtype_known(in->dtype) || !ku_dtype_known(out->dtype) || out->dtype == PT_BOOL ||
        !ku_can_cast(in->dtype, out->dtype))
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: summing %s into %s is not supported",
                     b->op_name, pt_dtype_name(in->dtype), pt_dtype_name(out->dtype));
    b->run = sum_run_generic;
  } else if ((s = ku_dtype_is(b, in, "self", PT_F32)) || (s = ku_dtype_is(b, out, "out", PT_F32))) {
    return s;
  }
  if (!ku_is_none(b, 3)) {
    int64_t dt;
    if ((s = ku_int(b, 3, "dtype", &dt))) return s;
    if (dt != out->dtype)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: dtype argument %lld (%s) differs from out's dtype %s",
                     b->op_name, (long long)dt, pt_dtype_name((int)dt), pt_dtype_name(out->dtype));
  }
  if (!ku_is_none(b, 1) && (s = ku_int_list_i32(b, 1, "dim", dims, PT_MAX_RANK, &n))) return s;
  for (uint32_t k = 0; k < n; k++) {
    uint32_t d;
    if ((s = ku_dim(b, dims[k], in->rank, "dim", &d))) return s;
    if (mask & (1u << d))
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: dim %u repeats", b->op_name, (unsigned)d);
    mask |= 1u << d;
  }
  if (n == 0) mask = in->rank ? (1u << in->rank) - 1 : 0; /* None or []: all dims */
  int32_t sizes[PT_MAX_RANK];
  uint32_t rank = 0, count = 1;
  for (uint32_t d = 0; d < in->rank; d++) {
    if (mask & (1u << d)) {
      count *= (uint32_t)in->sizes[d];
      if (keepdim) sizes[rank++] = 1;
    } else {
      sizes[rank++] = in->sizes[d];
    }
  }
  if ((s = ku_out_shape(b, out, sizes, rank))) return s;
  KU_STATE4(b)[0] = mask;
  KU_STATE4(b)[1] = mean;
  KU_STATE4(b)[2] = count;
  return PT_OK;
}

static pt_status sum_bind(pt_bind *b) { return reduce_common(b, 0); }
static pt_status mean_bind(pt_bind *b) { return reduce_common(b, 1); }

const pt_kernel pt_k_aten_sum_IntList_out = {"aten::sum.IntList_out", sum_bind, reduce_run, NULL};
const pt_kernel pt_k_aten_mean_out = {"aten::mean.out", mean_bind, reduce_run, NULL};
