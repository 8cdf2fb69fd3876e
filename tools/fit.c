/* petite fit: does a set of programs fit a board? Fills in the flash and SRAM budget —
 * runtime, the selective kernels and the models in flash; metadata, planned arena, scratch,
 * stack and an application reserve in SRAM — and says FITS or DOES NOT FIT with the margin
 * of each memory, and what to try when it does not.
 *
 * Model bytes and the method's needs are exact (the .pte and pt_method_needs). Runtime and
 * kernel flash are measured: from a firmware's size report when given one, otherwise from
 * the per-kernel table in fit_sizes.h (tools/fit_measure.py, Cortex-M33). Every line says
 * which kind of number it is. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "petite_host.h"
#include "json.h"
#include "pte_view.h"

#include "fit_sizes.h"

#define KB 1024ull
/* The stack a petite firmware reserves (tools/fit_sizes.h: petite's deepest path on the M33 plus
 * a margin for the application and interrupts); the Pico 2 W image reserves the same number. */
#define STACK_ALLOWANCE ((unsigned long long)FIT_STACK_BYTES)
#define APP_FLASH_ALLOWANCE (64 * KB) /* application + board support (an SDK, USB serial...) */
#define APP_SRAM_ALLOWANCE (32 * KB)

static const char help[] =
    "usage: petite fit model.pte... --board BOARD [options]\n"
    "\n"
    "Fills in the memory budget of a firmware that embeds these programs and says FITS or\n"
    "DOES NOT FIT (exit status 1), with the margin of flash and SRAM.\n"
    "  flash = runtime + kernels the programs use (selective build) + the .pte bytes + app\n"
    "  SRAM  = metadata + planned arena + kernel scratch (pt_method_needs, 32-bit target,\n"
    "          every program resident at once) + stack + app\n"
    "\n"
    "  --board B          pico2w, pico2, stm32h7, esp32s3, or custom (with --flash/--sram)\n"
    "  --flash BYTES      flash capacity (overrides the board's); 4M, 512K, 2097152...\n"
    "  --sram BYTES       SRAM capacity (overrides the board's)\n"
    "  --size-report F    use the sizes measured in a firmware build: the <image>.size.txt\n"
    "                     that firmware/size_report.py writes after each bare-metal link\n"
    "  --elf F.elf        the same, from the size report next to a firmware ELF; without\n"
    "                     one, the image's flash (text + data) as a whole, models included\n"
    "  --stack BYTES      stack allowance (default " FIT_STACK_TEXT ": what the Pico 2 W image reserves)\n"
    "  --app-flash BYTES  flash kept for the application and board support (default 64K)\n"
    "  --app-sram BYTES   SRAM kept for the application and board support (default 32K)\n"
    "  --method NAME      the method to size (default: forward)\n"
    "  --json             the budget as JSON\n"
    "\n"
    "Without a size report, runtime and kernel sizes are estimates measured on the\n"
    "Cortex-M33 build (" FIT_MEASURED_WITH ").\n";

typedef struct board {
  const char *name;
  const char *part;       /* what is assumed, from the datasheet */
  unsigned long long flash, sram;
  unsigned long long sram_block; /* largest contiguous SRAM region: a planned buffer lives in one */
} board;

static const board boards[] = {
    {"pico2w", "Raspberry Pi Pico 2 W: RP2350A (Cortex-M33 @150 MHz), 4 MB QSPI flash, 520 KB SRAM",
     4096 * KB, 520 * KB, 520 * KB},
    {"pico2", "Raspberry Pi Pico 2: RP2350A (Cortex-M33 @150 MHz), 4 MB QSPI flash, 520 KB SRAM",
     4096 * KB, 520 * KB, 520 * KB},
    {"stm32h7", "STM32H743-class (Cortex-M7): 2 MB flash, 1 MB SRAM in banks, the largest 512 KB (AXI SRAM)",
     2048 * KB, 1024 * KB, 512 * KB},
    {"esp32s3", "ESP32-S3-class module (e.g. ESP32-S3-WROOM-1-N8, Xtensa LX7): 8 MB flash, 512 KB internal SRAM",
     8192 * KB, 512 * KB, 512 * KB},
};
#define NBOARDS (sizeof boards / sizeof boards[0])

