/* Same inputs, same outputs, bit for bit: every exported model petite has all kernels for is
 * initialised three times, in caller memory prefilled with a different pattern (0x00, 0xFF,
 * 0x5A) at a different address each time, and runs its .ptv cases twice in each. A kernel that
 * reads memory it did not write (uninitialised scratch, an output it accumulates into) or that
 * depends on where its buffers are gives different bytes, and fails here.
 *
 * Usage: test_determinism MODELS_DIR [MIN_MODELS [MAX_CASES]] */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "petite.h"
#include "petite_host.h"
#include "ptv.h"

static uint32_t max_cases = 8; /* .ptv cases run per model */
#define NPATTERNS 3

static int failures;

static uint8_t *read_aligned(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  void *p = NULL;
  if (n < 0 || posix_memalign(&p, 16, n ? (size_t)n : 1) != 0 || fread(p, 1, (size_t)n, f) != (size_t)n) exit(2);
  fclose(f);
  *size = (size_t)n;
  return p;
}

/* Caller memory for one init: every block prefilled with `fill`, placed `skew` bytes (a
 * multiple of 16) into a larger allocation so that addresses differ between runs. */
typedef struct arena {
  void *blocks[PT_MAX_BUFFERS + 2];
  int n;
} arena;

static void *block(arena *a, size_t size, size_t skew, uint8_t fill) {
  void *p = NULL;
  if (posix_memalign(&p, 16, size + skew + 16) != 0) exit(2);
  memset(p, fill, size + skew + 16);
  a->blocks[a->n++] = p;
  return (uint8_t *)p + skew;
}

/* Runs up to max_cases cases twice; appends every output byte to out. Returns bytes written,
 * or 0 on a failure (reported). */
