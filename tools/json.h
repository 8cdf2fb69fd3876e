/* A minimal JSON writer for the tools' --json output: values are written in order, and the
 * writer tracks only whether a comma is due. */
#ifndef PETITE_TOOLS_JSON_H
#define PETITE_TOOLS_JSON_H

#include <stdint.h>
#include <stdio.h>

typedef struct json {
  FILE *fp;
  int depth;
  unsigned char need_comma[64];
} json;

void json_begin_object(json *j, const char *key);  /* key NULL inside arrays / at top */
void json_end_object(json *j);
void json_begin_array(json *j, const char *key);
void json_end_array(json *j);
void json_str(json *j, const char *key, const char *s);
void json_int(json *j, const char *key, long long v);
void json_num(json *j, const char *key, double v);
void json_bool(json *j, const char *key, int v);
void json_null(json *j, const char *key);

#endif