typedef struct model {
  const char *path;
  unsigned long long file_bytes;
  unsigned long long metadata, arena, scratch, persistent; /* metadata includes persistent */
  unsigned long long largest_buffer;
  int metadata_is_host;             /* the 32-bit layout did not reproduce the host's figure */
  unsigned long long weight_bytes;  /* constants, each stored once */
  unsigned long long float_weight_bytes;
} model;

typedef struct budget {
  /* flash */
  unsigned long long runtime, kernels, models, app_flash;
  /* SRAM */
  unsigned long long metadata, arena, scratch, stack, app_sram; /* metadata includes persistent */
  unsigned long long persistent;
  unsigned long long largest_buffer;
  int measured;             /* runtime/kernels/app flash from a size report */
  unsigned long long image_flash; /* ELF without a size report: the whole image, models included */
} budget;

/* "4M", "512K", "520KB", "1048576" -> bytes; -1 on error (and on 0 for a capacity). */
static int parse_bytes(const char *s, unsigned long long *out, int zero_ok) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || s[0] == '-') return -1;
  unsigned long long mul = 1;
  if (*end == 'K' || *end == 'k') mul = KB, end++;
  else if (*end == 'M' || *end == 'm') mul = KB * KB, end++;
  if (mul > 1 && (*end == 'B' || *end == 'b')) end++;
  if (*end || (v == 0 && !zero_ok) || v > (1ull << 40) / mul) return -1;
  *out = v * mul;
  return 0;
}

/* The metadata block on a 32-bit target: the runtime's own table arithmetic with a 32-bit
 * target's element sizes (PT_LAYOUT32_*, which 32-bit builds of the runtime assert), plus the
 * kernels' persistent state (fixed-width fields: the same on the host). When the host's sizes
 * do not reproduce pt_method_needs, the layout has changed and the host figure (larger: 64-bit
 * pointers) is used instead. */
static unsigned long long tables_for(const pt_method_plan *pl, size_t value, size_t tensor, size_t call) {
  return pt_metadata_table_bytes(pl->nvalues, pl->ntensors, pl->ninstructions, value, tensor, call);
}

static int size_model(model *m, const char *path, const char *want) {
  uint8_t *bytes;
  size_t size;
  pt_program prog;
  if (cli_load(path, &bytes, &size, &prog) != 0) return 1;
  char method[128], err[256];
  pv_program v;
  memset(&v, 0, sizeof v);
  int rc = cli_method(&prog, path, want, method, sizeof method) != 0;
  if (!rc && pte_view_read(&v, bytes, size, err, sizeof err) != 0) rc = cli_fail("%s: %s", path, err);
  pt_method_plan plan;
  pt_diag d;
  memset(&d, 0, sizeof d);
  if (!rc) {
    pt_status s = pt_method_needs_host(&prog, method, &pt_all_kernels, &plan, &d);
    if (s != PT_OK) rc = cli_fail("%s: cannot size method %s: %s: %s", path, method, pt_status_name(s), d.text);
  }
  const pv_method *pm = NULL;
  for (uint32_t i = 0; !rc && i < v.nmethods; i++)
    if (strcmp(v.methods[i].name, method) == 0) pm = &v.methods[i];
  if (!rc && !pm) rc = cli_fail("%s: method %s not found", path, method);
  if (!rc) {
    memset(m, 0, sizeof *m);
    m->path = path;
    m->file_bytes = size;
    unsigned long long host = tables_for(&plan, sizeof(pt_value), sizeof(pt_tensor), sizeof(pt_call));
    m->metadata_is_host = host != plan.table_bytes;
    m->persistent = plan.persistent_bytes;
    m->metadata = (m->metadata_is_host ? plan.table_bytes
                                       : tables_for(&plan, PT_LAYOUT32_VALUE, PT_LAYOUT32_TENSOR, PT_LAYOUT32_CALL)) +
                  plan.persistent_bytes;
    for (uint32_t i = 0; i < plan.nbuffers; i++) {
      m->arena += plan.buffer_bytes[i];
      if (plan.buffer_bytes[i] > m->largest_buffer) m->largest_buffer = plan.buffer_bytes[i];
    }
    m->scratch = plan.scratch_bytes;
    /* constants: count each data buffer once (identical constants share one) */
    uint32_t seen_n = 0;
    uint32_t *seen = calloc(pm->nvalues + 1u, sizeof *seen);
    for (uint32_t i = 0; seen && i < pm->nvalues; i++) {
      const pv_value *val = &pm->values[i];
      if (val->tag != PT_TAG_TENSOR || val->t.data_buffer_idx == 0 || val->t.planned) continue;
      int dup = 0;
      for (uint32_t k = 0; k < seen_n; k++) dup |= seen[k] == val->t.data_buffer_idx;
      if (dup) continue;
      seen[seen_n++] = val->t.data_buffer_idx;
      m->weight_bytes += val->t.nbytes;
      if (val->t.dtype == PT_F32) m->float_weight_bytes += val->t.nbytes;
    }
    free(seen);
  }
  pte_view_free(&v);
  free(bytes);
  return rc;
}