static size_t run_model(const char *name, const pt_program *p, const pt_method_plan *plan, const ptv_file *v,
                        uint8_t fill, size_t skew, uint8_t *out, size_t cap) {
  arena a = { .n = 0 };
  pt_memory mem;
  memset(&mem, 0, sizeof mem);
  mem.metadata = block(&a, plan->metadata_bytes, skew, fill);
  mem.metadata_size = plan->metadata_bytes;
  mem.nbuffers = plan->nbuffers;
  for (uint32_t i = 0; i < plan->nbuffers; i++) {
    mem.buffers[i] = block(&a, plan->buffer_bytes[i], skew, fill);
    mem.buffer_sizes[i] = plan->buffer_bytes[i];
  }
  mem.scratch = block(&a, plan->scratch_bytes, skew, fill);
  mem.scratch_size = plan->scratch_bytes;
  pt_method m;
  pt_diag d;
  size_t used = 0;
  void *inputs[PTV_MAX_TENSORS] = { 0 };
  if (pt_method_init(&m, p, "forward", &pt_all_kernels, &mem, &d) != PT_OK) {
    fprintf(stderr, "%s: init: %s\n", name, d.text);
    goto fail;
  }
  uint32_t ncases = v->ncases < max_cases ? v->ncases : max_cases;
  for (uint32_t c = 0; c < ncases; c++) {
    for (int rep = 0; rep < 2; rep++) {
      for (uint32_t i = 0; i < v->ninputs && i < m.ninputs; i++) {
        const pt_tensor *t = pt_method_input(&m, i)->u.t;
        const uint8_t *x = ptv_tensor(v, c, i);
        pt_status s;
        if (t->data && !inputs[i]) {
          s = pt_method_set_input(&m, i, x, v->specs[i].nbytes, &d);
        } else {
          if (!inputs[i]) inputs[i] = block(&a, v->specs[i].nbytes, 0, fill);
          memcpy(inputs[i], x, v->specs[i].nbytes);
          s = pt_method_bind_input(&m, i, inputs[i], v->specs[i].nbytes, &d);
        }
        if (s != PT_OK && v->specs[i].nbytes != pt_tensor_nbytes(t)) {
          /* a dynamic-shape model whose cases are smaller than its planned upper bound */
          printf("%-24s not runnable as exported: %s\n", name, d.text);
          for (int k = 0; k < a.n; k++) free(a.blocks[k]);
          return SIZE_MAX;
        }
        if (s != PT_OK) {
          fprintf(stderr, "%s: case %u input %u: %s\n", name, (unsigned)c, (unsigned)i, d.text);
          goto fail;
        }
      }
      if (pt_method_execute(&m, &d) != PT_OK) {
        fprintf(stderr, "%s: case %u: %s\n", name, (unsigned)c, d.text);
        goto fail;
      }
      for (uint32_t o = 0; o < m.noutputs; o++) {
        const pt_value *y = pt_method_output(&m, o);
        if (y->tag != PT_TAG_TENSOR) continue;
        if (used + pt_tensor_nbytes(y->u.t) > cap) { fprintf(stderr, "%s: outputs too large\n", name); goto fail; }
        memcpy(out + used, y->u.t->data, pt_tensor_nbytes(y->u.t));
        used += pt_tensor_nbytes(y->u.t);
      }
    }
  }
  for (int i = 0; i < a.n; i++) free(a.blocks[i]);
  return used;
fail:
  failures++;
  for (int i = 0; i < a.n; i++) free(a.blocks[i]);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: test_determinism MODELS_DIR [MIN_MODELS]\n"); return 2; }
  int min_models = argc > 2 ? atoi(argv[2]) : 4;
  if (argc > 3 && atoi(argv[3]) > 0) max_cases = (uint32_t)atoi(argv[3]);
  DIR *dir = opendir(argv[1]);
  if (!dir) { fprintf(stderr, "cannot open %s: run `make models`\n", argv[1]); return 2; }
  struct dirent *e;
  int checked = 0, unrunnable = 0;
  const size_t cap = 1u << 22;
  uint8_t *first = malloc(cap), *again = malloc(cap);
  if (!first || !again) return 2;
  while ((e = readdir(dir))) {
    size_t len = strlen(e->d_name);
    if (len < 5 || strcmp(e->d_name + len - 4, ".pte") != 0) continue;
    char path[1024], ptvpath[1024], err[256];
    snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
    snprintf(ptvpath, sizeof ptvpath, "%s/%.*s.ptv", argv[1], (int)(len - 4), e->d_name);
    size_t size;
    uint8_t *bytes = read_aligned(path, &size);
    ptv_file v;
    if (!bytes || ptv_read(&v, ptvpath, err, sizeof err) != 0) {
      free(bytes);
      continue; /* a model without reference vectors: nothing to feed it */
    }
    pt_program p;
    pt_method_plan plan;
    pt_diag d;
    if (pt_program_load(&p, bytes, size, &d) != PT_OK) {
      fprintf(stderr, "%s: load: %s\n", e->d_name, d.text);
      failures++;
    } else if (pt_method_needs_host(&p, "forward", &pt_all_kernels, &plan, &d) != PT_OK) {
      if (d.status != PT_ERR_MISSING_OPERATOR && d.status != PT_ERR_BAD_ARGUMENTS) {
        fprintf(stderr, "%s: needs: %s\n", e->d_name, d.text);
        failures++;
      }
      printf("%-24s not runnable with pt_all_kernels: %s\n", e->d_name, d.text);
      unrunnable++;
    } else {
      static const uint8_t fills[NPATTERNS] = { 0x00, 0xFF, 0x5A };
      size_t n0 = run_model(e->d_name, &p, &plan, &v, fills[0], 0, first, cap);
      int same = n0 > 0 && n0 != SIZE_MAX;
      if (n0 == SIZE_MAX) unrunnable++;
      for (int k = 1; k < NPATTERNS && same; k++) {
        size_t n = run_model(e->d_name, &p, &plan, &v, fills[k], 16u * (size_t)k, again, cap);
        if (n != n0 || memcmp(first, again, n0) != 0) {
          size_t at = 0;
          while (at < n0 && at < n && first[at] == again[at]) at++;
          fprintf(stderr, "%s: outputs differ with memory prefilled 0x%02x (first at output byte %zu)\n",
                  e->d_name, fills[k], at);
          failures++;
          same = 0;
        }
      }
      /* the two runs of each case inside one method must agree too */
      if (same) {
        size_t per = n0 / 2 / (v.ncases < max_cases ? v.ncases : max_cases);
        for (size_t off = 0; off + 2 * per <= n0; off += 2 * per)
          if (memcmp(first + off, first + off + per, per) != 0) {
            fprintf(stderr, "%s: a case run twice in the same method gave different outputs\n", e->d_name);
            failures++;
            same = 0;
            break;
          }
      }
      if (same) {
        printf("%-24s %zu output bytes identical across %d inits x 2 runs\n", e->d_name, n0 / 2, NPATTERNS);
        checked++;
      }
    }
    ptv_free(&v);
    free(bytes);
  }
  closedir(dir);
  free(first);
  free(again);
  printf("%d models checked, %d not runnable (missing kernels or dynamic shapes)\n", checked, unrunnable);
  if (checked < min_models) {
    fprintf(stderr, "only %d models checked (at least %d expected)\n", checked, min_models);
    failures++;
  }
  return failures ? 1 : 0;
}
