/* petite inspect: what is inside a .pte, on the user's own model: methods, values,
 * operators, constants, the memory plan and the bytes a device must provide. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "inspect.h"

static const char help[] =
    "usage: petite inspect model.pte [--graph] [--memory] [--file] [--all] [--json]\n"
    "                                [--method NAME]\n"
    "\n"
    "Without a view option: a summary of each method (inputs, outputs, operators, values,\n"
    "constants, memory plan, bytes needed).\n"
    "--graph    the instructions as pseudo-code, with every value's dtype, shape, dim_order,\n"
    "           strides and kind (constant, planned, input, output)\n"
    "--memory   the memory plan: a lifetime chart of planned tensors over instructions, the\n"
    "           arena map (offsets, which tensors share bytes), peak vs sum of all tensors\n"
    "--file     the file map: header, flatbuffer, segments and each constant's bytes\n"
    "--all      every view\n"
    "--json     machine-readable output of the chosen views (one JSON object)\n";

enum { V_SUMMARY = 1, V_GRAPH = 2, V_MEMORY = 4, V_FILE = 8 };

int cmd_inspect(int argc, char **argv) {
  const char *pte = NULL, *method = NULL;
  int views = 0, as_json = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (cli_is_help(a)) return fputs(help, stdout), 0;
    if (strcmp(a, "--json") == 0) as_json = 1;
    else if (strcmp(a, "--graph") == 0) views |= V_GRAPH;
    else if (strcmp(a, "--memory") == 0) views |= V_MEMORY;
    else if (strcmp(a, "--file") == 0) views |= V_FILE;
    else if (strcmp(a, "--all") == 0) views |= V_SUMMARY | V_GRAPH | V_MEMORY | V_FILE;
    else if (strcmp(a, "--method") == 0 && i + 1 < argc) method = argv[++i];
    else if (a[0] == '-') return fputs(help, stderr), cli_fail("inspect: unknown or incomplete option \"%s\"", a);
    else if (!pte) pte = a;
    else return fputs(help, stderr), cli_fail("inspect: one .pte at a time (got \"%s\" too)", a);
  }
  if (!pte) return fputs(help, stderr), cli_fail("inspect: no .pte file given");
  if (!views) views = V_SUMMARY;

  uint8_t *bytes;
  size_t size;
  pt_program prog;
  if (cli_load(pte, &bytes, &size, &prog) != 0) return 1;
  pv_program v;
  char err[256];
  if (pte_view_read(&v, bytes, size, err, sizeof err) != 0) {
    free(bytes);
    return cli_fail("%s: %s", pte, err);
  }
  int rc = 0;
  if (method) {
    int found = 0;
    for (uint32_t i = 0; i < v.nmethods; i++) found |= strcmp(v.methods[i].name, method) == 0;
    if (!found) rc = cli_fail("%s: no method named \"%s\"", pte, method);
  }
  json j = {stdout, 0, {0}};
  inspect_ctx c = {pte, &v, &prog, as_json ? &j : NULL};
  if (!rc) {
    if (c.j) {
      json_begin_object(c.j, NULL);
      json_str(c.j, "file", cli_basename(pte));
      json_int(c.j, "file_bytes", (long long)v.file_size);
      json_int(c.j, "version", v.version);
      json_begin_array(c.j, "methods");
    } else {
      printf("%s: %zu bytes, ExecuTorch program (version %u), %u method%s\n", cli_basename(pte),
             v.file_size, v.version, v.nmethods, v.nmethods == 1 ? "" : "s");
    }
    for (uint32_t i = 0; i < v.nmethods; i++) {
      const pv_method *m = &v.methods[i];
      if (method && strcmp(m->name, method) != 0) continue;
      if (c.j) {
        json_begin_object(c.j, NULL);
        json_str(c.j, "name", m->name);
      }
      if (views & V_SUMMARY) inspect_summary(&c, m);
      if (views & V_GRAPH) inspect_graph(&c, m);
      if (views & V_MEMORY) inspect_memory(&c, m);
      if (c.j) json_end_object(c.j);
    }
    if (c.j) json_end_array(c.j);
    if (views & V_FILE) inspect_file(&c);
    if (c.j) json_end_object(c.j);
  }
  pte_view_free(&v);
  free(bytes);
  return rc;
}