/* Flash of one kernel's sections, or of the union over several (used[] marks what is counted). */
static unsigned long long add_sections(const char *list, unsigned char *used, size_t nsec) {
  unsigned long long bytes = 0;
  for (const char *s = list; *s;) {
    char *end;
    unsigned long idx = strtoul(s, &end, 10);
    if (end == s) break;
    if (idx < nsec && !used[idx]) used[idx] = 1, bytes += fit_section_bytes[idx];
    s = end;
  }
  return bytes;
}

/* The kernels' flash for the union of operators: each shared section counted once. An
 * operator measured after the table was made is counted as the largest measured kernel,
 * and named in `unmeasured` (NUL-separated list written to buf). */
enum { NSEC = sizeof fit_section_bytes / sizeof fit_section_bytes[0],
       NKSIZES = sizeof fit_kernel_sizes / sizeof fit_kernel_sizes[0] };
static unsigned long long kernels_flash(char **ops, size_t nops, char *unmeasured, size_t len,
                                        unsigned long long *largest) {
  static unsigned char used[NSEC];
  unsigned long long bytes = 0;
  *largest = 0;
  for (size_t j = 0; j < NKSIZES; j++) {
    memset(used, 0, sizeof used);
    unsigned long long one = add_sections(fit_kernel_sizes[j].sections, used, NSEC);
    if (one > *largest) *largest = one;
  }
  memset(used, 0, sizeof used);
  unmeasured[0] = 0;
  for (size_t i = 0; i < nops; i++) {
    const struct fit_kernel_size *k = NULL;
    for (size_t j = 0; j < NKSIZES; j++)
      if (strcmp(fit_kernel_sizes[j].op, ops[i]) == 0) k = &fit_kernel_sizes[j];
    if (k) {
      bytes += add_sections(k->sections, used, NSEC);
    } else {
      bytes += *largest;
      size_t at = strlen(unmeasured);
      snprintf(unmeasured + at, len - at, "%s%s", at ? ", " : "", ops[i]);
    }
  }
  return bytes;
}

