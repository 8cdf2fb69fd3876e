/* Helpers shared by the petite subcommands: messages, files, loading a program. */
#ifndef PETITE_TOOLS_CLI_H
#define PETITE_TOOLS_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "petite_kernel.h"

/* Prints "petite: <message>" on stderr and returns 1 (the exit status of a failed command). */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Reads a whole file into 16-aligned memory (free with free()); prints why on failure. */
uint8_t *cli_read_file(const char *path, size_t *size);

/* Reads and verifies a .pte; prints the runtime's message on failure. */
int cli_load(const char *path, uint8_t **bytes, size_t *size, pt_program *p);

/* 16-aligned zeroed memory (at least 16 bytes); exits on exhaustion. */
void *cli_alloc(size_t n);

/* The method to use: `want` if given, else "forward" if present, else method 0. Writes its
 * NUL-terminated name into buf; prints the error and returns -1 when there is none. */
int cli_method(const pt_program *p, const char *path, const char *want, char *buf, size_t len);

/* The file name part of a path. */
const char *cli_basename(const char *path);

/* Is argv[i] a help flag? */
int cli_is_help(const char *arg);

int cmd_inspect(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_header(int argc, char **argv);
int cmd_ops(int argc, char **argv);
int cmd_fit(int argc, char **argv);

#endif
