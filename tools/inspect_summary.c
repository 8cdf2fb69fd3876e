/* petite inspect, the summary view: inputs, outputs, operators, values, constants, memory
 * plan and the bytes pt_method_needs reports. */
#include <stdio.h>
#include <string.h>

#include "inspect.h"
#include "petite_host.h"
#include "petite_kernel.h"

void fmt_shape(const pv_tensor *t, char *buf, size_t len) {
  size_t at = (size_t)snprintf(buf, len, "[");
  for (uint32_t d = 0; d < t->rank && at < len; d++)
    at += (size_t)snprintf(buf + at, len - at, "%s%d", d ? ", " : "", (int)t->sizes[d]);
  if (at < len) snprintf(buf + at, len - at, "]");
}

void json_shape(json *j, const char *key, const pv_tensor *t) {
  json_begin_array(j, key);
  for (uint32_t d = 0; d < t->rank; d++) json_int(j, NULL, t->sizes[d]);
  json_end_array(j);
}

static const char *tag_name(int tag) {
  static const char *const names[] = {"none", "null", "int", "bool", "double", "tensor",
                                      "string", "int_list", "double_list", "bool_list",
                                      "tensor_list", "optional_tensor_list"};
  return tag >= 0 && tag < (int)(sizeof names / sizeof names[0]) ? names[tag] : "unknown";
}

static const pv_tensor *tensor_at(const pv_method *m, int32_t idx) {
  if (idx < 0 || (uint32_t)idx >= m->nvalues || m->values[idx].tag != PT_TAG_TENSOR) return NULL;
  return &m->values[idx].t;
}

static void io_list(const inspect_ctx *c, const pv_method *m, const char *what, const int32_t *ids,
                    uint32_t n) {
  char shape[128];
  if (c->j) json_begin_array(c->j, what);
  else printf("  %s:\n", what);
  for (uint32_t i = 0; i < n; i++) {
    const pv_tensor *t = tensor_at(m, ids[i]);
    if (c->j) {
      json_begin_object(c->j, NULL);
      json_int(c->j, "value", ids[i]);
      if (t) {
        json_str(c->j, "dtype", pt_dtype_name(t->dtype));
        json_shape(c->j, "shape", t);
      }
      json_end_object(c->j);
    } else if (t) {
      fmt_shape(t, shape, sizeof shape);
      printf("    %u: %%%d %s %s\n", i, (int)ids[i], pt_dtype_name(t->dtype), shape);
    } else {
      printf("    %u: %%%d (not a tensor)\n", i, (int)ids[i]);
    }
  }
  if (c->j) json_end_array(c->j);
}

static void needs(const inspect_ctx *c, const pv_method *m) {
  pt_method_plan plan;
  pt_diag d;
  memset(&d, 0, sizeof d);
  pt_status s = pt_method_needs_host(c->prog, m->name, &pt_all_kernels, &plan, &d);
  if (s != PT_OK) {
    if (c->j) {
      json_begin_object(c->j, "needs");
      json_str(c->j, "error", pt_status_name(s));
      json_str(c->j, "message", d.text);
      json_end_object(c->j);
    } else {
      printf("  bytes needed: unknown: %s: %s\n", pt_status_name(s), d.text);
    }
    return;
  }
  size_t total = plan.metadata_bytes + plan.scratch_bytes;
  for (uint32_t i = 0; i < plan.nbuffers && i < PT_MAX_BUFFERS; i++) total += plan.buffer_bytes[i];
  if (c->j) {
    json_begin_object(c->j, "needs");
    json_int(c->j, "metadata", (long long)plan.metadata_bytes);
    json_begin_array(c->j, "buffers");
    for (uint32_t i = 0; i < plan.nbuffers && i < PT_MAX_BUFFERS; i++)
      json_int(c->j, NULL, (long long)plan.buffer_bytes[i]);
    json_end_array(c->j);
    json_int(c->j, "scratch", (long long)plan.scratch_bytes);
    json_int(c->j, "total", (long long)total);
    json_end_object(c->j);
    return;
  }
  printf("  bytes needed (pt_method_needs): metadata %zu", plan.metadata_bytes);
  for (uint32_t i = 0; i < plan.nbuffers && i < PT_MAX_BUFFERS; i++)
    printf(", buffer %u %zu", i, plan.buffer_bytes[i]);
  printf(", scratch %zu = %zu bytes of RAM\n", plan.scratch_bytes, total);
}

