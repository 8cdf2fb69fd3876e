/* petite inspect --memory: when each planned tensor is alive, where it sits in the arena,
 * which tensors reuse the same bytes, and the peak live bytes against the sum of all tensors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect.h"

void value_lifetime(const pv_method *m, int32_t idx, long *first, long *last) {
  *first = -1;
  *last = -1;
  for (uint32_t i = 0; i < m->ninstr; i++) {
    const pv_instr *in = &m->instr[i];
    int uses = 0;
    for (uint32_t k = 0; k < in->nargs; k++) uses |= in->args[k] == idx;
    if (in->kind == PV_MOVE || in->kind == PV_JUMP_FALSE) uses |= in->a == idx;
    if (in->kind == PV_MOVE) uses |= in->b == idx;
    if (in->kind == PV_FREE) uses |= in->a == idx;
    if (uses) {
      if (*first < 0) *first = (long)i;
      *last = (long)i;
    }
  }
  const pv_value *v = &m->values[idx];
  if (v->is_input && m->ninstr) *first = 0;
  if (v->is_output && m->ninstr) {
    *last = (long)m->ninstr - 1;
    if (*first < 0) *first = 0;
  }
}

typedef struct planned {
  int32_t value;
  uint32_t buffer;
  uint64_t start, end;  /* byte range in the buffer */
  long first, last;
} planned;

static int by_place(const void *a, const void *b) {
  const planned *x = a, *y = b;
  if (x->buffer != y->buffer) return x->buffer < y->buffer ? -1 : 1;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  if (x->first != y->first) return x->first < y->first ? -1 : 1;
  return x->value < y->value ? -1 : x->value > y->value;
}

static int overlaps(const planned *a, const planned *b) {
  return a->buffer == b->buffer && a->start < b->end && b->start < a->end;
}

static int live(const planned *p, long i) { return p->first >= 0 && p->first <= i && i <= p->last; }

/* Bytes covered by the live tensors at instruction i (shared bytes counted once). */
static uint64_t live_bytes(const planned *ps, size_t n, long i) {
  uint64_t total = 0;
  for (size_t k = 0; k < n; k++) {
    if (!live(&ps[k], i)) continue;
    uint64_t from = ps[k].start; /* count only the part not already covered by an earlier one */
    for (size_t e = 0; e < k; e++)
      if (live(&ps[e], i) && ps[e].buffer == ps[k].buffer && ps[e].start <= from && ps[e].end > from)
        from = ps[e].end;
    if (from < ps[k].end) total += ps[k].end - from;
  }
  return total;
}

void inspect_memory(const inspect_ctx *c, const pv_method *m) {
  planned *ps = calloc(m->nvalues + 1, sizeof *ps);
  size_t n = 0;
  uint64_t sum = 0, arena = 0;
  if (!ps) return;
  for (uint32_t i = 0; i < m->nvalues; i++) {
    const pv_value *v = &m->values[i];
    if (v->tag != PT_TAG_TENSOR || !v->t.planned) continue;
    planned *p = &ps[n++];
    p->value = (int32_t)i;
    p->buffer = v->t.mem_id - 1;
    p->start = v->t.mem_offset;
    p->end = v->t.mem_offset + v->t.nbytes;
    value_lifetime(m, (int32_t)i, &p->first, &p->last);
    sum += v->t.nbytes;
  }
  qsort(ps, n, sizeof *ps, by_place);
  for (uint32_t b = 0; b < m->nbuffers; b++) arena += m->buffer_sizes[b];
  uint64_t peak = 0;
  long peak_at = -1;
  for (long i = 0; i < (long)m->ninstr; i++) {
    uint64_t lb = live_bytes(ps, n, i);
    if (lb > peak) peak = lb, peak_at = i;
  }

  if (c->j) {
    json *j = c->j;
    json_begin_object(j, "memory");
    json_begin_array(j, "tensors");
    for (size_t k = 0; k < n; k++) {
      json_begin_object(j, NULL);
      json_int(j, "value", ps[k].value);
      json_int(j, "buffer", ps[k].buffer);
      json_int(j, "offset", (long long)ps[k].start);
      json_int(j, "bytes", (long long)(ps[k].end - ps[k].start));
      json_int(j, "first", ps[k].first);
      json_int(j, "last", ps[k].last);
      json_begin_array(j, "shares_bytes_with");
      for (size_t e = 0; e < n; e++)
        if (e != k && overlaps(&ps[k], &ps[e])) json_int(j, NULL, ps[e].value);
      json_end_array(j);
      json_end_object(j);
    }
    json_end_array(j);
    json_begin_array(j, "live_bytes");
    for (long i = 0; i < (long)m->ninstr; i++) json_int(j, NULL, (long long)live_bytes(ps, n, i));
    json_end_array(j);
    json_int(j, "sum_bytes", (long long)sum);
    json_int(j, "peak_bytes", (long long)peak);
    json_int(j, "peak_instruction", peak_at);
    json_int(j, "arena_bytes", (long long)arena);
    json_end_object(j);
    free(ps);
    return;
  }

  printf("\nmemory plan of %s: %zu planned tensors over %u instructions\n", m->name, n, m->ninstr);
  printf("  lifetimes ('#' = alive at that instruction, '=' = alive and sharing bytes with\n"
         "  another tensor alive then too, i.e. a view):\n");
  printf("    %-6s %-16s %s\n", "value", "buffer:range", "instruction");
  printf("    %-6s %-16s ", "", "");
  for (uint32_t i = 0; i < m->ninstr; i++) putchar('0' + (int)(i % 10));
  putchar('\n');
  char range[64], name[16];
  for (size_t k = 0; k < n; k++) {
    snprintf(range, sizeof range, "%u:[%llu,%llu)", ps[k].buffer, (unsigned long long)ps[k].start,
             (unsigned long long)ps[k].end);
    snprintf(name, sizeof name, "%%%d", (int)ps[k].value);
    printf("    %-6s %-16s ", name, range);
    for (long i = 0; i < (long)m->ninstr; i++) {
      int shared = 0;
      for (size_t e = 0; e < n && live(&ps[k], i); e++)
        shared |= e != k && live(&ps[e], i) && overlaps(&ps[k], &ps[e]);
      putchar(!live(&ps[k], i) ? '.' : shared ? '=' : '#');
    }
    putchar('\n');
  }
  printf("\n  arena map:\n");
  for (uint32_t b = 0; b < m->nbuffers; b++) {
    printf("    buffer %u: %llu B\n", b, (unsigned long long)m->buffer_sizes[b]);
    for (size_t k = 0; k < n; k++) {
      if (ps[k].buffer != b) continue;
      printf("      [%6llu, %6llu) %5llu B  %%%-4d alive %ld..%ld", (unsigned long long)ps[k].start,
             (unsigned long long)ps[k].end, (unsigned long long)(ps[k].end - ps[k].start),
             (int)ps[k].value, ps[k].first, ps[k].last);
      int any = 0;
      for (size_t e = 0; e < n; e++) {
        if (e == k || !overlaps(&ps[k], &ps[e])) continue;
        printf("%s%%%d", any ? ", " : "  shares bytes with ", (int)ps[e].value);
        any = 1;
      }
      putchar('\n');
    }
  }
  printf("\n  sum of all planned tensors: %llu B\n", (unsigned long long)sum);
  printf("  peak live bytes:            %llu B (at instruction %ld)\n", (unsigned long long)peak,
         peak_at);
  printf("  planned arena:              %llu B (%s)\n", (unsigned long long)arena,
         arena < sum ? "reuse saves the difference to the sum" : "no reuse");
  free(ps);
}
