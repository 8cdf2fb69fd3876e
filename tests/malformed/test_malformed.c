/* Loads every case of the malformed corpus (make_malformed.py) and checks that petite returns
 * exactly the status the manifest expects, with a message that names the thing, and that no
 * byte outside any caller buffer (program bytes, metadata, planned buffers, inputs) changed:
 * each buffer sits between two guard zones filled with a known pattern.
 *
 * Usage: test_malformed CORPUS_DIR   (reads CORPUS_DIR/manifest.txt) */
#define _POSIX_C_SOURCE 200112L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "petite.h"
#include "petite_host.h"

#define GUARD 64
#define GUARD_BYTE 0xA5
#define MAX_BLOCKS (PT_MAX_BUFFERS + 4)

static int failures;

/* A caller buffer between two guard zones; `at` is 16-aligned plus `skew`. */
typedef struct guarded {
  uint8_t *base, *at;
  size_t size;
} guarded;

static guarded guard_alloc(size_t size, size_t skew) {
  guarded g;
  void *p = NULL;
  size_t total = GUARD + skew + size + GUARD;
  if (posix_memalign(&p, 16, total) != 0) exit(2);
  memset(p, GUARD_BYTE, total);
  g.base = p;
  g.at = g.base + GUARD + skew;
  g.size = size;
  memset(g.at, 0, size);
  return g;
}

/* True when both guard zones still hold the pattern. */
static int guard_intact(const guarded *g) {
  for (const uint8_t *q = g->base; q < g->at; q++)
    if (*q != GUARD_BYTE) return 0;
  for (const uint8_t *q = g->at + g->size; q < g->at + g->size + GUARD; q++)
    if (*q != GUARD_BYTE) return 0;
  return 1;
}

static const char *const status_names[] = {
#define S(x) #x,
  S(PT_OK) S(PT_ERR_INVALID_ARGUMENT) S(PT_ERR_TRUNCATED) S(PT_ERR_BAD_MAGIC) S(PT_ERR_BAD_HEADER)
  S(PT_ERR_BAD_FLATBUFFER) S(PT_ERR_BAD_INDEX) S(PT_ERR_BAD_ENUM) S(PT_ERR_BAD_DTYPE) S(PT_ERR_BAD_SHAPE)
  S(PT_ERR_BAD_PLAN) S(PT_ERR_UNSUPPORTED) S(PT_ERR_MISSING_OPERATOR) S(PT_ERR_BAD_ARGUMENTS)
  S(PT_ERR_BUFFER_TOO_SMALL) S(PT_ERR_MISALIGNED) S(PT_ERR_NOT_FOUND) S(PT_ERR_BAD_INPUT)
  S(PT_ERR_KERNEL_FAILED)
#undef S
};

/* The manifest names statuses; this table is written from petite.h's enum, not from
 * pt_status_name, so a wrong name in either place shows. */
static int status_from_name(const char *name) {
  for (int i = 0; i < (int)(sizeof status_names / sizeof *status_names); i++)
    if (strcmp(status_names[i], name) == 0) return i;
  return -1;
}

typedef struct kase {
  char name[96], file[112], stage[32], status[40], mention[160];
} kase;

typedef struct run {
  guarded blocks[MAX_BLOCKS];
  int nblocks;
} run;

static guarded *add_block(run *r, size_t size, size_t skew) {
  r->blocks[r->nblocks] = guard_alloc(size, skew);
  return &r->blocks[r->nblocks++];
}

static uint8_t *read_all(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "cannot open %s\n", path); exit(2); }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *p = malloc(n > 0 ? (size_t)n : 1);
  if (!p || fread(p, 1, (size_t)n, f) != (size_t)n) exit(2);
  fclose(f);
  *size = (size_t)n;
  return p;
}

static int is(const kase *k, const char *stage) { return strcmp(k->stage, stage) == 0; }

