/* petite: the host tool. Looks at, runs and embeds ExecuTorch .pte programs. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: petite <command> [options]\n"
    "\n"
    "commands:\n"
    "  inspect model.pte [--json]    methods, values, operators, constants, memory plan\n"
    "  run model.pte [--ptv f.ptv]   run reference cases (or --input values) and compare\n"
    "  header model.pte --name N     the program as a C array to compile into firmware\n"
    "  ops model.pte... [--table f]  operators the programs need; the selective kernel table\n"
    "  fit model.pte... --board B    does it fit the board's flash and SRAM? the memory budget\n"
    "\n"
    "`petite <command> --help` describes each command.\n";

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage, stderr);
    return 1;
  }
  const char *cmd = argv[1];
  if (cli_is_help(cmd)) {
    fputs(usage, stdout);
    return 0;
  }
  if (strcmp(cmd, "inspect") == 0) return cmd_inspect(argc - 2, argv + 2);
  if (strcmp(cmd, "run") == 0) return cmd_run(argc - 2, argv + 2);
  if (strcmp(cmd, "header") == 0) return cmd_header(argc - 2, argv + 2);
  if (strcmp(cmd, "ops") == 0) return cmd_ops(argc - 2, argv + 2);
  if (strcmp(cmd, "fit") == 0) return cmd_fit(argc - 2, argv + 2);
  fputs(usage, stderr);
  return cli_fail("unknown command \"%s\"", cmd);
}