/* Reads "runtime_flash=N kernels_flash=N ... " from a firmware/size_report.py report. */
static int read_size_report(const char *path, budget *b) {
  size_t size;
  uint8_t *text = cli_read_file(path, &size);
  if (!text) return 1;
  const char *keys[] = {"runtime_flash=", "kernels_flash=", "app_flash=", "board_flash=", "libgcc_flash="};
  unsigned long long v[5];
  int rc = 0;
  char *s = malloc(size + 1);
  if (!s) return free(text), cli_fail("out of memory");
  memcpy(s, text, size);
  s[size] = 0;
  for (int i = 0; i < 5 && !rc; i++) {
    const char *at = strstr(s, keys[i]);
    char *end;
    if (!at || (v[i] = strtoull(at + strlen(keys[i]), &end, 10), end == at + strlen(keys[i])))
      rc = cli_fail("fit: %s is not a size report: no \"%sN\" (firmware/size_report.py writes one after "
                    "each bare-metal link)", path, keys[i]);
  }
  if (!rc) {
    b->runtime = v[0] + v[4]; /* libgcc's helpers are called by the runtime and kernels */
    b->kernels = v[1];
    b->app_flash = v[2] + v[3];
    b->measured = 1;
  }
  free(s);
  free(text);
  return rc;
}

static uint32_t le32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint32_t le16(const uint8_t *p) { return p[0] | p[1] << 8; }

/* The flash an ELF32 firmware image occupies: the bytes of its allocated sections that have
 * contents (text, rodata, data's initial values), as `size` counts text + data. */
static int read_elf_flash(const char *path, unsigned long long *out) {
  size_t size;
  uint8_t *f = cli_read_file(path, &size);
  if (!f) return 1;
  int rc = 0;
  if (size < 52 || memcmp(f, "\x7f" "ELF", 4) != 0) rc = cli_fail("fit: %s is not an ELF file", path);
  else if (f[4] != 1 || f[5] != 1)
    rc = cli_fail("fit: %s is not a 32-bit little-endian ELF (a microcontroller firmware)", path);
  uint32_t shoff = rc ? 0 : le32(f + 0x20), shentsize = rc ? 0 : le16(f + 0x2e), shnum = rc ? 0 : le16(f + 0x30);
  if (!rc && (shentsize < 40 || shoff > size || (size - shoff) / shentsize < shnum))
    rc = cli_fail("fit: %s: section headers outside the file", path);
  *out = 0;
  for (uint32_t i = 0; !rc && i < shnum; i++) {
    const uint8_t *sh = f + shoff + (size_t)i * shentsize;
    uint32_t type = le32(sh + 4), flags = le32(sh + 8), bytes = le32(sh + 20);
    if ((flags & 2u) && type != 8u) *out += bytes; /* SHF_ALLOC, not SHT_NOBITS */
  }
  if (!rc && *out == 0) rc = cli_fail("fit: %s has no allocated sections", path);
  free(f);
  return rc;
}

static const char *pct(unsigned long long part, unsigned long long whole, char *buf, size_t len) {
  snprintf(buf, len, "%.1f%%", whole ? 100.0 * (double)part / (double)whole : 0.0);
  return buf;
}

static void row(const char *what, unsigned long long bytes, const char *kind) {
  printf("  %-38s %10llu  %s\n", what, bytes, kind);
}

static void verdict_line(const char *mem, unsigned long long used, unsigned long long cap) {
  char p[32];
  if (used <= cap)
    printf("  %-38s %10llu  of %llu: FITS, %llu B (%s) to spare\n", "total", used, cap, cap - used,
           pct(cap - used, cap, p, sizeof p));
  else
    printf("  %-38s %10llu  of %llu: DOES NOT FIT, %s short by %llu B\n", "total", used, cap, mem, used - cap);
}

static unsigned long long flash_total(const budget *b) {
  return b->image_flash ? b->image_flash : b->runtime + b->kernels + b->models + b->app_flash;
}
static unsigned long long sram_total(const budget *b) {
  return b->metadata + b->arena + b->scratch + b->stack + b->app_sram;
}

