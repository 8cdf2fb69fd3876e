/* aten::full.out [size, fill_value, out, out], aten::full_like.out [self, fill_value,
 * memory_format?, out, out], aten::scalar_tensor.out [s, out, out]: every element of out
 * is the Scalar, converted to out's dtype. */
#include <string.h>

#include "fill.h"

pt_status fill_bind_value(pt_bind *b, const ku_scalar *s, int dtype, uint32_t *state) {
  if (!ku_dtype_known(dtype))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: out dtype %s is not supported",
                   b->op_name, pt_dtype_name(dtype));
  ku_num v = {s->is_float, s->i, s->d};
  if (s->is_float && !ku_is_float(dtype))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                   "%s: a floating-point value cannot fill an integer or bool tensor", b->op_name);
  if (!s->is_float && ku_is_int(dtype) && ku_convert(v, dtype).i != v.i)
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: value %lld does not fit out's dtype",
                   b->op_name, (long long)v.i);
  uint64_t bits = 0;
  ku_store(&bits, dtype, 0, v);
  memcpy(state, &bits, sizeof bits);
  return PT_OK;
}

void fill_run_value(pt_tensor *t, const uint32_t *state) {
  size_t es = ku_elem_size(t->dtype);
  uint8_t *p = (uint8_t *)t->data;
  for (uint32_t i = 0; i < t->numel; i++) memcpy(p + (size_t)i * es, state, es);
}

static pt_status fill_run(const pt_ctx *ctx, const pt_call *call) {
  fill_run_value(KU_T(ctx, call, call->nargs - 1), call->state);
  return PT_OK;
}

static pt_status full_bind(pt_bind *b) {
  const pt_tensor *out;
  int32_t size[PT_MAX_RANK];
  int32_t sizes[PT_MAX_RANK];
  uint32_t n;
  ku_scalar v;
  pt_status s;
  if ((s = ku_nargs(b, 4)) || (s = ku_int_list_i32(b, 0, "size", size, PT_MAX_RANK, &n)) ||
      (s = ku_scalar_arg(b, 1, "fill_value", &v)) || (s = ku_out(b, 2, &out)))
    return s;
  for (uint32_t d = 0; d < n; d++) {
    if (size[d] < 0 || size[d] > INT32_MAX)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: size[%u] = %lld is invalid",
                     b->op_name, (unsigned)d, (long long)size[d]);
    sizes[d] = (int32_t)size[d];
  }
  if ((s = ku_out_shape(b, out, sizes, n))) return s;
  return fill_bind_value(b, &v, out->dtype, KU_STATE4(b));
}

static pt_status full_like_bind(pt_bind *b) {
  const pt_tensor *in, *out;
  ku_scalar v;
  pt_status s;
  if ((s = ku_nargs(b, 5)) || (s = ku_tensor(b, 0, "self", &in)) ||
      (s = ku_scalar_arg(b, 1, "fill_value", &v)) || (s = ku_out(b, 3, &out)) ||
      (s = ku_out_shape(b, out, in->sizes, in->rank)))
    return s;
  if (!ku_is_none(b, 2)) {
    int64_t fmt;
    if ((s = ku_int(b, 2, "memory_format", &fmt))) return s;
    /* torch.contiguous_format = 0, torch.preserve_format = 1 */
    if (fmt != 0 && fmt != 1)
      return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS,
                     "%s: memory_format %lld is not supported (contiguous or preserve only)",
                     b->op_name, (long long)fmt);
  }
  return fill_bind_value(b, &v, out->dtype, KU_STATE4(b));
}

static pt_status scalar_tensor_bind(pt_bind *b) {
  const pt_tensor *out;
  ku_scalar v;
  pt_status s;
  if ((s = ku_nargs(b, 3)) || (s = ku_scalar_arg(b, 0, "s", &v)) || (s = ku_out(b, 1, &out)) ||
      (s = ku_out_shape(b, out, NULL, 0)))
    return s;
  /* the value may be computed at run time (a SymInt): convert it then */
  if (!ku_dtype_known(out->dtype))
    return pt_fail(b->diag, PT_ERR_BAD_ARGUMENTS, "%s: out dtype %s is not supported",
                   b->op_name, pt_dtype_name(out->dtype));
  return PT_OK;
}

static pt_status scalar_tensor_run(const pt_ctx *ctx, const pt_call *call) {
  const pt_value *v = &ctx->values[call->args[0]];
  ku_num x = {false, 0, 0.0};
  if (v->tag == PT_TAG_DOUBLE) { x.is_float = true; x.d = v->u.d; }
  else if (v->tag == PT_TAG_BOOL) x.i = v->u.b;
  else x.i = v->u.i;
  pt_tensor *out = KU_T(ctx, call, 1);
  ku_store(out->data, out->dtype, 0, x);
  return PT_OK;
}

const pt_kernel pt_k_aten_full_out = {"aten::full.out", full_bind, fill_run, NULL};
const pt_kernel pt_k_aten_full_like_out = {"aten::full_like.out", full_like_bind, fill_run, NULL};
const pt_kernel pt_k_aten_scalar_tensor_out = {"aten::scalar_tensor.out", scalar_tensor_bind, scalar_tensor_run, NULL};
