/* petite inspect --graph: the instruction list as pseudo-code, and every value it uses. */
#include <stdio.h>
#include <string.h>

#include "inspect.h"

/* An out-variant call ends with its return values, which repeat the out arguments just
 * before them ([self, other, alpha, out, out]); other calls end with one return value.
 * Returns how many trailing arguments are results. */
static uint32_t result_count(const pv_instr *in) {
  uint32_t n = in->nargs;
  for (uint32_t k = n / 2; k > 0; k--) {
    if (memcmp(in->args + n - 2 * k, in->args + n - k, k * sizeof *in->args) == 0) return k;
  }
  return n > 0 ? 1 : 0;
}

static uint32_t shown_args(const pv_instr *in, uint32_t results) {
  uint32_t n = in->nargs;
  /* out variants: drop the out arguments too (they are the results) */
  if (n >= 2 * results && results > 0 &&
      memcmp(in->args + n - 2 * results, in->args + n - results, results * sizeof *in->args) == 0)
    return n - 2 * results;
  return n - results;
}

static void print_arg(const pv_method *m, int32_t a) {
  char text[256];
  pv_value_short(m, a, text, sizeof text);
  fputs(text, stdout);
}

static void graph_text(const pv_method *m) {
  printf("\ngraph %s(", m->name);
  for (uint32_t i = 0; i < m->ninputs; i++) printf("%s%%%d", i ? ", " : "", (int)m->inputs[i]);
  printf("):\n");
  for (uint32_t i = 0; i < m->ninstr; i++) {
    const pv_instr *in = &m->instr[i];
    printf("  %3u  ", i);
    switch (in->kind) {
      case PV_KERNEL:
      case PV_DELEGATE: {
        uint32_t r = result_count(in), shown = shown_args(in, r);
        for (uint32_t k = 0; k < r; k++) printf("%s%%%d", k ? ", " : "", (int)in->args[in->nargs - r + k]);
        if (in->kind == PV_KERNEL)
          printf(" = %s(", in->op >= 0 && (uint32_t)in->op < m->nops ? m->ops[in->op] : "?");
        else
          printf(" = delegate %d(", (int)in->op);
        for (uint32_t k = 0; k < shown; k++) {
          if (k) printf(", ");
          print_arg(m, in->args[k]);
        }
        printf(")\n");
        break;
      }
      case PV_MOVE: printf("%%%d = move %%%d\n", (int)in->b, (int)in->a); break;
      case PV_JUMP_FALSE: printf("if not %%%d: goto %d\n", (int)in->a, (int)in->b); break;
      case PV_FREE: printf("free %%%d\n", (int)in->a); break;
      default: printf("(unknown instruction %d)\n", in->kind); break;
    }
  }
  printf("  return ");
  for (uint32_t i = 0; i < m->noutputs; i++) printf("%s%%%d", i ? ", " : "", (int)m->outputs[i]);
  printf("\n\n  tensors:\n");
  char shape[128], role[64];
  for (uint32_t i = 0; i < m->nvalues; i++) {
    const pv_value *v = &m->values[i];
    if (v->tag != PT_TAG_TENSOR) continue;
    fmt_shape(&v->t, shape, sizeof shape);
    printf("    %%%-4u %-8s %-10s dim_order (", i, pt_dtype_name(v->t.dtype), shape);
    for (uint32_t d = 0; d < v->t.rank; d++) printf("%s%u", d ? ", " : "", v->t.dim_order[d]);
    printf(")  strides (");
    for (uint32_t d = 0; d < v->t.rank; d++) printf("%s%lld", d ? ", " : "", (long long)v->t.strides[d]);
    printf(")  %s", pv_tensor_role(m, (int32_t)i, role, sizeof role));
    if (v->t.planned)
      printf(" @ buffer %d + %llu", (int)v->t.mem_id - 1, (unsigned long long)v->t.mem_offset);
    printf("\n");
  }
}

static void graph_json(json *j, const pv_method *m) {
  char text[256];
  json_begin_array(j, "graph");
  for (uint32_t i = 0; i < m->ninstr; i++) {
    const pv_instr *in = &m->instr[i];
    static const char *const kinds[] = {"?", "kernel", "delegate", "move", "jump_false", "free"};
    json_begin_object(j, NULL);
    json_int(j, "index", i);
    json_int(j, "chain", in->chain);
    json_str(j, "kind", in->kind >= 1 && in->kind <= 5 ? kinds[in->kind] : "unknown");
    if (in->kind == PV_KERNEL || in->kind == PV_DELEGATE) {
      uint32_t r = result_count(in), shown = shown_args(in, r);
      if (in->kind == PV_KERNEL)
        json_str(j, "op", in->op >= 0 && (uint32_t)in->op < m->nops ? m->ops[in->op] : "?");
      else
        json_int(j, "delegate", in->op);
      json_begin_array(j, "args");
      for (uint32_t k = 0; k < in->nargs; k++) json_int(j, NULL, in->args[k]);
      json_end_array(j);
      json_begin_array(j, "shown_args");
      for (uint32_t k = 0; k < shown; k++) {
        pv_value_short(m, in->args[k], text, sizeof text);
        json_str(j, NULL, text);
      }
      json_end_array(j);
      json_begin_array(j, "results");
      for (uint32_t k = 0; k < r; k++) json_int(j, NULL, in->args[in->nargs - r + k]);
      json_end_array(j);
    } else if (in->kind == PV_MOVE) {
      json_int(j, "from", in->a);
      json_int(j, "to", in->b);
    } else if (in->kind == PV_JUMP_FALSE) {
      json_int(j, "cond", in->a);
      json_int(j, "destination", in->b);
    } else if (in->kind == PV_FREE) {
      json_int(j, "value", in->a);
    }
    json_end_object(j);
  }
  json_end_array(j);
  json_begin_array(j, "tensors");
  for (uint32_t i = 0; i < m->nvalues; i++) {
    const pv_value *v = &m->values[i];
    if (v->tag != PT_TAG_TENSOR) continue;
    json_begin_object(j, NULL);
    json_int(j, "value", i);
    json_str(j, "dtype", pt_dtype_name(v->t.dtype));
    json_shape(j, "shape", &v->t);
    json_begin_array(j, "dim_order");
    for (uint32_t d = 0; d < v->t.rank; d++) json_int(j, NULL, v->t.dim_order[d]);
    json_end_array(j);
    json_begin_array(j, "strides");
    for (uint32_t d = 0; d < v->t.rank; d++) json_int(j, NULL, v->t.strides[d]);
    json_end_array(j);
    json_str(j, "kind", v->t.planned ? "planned" : v->t.data_buffer_idx ? "constant" : "unplanned");
    json_bool(j, "input", v->is_input);
    json_bool(j, "output", v->is_output);
    if (v->t.planned) {
      json_int(j, "buffer", (long long)v->t.mem_id - 1);
      json_int(j, "offset", (long long)v->t.mem_offset);
    }
    json_end_object(j);
  }
  json_end_array(j);
}

void inspect_graph(const inspect_ctx *c, const pv_method *m) {
  if (c->j) graph_json(c->j, m);
  else graph_text(m);
}