static void fit_json(const board *bd, const char *board_name, unsigned long long flash, unsigned long long sram,
                     const budget *b, const model *ms, int nm, const char *sizes_from, int fits_flash,
                     int fits_sram, int fits_block) {
  json j = {stdout, 0, {0}};
  json_begin_object(&j, NULL);
  json_str(&j, "board", board_name);
  if (bd) json_str(&j, "part", bd->part);
  json_int(&j, "flash_capacity", (long long)flash);
  json_int(&j, "sram_capacity", (long long)sram);
  json_str(&j, "sizes", b->measured ? "measured" : "estimate");
  json_str(&j, "sizes_from", sizes_from);
  json_begin_object(&j, "flash");
  if (b->image_flash) json_int(&j, "image", (long long)b->image_flash);
  json_int(&j, "runtime", (long long)b->runtime);
  json_int(&j, "kernels", (long long)b->kernels);
  json_int(&j, "models", (long long)b->models);
  json_int(&j, "app", (long long)b->app_flash);
  json_int(&j, "total", (long long)flash_total(b));
  json_int(&j, "margin", (long long)flash - (long long)flash_total(b));
  json_bool(&j, "fits", fits_flash);
  json_end_object(&j);
  json_begin_object(&j, "sram");
  json_int(&j, "metadata", (long long)b->metadata);
  json_int(&j, "persistent", (long long)b->persistent);
  json_int(&j, "arena", (long long)b->arena);
  json_int(&j, "scratch", (long long)b->scratch);
  json_int(&j, "stack", (long long)b->stack);
  json_int(&j, "app", (long long)b->app_sram);
  json_int(&j, "total", (long long)sram_total(b));
  json_int(&j, "margin", (long long)sram - (long long)sram_total(b));
  json_int(&j, "largest_buffer", (long long)b->largest_buffer);
  json_bool(&j, "largest_buffer_fits_one_region", fits_block);
  json_bool(&j, "fits", fits_sram);
  json_end_object(&j);
  json_begin_array(&j, "models");
  for (int i = 0; i < nm; i++) {
    json_begin_object(&j, NULL);
    json_str(&j, "file", ms[i].path);
    json_int(&j, "file_bytes", (long long)ms[i].file_bytes);
    json_int(&j, "weight_bytes", (long long)ms[i].weight_bytes);
    json_int(&j, "metadata", (long long)ms[i].metadata);
    json_int(&j, "persistent", (long long)ms[i].persistent);
    json_int(&j, "arena", (long long)ms[i].arena);
    json_int(&j, "scratch", (long long)ms[i].scratch);
    json_end_object(&j);
  }
  json_end_array(&j);
  json_bool(&j, "fits", fits_flash && fits_sram && fits_block);
  json_end_object(&j);
  fputc('\n', stdout);
}

