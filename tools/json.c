/* The JSON writer of json.h. */
#include "json.h"

#include <math.h>

static void json_key(json *j, const char *key) {
  if (j->need_comma[j->depth]) fputc(',', j->fp);
  j->need_comma[j->depth] = 1;
  if (key) fprintf(j->fp, "\"%s\":", key);
}

static void json_open(json *j, const char *key, char c) {
  json_key(j, key);
  fputc(c, j->fp);
  if (j->depth < 63) j->depth++;
  j->need_comma[j->depth] = 0;
}

static void json_close(json *j, char c) {
  fputc(c, j->fp);
  if (j->depth > 0) j->depth--;
  if (j->depth == 0) fputc('\n', j->fp);
}

void json_begin_object(json *j, const char *key) { json_open(j, key, '{'); }
void json_end_object(json *j) { json_close(j, '}'); }
void json_begin_array(json *j, const char *key) { json_open(j, key, '['); }
void json_end_array(json *j) { json_close(j, ']'); }

void json_str(json *j, const char *key, const char *s) {
  json_key(j, key);
  fputc('"', j->fp);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') fprintf(j->fp, "\\%c", c);
    else if (c < 0x20) fprintf(j->fp, "\\u%04x", c);
    else fputc(c, j->fp);
  }
  fputc('"', j->fp);
}

void json_int(json *j, const char *key, long long v) {
  json_key(j, key);
  fprintf(j->fp, "%lld", v);
}

void json_num(json *j, const char *key, double v) {
  json_key(j, key);
  if (isfinite(v)) fprintf(j->fp, "%.17g", v);
  else fputs("null", j->fp);
}

void json_bool(json *j, const char *key, int v) {
  json_key(j, key);
  fputs(v ? "true" : "false", j->fp);
}

void json_null(json *j, const char *key) {
  json_key(j, key);
  fputs("null", j->fp);
}
