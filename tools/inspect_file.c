/* petite inspect --file: where each part of the program lives in the file, down to each
 * constant tensor's bytes (which firmware reads in place from flash). */
#include <stdio.h>
#include <stdlib.h>

#include "inspect.h"

typedef struct region {
  unsigned long long start, end;
  char what[160];
  int depth;
} region;

static void add(region *r, size_t *n, size_t cap, unsigned long long start, unsigned long long end,
                int depth, const char *what) {
  if (*n >= cap) return;
  r[*n].start = start;
  r[*n].end = end;
  r[*n].depth = depth;
  snprintf(r[*n].what, sizeof r[*n].what, "%s", what);
  (*n)++;
}

static int by_start(const void *a, const void *b) {
  const region *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  return x->depth - y->depth;
}

void inspect_file(const inspect_ctx *c) {
  const pv_program *v = c->v;
  size_t cap = 17 + v->nsegments, n = 0;
  for (uint32_t mi = 0; mi < v->nmethods; mi++) cap += v->methods[mi].nvalues;
  region *r = calloc(cap, sizeof *r);
  if (!r) return;
  char what[160], shape[96];
  add(r, &n, cap, 0, 8, 1, "flatbuffer root offset + file identifier \"ET12\"");
  if (v->has_ext_header) {
    snprintf(what, sizeof what, "extended header \"eh00\" (%zu B): program_size, segment_base, segment_data_size",
             v->header_bytes);
    add(r, &n, cap, 8, 8 + v->header_bytes, 1, what);
  }
  snprintf(what, sizeof what, "flatbuffer: the Program table (%u method%s, values, instructions, operators)",
           v->nmethods, v->nmethods == 1 ? "" : "s");
  add(r, &n, cap, 0, v->program_size, 0, what);
  for (uint32_t s = 0; s < v->nsegments; s++) {
    unsigned long long start = v->segment_base + v->seg_offsets[s];
    snprintf(what, sizeof what, "segment %u%s", s,
             (int)s == v->constant_segment ? ": constant tensors" : "");
    add(r, &n, cap, start, start + v->seg_sizes[s], 0, what);
    for (uint32_t mi = 0; mi < v->nmethods && (int)s == v->constant_segment; mi++) {
      const pv_method *m = &v->methods[mi];
      for (uint32_t i = 0; i < m->nvalues; i++) {
        const pv_value *val = &m->values[i];
        if (val->tag != PT_TAG_TENSOR || val->t.file_offset < 0) continue;
        fmt_shape(&val->t, shape, sizeof shape);
        snprintf(what, sizeof what, "%s %%%u %s %s (constant %u)", m->name, i,
                 pt_dtype_name(val->t.dtype), shape, val->t.data_buffer_idx);
        add(r, &n, cap, (unsigned long long)val->t.file_offset,
            (unsigned long long)val->t.file_offset + val->t.nbytes, 1, what);
      }
    }
  }
  /* legacy inline constants live inside the flatbuffer */
  for (uint32_t mi = 0; mi < v->nmethods && v->constant_segment < 0; mi++) {
    const pv_method *m = &v->methods[mi];
    for (uint32_t i = 0; i < m->nvalues; i++) {
      const pv_value *val = &m->values[i];
      if (val->tag != PT_TAG_TENSOR || val->t.file_offset < 0) continue;
      fmt_shape(&val->t, shape, sizeof shape);
      snprintf(what, sizeof what, "%s %%%u %s %s (inline constant_buffer %u)", m->name, i,
               pt_dtype_name(val->t.dtype), shape, val->t.data_buffer_idx);
      add(r, &n, cap, (unsigned long long)val->t.file_offset,
          (unsigned long long)val->t.file_offset + val->t.nbytes, 1, what);
    }
  }

  if (v->segment_base > v->program_size)
    add(r, &n, cap, v->program_size, v->segment_base, 0, "padding: segments start aligned");
  qsort(r, n, sizeof *r, by_start);

  if (c->j) {
    json *j = c->j;
    json_begin_object(j, "file_map");
    json_int(j, "file_bytes", (long long)v->file_size);
    json_int(j, "program_bytes", (long long)v->program_size);
    json_int(j, "segment_base", (long long)v->segment_base);
    json_int(j, "segment_data_bytes", (long long)v->segment_data_size);
    json_begin_array(j, "regions");
    for (size_t i = 0; i < n; i++) {
      json_begin_object(j, NULL);
      json_int(j, "start", (long long)r[i].start);
      json_int(j, "end", (long long)r[i].end);
      json_int(j, "bytes", (long long)(r[i].end - r[i].start));
      json_str(j, "what", r[i].what);
      json_end_object(j);
    }
    json_end_array(j);
    json_end_object(j);
  } else {
    printf("\nfile map of %s (%zu bytes):\n", c->path, v->file_size);
    for (size_t i = 0; i < n; i++)
      printf("  %*s[%6llu, %6llu) %6llu B  %s\n", 2 * r[i].depth, "", r[i].start, r[i].end,
             r[i].end - r[i].start, r[i].what);
  }
  free(r);
}