int cmd_fit(int argc, char **argv) {
  const char *board_name = NULL, *report = NULL, *elf = NULL, *want = NULL;
  unsigned long long flash = 0, sram = 0;
  budget b;
  memset(&b, 0, sizeof b);
  b.stack = STACK_ALLOWANCE;
  b.app_flash = APP_FLASH_ALLOWANCE;
  b.app_sram = APP_SRAM_ALLOWANCE;
  int as_json = 0, app_flash_given = 0;
  char **ptes = calloc((size_t)argc + 1, sizeof *ptes);
  int nptes = 0;
  if (!ptes) return cli_fail("out of memory");
#define FAIL(...) return free(ptes), cli_fail(__VA_ARGS__)
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    int has = i + 1 < argc;
    if (cli_is_help(a)) return free(ptes), fputs(help, stdout), 0;
    if (strcmp(a, "--json") == 0) as_json = 1;
    else if (strcmp(a, "--board") == 0 && has) board_name = argv[++i];
    else if (strcmp(a, "--size-report") == 0 && has) report = argv[++i];
    else if (strcmp(a, "--elf") == 0 && has) elf = argv[++i];
    else if (strcmp(a, "--method") == 0 && has) want = argv[++i];
    else if ((strcmp(a, "--flash") == 0 || strcmp(a, "--sram") == 0 || strcmp(a, "--stack") == 0 ||
              strcmp(a, "--app-flash") == 0 || strcmp(a, "--app-sram") == 0) && has) {
      unsigned long long v;
      int capacity = strcmp(a, "--flash") == 0 || strcmp(a, "--sram") == 0;
      if (parse_bytes(argv[i + 1], &v, !capacity) != 0)
        FAIL("fit: %s \"%s\" is not a size in bytes (e.g. 520K, 4M, 1048576)", a, argv[i + 1]);
      if (strcmp(a, "--flash") == 0) flash = v;
      else if (strcmp(a, "--sram") == 0) sram = v;
      else if (strcmp(a, "--stack") == 0) b.stack = v;
      else if (strcmp(a, "--app-flash") == 0) b.app_flash = v, app_flash_given = 1;
      else b.app_sram = v;
      i++;
    } else if (a[0] == '-') {
      fputs(help, stderr);
      FAIL("fit: unknown or incomplete option \"%s\"", a);
    } else ptes[nptes++] = argv[i];
  }
  if (nptes == 0) return free(ptes), fputs(help, stderr), cli_fail("fit: no .pte file given");
  if (!board_name) FAIL("fit: --board is required (pico2w, pico2, stm32h7, esp32s3, custom)");
  const board *bd = NULL;
  for (size_t i = 0; i < NBOARDS; i++)
    if (strcmp(boards[i].name, board_name) == 0) bd = &boards[i];
  if (!bd && strcmp(board_name, "custom") != 0)
    FAIL("fit: unknown board \"%s\" (pico2w, pico2, stm32h7, esp32s3, or custom with --flash and --sram)",
         board_name);
  if (!bd && (!flash || !sram)) FAIL("fit: --board custom needs --flash BYTES and --sram BYTES");
  if (report && elf) FAIL("fit: give --size-report or --elf, not both");
  unsigned long long block = bd ? bd->sram_block : 0;
  if (!flash) flash = bd->flash;
  if (!sram) sram = bd->sram;
  if (!block || block > sram) block = sram;

  char report_buf[4096];
  if (elf) {
    /* firmware/CMakeLists.txt writes <image>.size.txt beside <image>.elf */
    size_t n = strlen(elf);
    if (n < 4 || strcmp(elf + n - 4, ".elf") != 0) FAIL("fit: --elf %s: expected a firmware .elf", elf);
    FILE *fp = fopen(elf, "rb");
    if (!fp) FAIL("fit: %s: cannot open: %s", elf, strerror(errno));
    fclose(fp);
    snprintf(report_buf, sizeof report_buf, "%.*s.size.txt", (int)(n - 4), elf);
    fp = fopen(report_buf, "rb");
    if (fp) {
      fclose(fp);
      report = report_buf;
    } else {
      /* no per-part report (a Pico SDK build, say): the image's total from its sections */
      if (read_elf_flash(elf, &b.image_flash) != 0) return free(ptes), 1;
      if (app_flash_given) FAIL("fit: --app-flash with --elf: the image includes the app");
      b.measured = 1;
    }
  }
  if (report && read_size_report(report, &b) != 0) return free(ptes), 1;
  if (b.measured && app_flash_given) FAIL("fit: --app-flash with a size report: the report measures the app");

  model *ms = calloc((size_t)nptes, sizeof *ms);
  char **ops = NULL;
  size_t nops = 0;
  int rc = ms ? 0 : cli_fail("out of memory");
  for (int i = 0; i < nptes && !rc; i++) {
    rc = size_model(&ms[i], ptes[i], want);
    if (rc) break;
    b.models += ms[i].file_bytes;
    b.metadata += ms[i].metadata;
    b.persistent += ms[i].persistent;
    b.arena += ms[i].arena;
    b.scratch += ms[i].scratch;
    if (ms[i].largest_buffer > b.largest_buffer) b.largest_buffer = ms[i].largest_buffer;
    /* the operators, for the selective kernel set */
    uint8_t *bytes;
    size_t size;
    pt_program prog;
    pv_program v;
    char err[256];
    memset(&v, 0, sizeof v);
    if (cli_load(ptes[i], &bytes, &size, &prog) != 0) {
      rc = 1;
      break;
    }
    if (pte_view_read(&v, bytes, size, err, sizeof err) != 0) rc = cli_fail("%s: %s", ptes[i], err);
    free(bytes);
    for (uint32_t mi = 0; !rc && mi < v.nmethods; mi++)
      for (uint32_t k = 0; k < v.methods[mi].nops; k++) {
        int dup = 0;
        for (size_t q = 0; q < nops; q++) dup |= strcmp(ops[q], v.methods[mi].ops[k]) == 0;
        if (dup) continue;
        char **grown = realloc(ops, (nops + 1) * sizeof *ops);
        if (!grown) {
          rc = cli_fail("out of memory");
          break;
        }
        ops = grown;
        size_t len = strlen(v.methods[mi].ops[k]) + 1;
        if (!(ops[nops] = malloc(len))) {
          rc = cli_fail("out of memory");
          break;
        }
        memcpy(ops[nops++], v.methods[mi].ops[k], len);
      }
    pte_view_free(&v);
  }
  char unmeasured[1024] = "";
  unsigned long long largest_kernel = 0;
  if (!rc && !b.measured) {
    b.runtime = FIT_RUNTIME_FLASH;
    b.kernels = kernels_flash(ops, nops, unmeasured, sizeof unmeasured, &largest_kernel);
  }
  if (!rc) {
    int fits_flash = flash_total(&b) <= flash, fits_sram = sram_total(&b) <= sram;
    int fits_block = b.largest_buffer <= block;
    char sizes_from[sizeof report_buf + 128];
    if (b.image_flash) snprintf(sizes_from, sizeof sizes_from, "measured: %s (its allocated sections; no size report beside it)", elf);
    else if (b.measured) snprintf(sizes_from, sizeof sizes_from, "measured: %s", report);
    else snprintf(sizes_from, sizeof sizes_from, "estimate: tools/fit_sizes.h, %s", FIT_MEASURED_WITH);
    if (as_json) {
      fit_json(bd, board_name, flash, sram, &b, ms, nptes, sizes_from, fits_flash, fits_sram, fits_block);
    } else {
      char label[160], p[32];
      printf("petite fit:");
      for (int i = 0; i < nptes; i++) printf(" %s", cli_basename(ptes[i]));
      printf(" on %s\n", board_name);
      if (bd) printf("board: %s\n", bd->part);
      else printf("board: custom, %llu B flash, %llu B SRAM\n", flash, sram);
      const char *est = b.measured ? "measured (size report)" : "estimate (M33 build)";
      printf("\nflash%45s\n", "bytes");
      if (b.image_flash) {
        row("firmware image (text + data)", b.image_flash, "measured (the ELF: runtime, kernels, models, app)");
        for (int i = 0; i < nptes; i++) {
          snprintf(label, sizeof label, "  of which model %s", cli_basename(ms[i].path));
          row(label, ms[i].file_bytes, "if the image embeds it");
        }
      } else {
        row("runtime (load, verify, execute)", b.runtime, est);
        snprintf(label, sizeof label, "kernels: %zu operator%s", nops, nops == 1 ? "" : "s");
        row(label, b.kernels, b.measured ? "measured (size report: the image's kernels)" : est);
        for (int i = 0; i < nptes; i++) {
          snprintf(label, sizeof label, "model %s", cli_basename(ms[i].path));
          row(label, ms[i].file_bytes, "exact (the .pte, read in place)");
        }
        row("app + board support", b.app_flash, b.measured ? "measured (size report)" : "allowance (--app-flash)");
      }
      verdict_line("flash", flash_total(&b), flash);
      printf("\nSRAM%46s\n", "bytes");
      int host_metadata = 0;
      for (int i = 0; i < nptes; i++) host_metadata |= ms[i].metadata_is_host;
      row("metadata (values, tensors, calls)", b.metadata - b.persistent,
          host_metadata ? "upper bound (pt_method_needs on the 64-bit host)" : "exact (pt_method_needs, 32-bit)");
      if (b.persistent) row("  + kernel state (persistent)", b.persistent, "exact (pt_method_needs)");
      row("planned arena", b.arena, "exact (the memory plan)");
      row("kernel scratch", b.scratch, "exact (pt_method_needs)");
      char stack_note[96];
      snprintf(stack_note, sizeof stack_note, "allowance (--stack; petite's deepest is %u B on the M33)",
               (unsigned)FIT_STACK_MEASURED);
      row("stack", b.stack, stack_note);
      row("app + board support", b.app_sram, "allowance (--app-sram)");
      verdict_line("SRAM", sram_total(&b), sram);
      if (!fits_block)
        printf("  a planned buffer of %llu B is larger than the largest SRAM region (%llu B)\n",
               b.largest_buffer, block);
      printf("\nsizes: %s\n", sizes_from);
      if (!b.measured && bd && strcmp(bd->name, "stm32h7") == 0)
        printf("note: estimates are for a Cortex-M33 build; a Cortex-M7 build differs: measure with --size-report\n");
      if (!b.measured && bd && strcmp(bd->name, "esp32s3") == 0)
        printf("note: estimates are for a Cortex-M33 build; Xtensa code sizes differ: measure with --size-report\n");
      if (unmeasured[0])
        printf("note: no measured size for %s: each counted as the largest measured kernel (%llu B); "
               "re-run tools/fit_measure.py\n", unmeasured, largest_kernel);
      if (fits_flash && fits_sram && fits_block) {
        printf("FITS: flash %s used, SRAM %s used\n", pct(flash_total(&b), flash, label, sizeof label),
               pct(sram_total(&b), sram, p, sizeof p));
      } else {
        printf("DOES NOT FIT:%s%s%s\n", fits_flash ? "" : " flash", fits_sram ? "" : " SRAM",
               fits_block ? "" : " (one buffer larger than an SRAM region)");
        unsigned long long fw = 0, w = 0, arena = 0;
        for (int i = 0; i < nptes; i++) fw += ms[i].float_weight_bytes, w += ms[i].weight_bytes;
        arena = b.arena;
        printf("what to try:\n");
        if (fw)
          printf("  - int8: weights in 1 byte instead of 4 (%llu B of float32 weights -> about %llu B), "
                 "activations too (python -m petite.quant)\n", fw, fw / 4);
        printf("  - smaller layers: fewer channels or units shrink the weights (%llu B) and the arena "
               "(%llu B; `petite inspect --memory` shows which tensors make its peak)\n", w, arena);
        int any = 0;
        for (size_t i = 0; i < NBOARDS; i++) {
          budget t = b;
          if (flash_total(&t) <= boards[i].flash && sram_total(&t) <= boards[i].sram &&
              b.largest_buffer <= boards[i].sram_block) {
            if (!any) printf("  - a board with more memory: it would fit");
            printf("%s %s", any ? "," : "", boards[i].name);
            any = 1;
          }
        }
        if (any) printf("\n");
        else printf("  - a board with more memory: none of the presets has enough\n");
      }
    }
    if (!fits_flash || !fits_sram || !fits_block) {
      fprintf(stderr, "petite: fit: DOES NOT FIT on %s:", board_name);
      if (!fits_flash) fprintf(stderr, " flash short by %llu B;", flash_total(&b) - flash);
      if (!fits_sram) fprintf(stderr, " SRAM short by %llu B;", sram_total(&b) - sram);
      if (!fits_block) fprintf(stderr, " a %llu B buffer exceeds the largest SRAM region;", b.largest_buffer);
      fprintf(stderr, " see `petite fit --help`\n");
      rc = 1;
    }
  }
  for (size_t i = 0; i < nops; i++) free(ops[i]);
  free(ops);
  free(ms);
  free(ptes);
  return rc;
#undef FAIL
}