void inspect_summary(const inspect_ctx *c, const pv_method *m) {
  char shape[128], role[64], text[256];
  if (!c->j)
    printf("\nmethod %s: %u values, %u instructions in %u chain%s, %u operators\n", m->name,
           m->nvalues, m->ninstr, m->nchains, m->nchains == 1 ? "" : "s", m->nops);
  io_list(c, m, "inputs", m->inputs, m->ninputs);
  io_list(c, m, "outputs", m->outputs, m->noutputs);

  if (c->j) json_begin_array(c->j, "operators");
  else printf("  operators:\n");
  for (uint32_t i = 0; i < m->nops; i++) {
    int have = pt_kernel_find(&pt_all_kernels, m->ops[i], strlen(m->ops[i])) != NULL;
    if (c->j) {
      json_begin_object(c->j, NULL);
      json_str(c->j, "name", m->ops[i]);
      json_bool(c->j, "kernel", have);
      json_end_object(c->j);
    } else {
      printf("    %u: %s%s\n", i, m->ops[i], have ? "" : "  (no kernel in petite)");
    }
  }
  if (c->j) json_end_array(c->j);

  if (c->j) json_begin_array(c->j, "values");
  else printf("  values:\n");
  for (uint32_t i = 0; i < m->nvalues; i++) {
    const pv_value *v = &m->values[i];
    if (c->j) {
      json_begin_object(c->j, NULL);
      json_int(c->j, "index", i);
      json_str(c->j, "tag", tag_name(v->tag));
      if (v->tag == PT_TAG_TENSOR) {
        json_str(c->j, "dtype", pt_dtype_name(v->t.dtype));
        json_shape(c->j, "shape", &v->t);
        json_bool(c->j, "constant", !v->t.planned && v->t.data_buffer_idx > 0);
        json_bool(c->j, "planned", v->t.planned);
        json_bool(c->j, "input", v->is_input);
        json_bool(c->j, "output", v->is_output);
        json_int(c->j, "bytes", (long long)v->t.nbytes);
      } else {
        pv_value_short(m, (int32_t)i, text, sizeof text);
        json_str(c->j, "value", text);
      }
      json_end_object(c->j);
    } else if (v->tag == PT_TAG_TENSOR) {
      fmt_shape(&v->t, shape, sizeof shape);
      printf("    %%%-4u tensor %s %s, %s, %llu B\n", i, pt_dtype_name(v->t.dtype), shape,
             pv_tensor_role(m, (int32_t)i, role, sizeof role), (unsigned long long)v->t.nbytes);
    } else {
      pv_value_short(m, (int32_t)i, text, sizeof text);
      printf("    %%%-4u %s %s\n", i, tag_name(v->tag), text);
    }
  }
  if (c->j) json_end_array(c->j);

  unsigned long long const_total = 0, plan_total = 0;
  if (c->j) json_begin_array(c->j, "constants");
  else printf("  constants:\n");
  for (uint32_t i = 0; i < m->nvalues; i++) {
    const pv_tensor *t = tensor_at(m, (int32_t)i);
    if (!t || t->planned || t->data_buffer_idx == 0) continue;
    const_total += t->nbytes;
    if (c->j) {
      json_begin_object(c->j, NULL);
      json_int(c->j, "value", i);
      json_int(c->j, "data_buffer_idx", t->data_buffer_idx);
      json_int(c->j, "bytes", (long long)t->nbytes);
      json_int(c->j, "file_offset", t->file_offset);
      json_end_object(c->j);
    } else {
      fmt_shape(t, shape, sizeof shape);
      printf("    %%%-4u %s %s: %llu B (constant %u, file offset %lld)\n", i,
             pt_dtype_name(t->dtype), shape, (unsigned long long)t->nbytes, t->data_buffer_idx,
             (long long)t->file_offset);
    }
  }
  if (c->j) json_end_array(c->j);
  else printf("    total %llu B, read in place from the program bytes\n", const_total);

  if (c->j) {
    json_begin_object(c->j, "memory_plan");
    json_begin_array(c->j, "buffers");
    for (uint32_t b = 0; b < m->nbuffers; b++) json_int(c->j, NULL, (long long)m->buffer_sizes[b]);
    json_end_array(c->j);
    json_begin_array(c->j, "tensors");
  } else {
    printf("  memory plan: %u buffer%s:", m->nbuffers, m->nbuffers == 1 ? "" : "s");
    for (uint32_t b = 0; b < m->nbuffers; b++)
      printf(" buffer %u = %llu B", b, (unsigned long long)m->buffer_sizes[b]);
    printf("\n");
  }
  for (uint32_t i = 0; i < m->nvalues; i++) {
    const pv_tensor *t = tensor_at(m, (int32_t)i);
    if (!t || !t->planned) continue;
    plan_total += t->nbytes;
    if (c->j) {
      json_begin_object(c->j, NULL);
      json_int(c->j, "value", i);
      json_int(c->j, "buffer", (long long)t->mem_id - 1);
      json_int(c->j, "offset", (long long)t->mem_offset);
      json_int(c->j, "bytes", (long long)t->nbytes);
      json_end_object(c->j);
    } else {
      fmt_shape(t, shape, sizeof shape);
      printf("    %%%-4u %s %s: buffer %d offset %llu, %llu B\n", i, pt_dtype_name(t->dtype),
             shape, (int)t->mem_id - 1, (unsigned long long)t->mem_offset,
             (unsigned long long)t->nbytes);
    }
  }
  if (c->j) {
    json_end_array(c->j);
    json_end_object(c->j);
  } else {
    printf("    %llu B of planned tensors in total (they share the buffers: see --memory)\n",
           plan_total);
  }
  needs(c, m);
}
