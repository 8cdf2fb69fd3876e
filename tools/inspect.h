/* The views of `petite inspect`: each prints text, or adds its part to one JSON object. */
#ifndef PETITE_TOOLS_INSPECT_H
#define PETITE_TOOLS_INSPECT_H

#include <stddef.h>

#include "json.h"
#include "pte_view.h"

typedef struct inspect_ctx {
  const char *path;
  const pv_program *v;
  const pt_program *prog;
  json *j;                      /* NULL: text output */
} inspect_ctx;

void inspect_summary(const inspect_ctx *c, const pv_method *m);
void inspect_graph(const inspect_ctx *c, const pv_method *m);
void inspect_memory(const inspect_ctx *c, const pv_method *m);
void inspect_file(const inspect_ctx *c);

/* "[16, 1]" */
void fmt_shape(const pv_tensor *t, char *buf, size_t len);
/* A tensor's shape as a JSON array. */
void json_shape(json *j, const char *key, const pv_tensor *t);

/* Which instructions touch value idx: first and last (-1 if none). Inputs count as live from
 * instruction 0 and outputs until the last one. */
void value_lifetime(const pv_method *m, int32_t idx, long *first, long *last);

#endif
