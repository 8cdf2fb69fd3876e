/* Helpers shared by the petite subcommands. */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("petite: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return 1;
}

void *cli_alloc(size_t n) {
  size_t rounded = (n + 15) / 16 * 16;
  void *p = aligned_alloc(16, rounded ? rounded : 16);
  if (!p) {
    fprintf(stderr, "petite: out of memory (%zu bytes)\n", n);
    exit(2);
  }
  memset(p, 0, rounded ? rounded : 16);
  return p;
}

uint8_t *cli_read_file(const char *path, size_t *size) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    cli_fail("%s: cannot open (no such file or not readable)", path);
    return NULL;
  }
  long n = -1;
  if (fseek(fp, 0, SEEK_END) == 0) n = ftell(fp);
  if (n < 0 || fseek(fp, 0, SEEK_SET) != 0) {
    fclose(fp);
    cli_fail("%s: cannot read (not a regular file?)", path);
    return NULL;
  }
  uint8_t *bytes = cli_alloc((size_t)n);
  if (fread(bytes, 1, (size_t)n, fp) != (size_t)n) {
    free(bytes);
    fclose(fp);
    cli_fail("%s: read error", path);
    return NULL;
  }
  fclose(fp);
  *size = (size_t)n;
  return bytes;
}

int cli_load(const char *path, uint8_t **bytes, size_t *size, pt_program *p) {
  *bytes = cli_read_file(path, size);
  if (!*bytes) return -1;
  pt_diag d;
  memset(&d, 0, sizeof d);
  pt_status s = pt_program_load(p, *bytes, *size, &d);
  if (s != PT_OK) {
    cli_fail("%s: not a valid .pte program: %s: %s", path, pt_status_name(s), d.text);
    free(*bytes);
    *bytes = NULL;
    return -1;
  }
  return 0;
}

int cli_method(const pt_program *p, const char *path, const char *want, char *buf, size_t len) {
  uint32_t n = pt_program_method_count(p);
  if (n == 0) return cli_fail("%s: the program has no methods", path), -1;
  int pick = -1;
  for (uint32_t i = 0; i < n; i++) {
    size_t nl = 0;
    const char *name = pt_program_method_name(p, i, &nl);
    const char *target = want ? want : "forward";
    if (strlen(target) == nl && memcmp(name, target, nl) == 0) pick = (int)i;
  }
  if (pick < 0 && want) return cli_fail("%s: no method named \"%s\"", path, want), -1;
  if (pick < 0) pick = 0;
  size_t nl = 0;
  const char *name = pt_program_method_name(p, (uint32_t)pick, &nl);
  if (nl >= len) return cli_fail("%s: method name too long", path), -1;
  memcpy(buf, name, nl);
  buf[nl] = 0;
  return 0;
}

const char *cli_basename(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

int cli_is_help(const char *arg) { return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0; }