/* Runs the case up to its stage; returns the status of the call the stage is about. */
static pt_status run_case(const kase *k, const uint8_t *bytes, size_t size, run *r, pt_diag *d) {
  size_t skew = is(k, "unaligned1") ? 1 : is(k, "unaligned4") ? 4 : 0;
  guarded *prog = add_block(r, size, skew);
  memcpy(prog->at, bytes, size);
  pt_program p;
  pt_status s = pt_program_load(&p, prog->at, size, d);
  if (is(k, "load") || skew) return s;
  if (s != PT_OK) return s;

  pt_method_plan plan;
  s = pt_method_needs_host(&p, "forward", &pt_all_kernels, &plan, d);
  if (is(k, "needs") || s != PT_OK) return s;

  pt_memory mem;
  memset(&mem, 0, sizeof mem);
  size_t meta = plan.metadata_bytes - (is(k, "short_metadata") ? 1 : 0);
  mem.metadata = add_block(r, meta, is(k, "misaligned_metadata") ? 4 : 0)->at;
  mem.metadata_size = meta;
  mem.nbuffers = plan.nbuffers - (is(k, "few_buffers") ? 1 : 0);
  for (uint32_t i = 0; i < plan.nbuffers; i++) {
    size_t n = plan.buffer_bytes[i] - (i == 0 && is(k, "short_buffer0") ? 1 : 0);
    mem.buffers[i] = add_block(r, n, i == 0 && is(k, "misaligned_buffer0") ? 8 : 0)->at;
    mem.buffer_sizes[i] = n;
  }
  if (plan.scratch_bytes) {
    mem.scratch = add_block(r, plan.scratch_bytes, 0)->at;
    mem.scratch_size = plan.scratch_bytes;
  }
  pt_method m;
  s = pt_method_init(&m, &p, "forward", &pt_all_kernels, &mem, d);
  if (is(k, "init") || strncmp(k->stage, "short_", 6) == 0 || strncmp(k->stage, "misaligned_", 11) == 0 ||
      is(k, "few_buffers") || s != PT_OK)
    return s;

  for (uint32_t i = 0; i < plan.ninputs; i++) {
    const pt_tensor *t = pt_method_input(&m, i)->u.t;
    guarded *x = add_block(r, pt_tensor_nbytes(t) + 1, 0);
    for (uint32_t j = 0; j + 4 <= pt_tensor_nbytes(t); j += 4) {
      float v = 0.5f;
      memcpy(x->at + j, &v, 4);
    }
    if (i == 0 && is(k, "input_size")) return pt_method_set_input(&m, i, x->at, pt_tensor_nbytes(t) + 1, d);
    s = pt_method_set_input(&m, i, x->at, pt_tensor_nbytes(t), d);
    if (s != PT_OK) return s;
  }
  if (is(k, "input_index")) {
    float v = 0;
    return pt_method_set_input(&m, plan.ninputs, &v, sizeof v, d);
  }
  return pt_method_execute(&m, d);
}

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: test_malformed CORPUS_DIR\n"); return 2; }
  char path[1024];
  snprintf(path, sizeof path, "%s/manifest.txt", argv[1]);
  FILE *man = fopen(path, "r");
  if (!man) { fprintf(stderr, "cannot open %s\n", path); return 2; }
  char line[512];
  int ncases = 0;
  while (fgets(line, sizeof line, man)) {
    kase k;
    memset(&k, 0, sizeof k);
    int used = 0;
    if (sscanf(line, "%95s %111s %31s %39s %n", k.name, k.file, k.stage, k.status, &used) < 4) continue;
    snprintf(k.mention, sizeof k.mention, "%s", line + used);
    k.mention[strcspn(k.mention, "\n")] = '\0';
    int want = status_from_name(k.status);
    if (want < 0) { fprintf(stderr, "%s: unknown status %s in the manifest\n", k.name, k.status); failures++; continue; }
    snprintf(path, sizeof path, "%s/%s", argv[1], k.file);
    size_t size;
    uint8_t *bytes = read_all(path, &size);
    run r = { .nblocks = 0 };
    pt_diag d;
    memset(&d, 0, sizeof d);
    pt_status s = run_case(&k, bytes, size, &r, &d);
    int ok = (int)s == want;
    if (ok && s != PT_OK)
      ok = d.status == s && d.text[0] != '\0' && memchr(d.text, '\0', sizeof d.text) && strstr(d.text, k.mention);
    for (int i = 0; i < r.nblocks; i++)
      if (!guard_intact(&r.blocks[i])) {
        fprintf(stderr, "%s: bytes outside caller buffer %d were written\n", k.name, i);
        ok = 0;
      }
    if (!ok) {
      failures++;
      fprintf(stderr, "FAIL %s (%s): got %s, want %s naming \"%s\": \"%s\"\n", k.name, k.stage,
              pt_status_name(s), k.status, k.mention, s == PT_OK ? "" : d.text);
    } else {
      printf("%-34s %-20s %-24s %s\n", k.name, k.stage, k.status, s == PT_OK ? "" : d.text);
    }
    for (int i = 0; i < r.nblocks; i++) free(r.blocks[i].base);
    free(bytes);
    ncases++;
  }
  fclose(man);
  if (ncases < 40) { fprintf(stderr, "only %d cases in the manifest (at least 40 expected)\n", ncases); failures++; }
  printf("%d cases, %d failures\n", ncases, failures);
  return failures ? 1 : 0;
}
