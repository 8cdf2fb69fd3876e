/* .ptv reference vectors: see docs/ptv-format.md for the layout. */
#include "ptv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAIL(...) (snprintf(err, errlen, __VA_ARGS__), -1)

size_t ptv_dtype_size(uint32_t dtype) {
  switch (dtype) {
    case 0: case 1: case 11: case 12: case 13: return 1;  /* u8 i8 bool qi8 qu8 */
    case 2: case 5: case 15: case 22: case 27: return 2;  /* i16 f16 bf16 bits16 u16 */
    case 3: case 6: case 14: case 28: return 4;           /* i32 f32 qi32 u32 */
    case 4: case 7: case 29: return 8;                    /* i64 f64 u64 */
    default: return 0;
  }
}

static uint32_t rd32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}

/* Reads a u32 at *at, advancing; fails if the header ends first. */
static int take32(const ptv_file *f, size_t *at, size_t end, uint32_t *out) {
  if (*at > end || end - *at < 4) return 0;
  (void)f;
  *out = rd32(f->bytes + *at);
  *at += 4;
  return 1;
}

static char *copy_str(const uint8_t *p, size_t n) {
  char *s = malloc(n + 1);
  if (s) {
    memcpy(s, p, n);
    s[n] = 0;
  }
  return s;
}

int ptv_parse(ptv_file *f, uint8_t *bytes, size_t size, char *err, size_t errlen) {
  memset(f, 0, sizeof *f);
  f->bytes = bytes;
  f->size = size;
  if (size < 24) return FAIL("not a .ptv file: %zu bytes, shorter than the 24-byte header", size);
  if (memcmp(bytes, "PTV1", 4) != 0) return FAIL("not a .ptv file: magic is not \"PTV1\"");
  uint32_t header = rd32(bytes + 4);
  f->ncases = rd32(bytes + 8);
  f->ninputs = rd32(bytes + 12);
  f->noutputs = rd32(bytes + 16);
  if (header % 16 != 0 || header > size)
    return FAIL("bad .ptv: header_bytes %u is not a multiple of 16 within the %zu-byte file",
                header, size);
  if ((uint64_t)f->ninputs + f->noutputs > PTV_MAX_TENSORS)
    return FAIL("bad .ptv: %u inputs + %u outputs exceeds %d tensors", f->ninputs, f->noutputs,
                PTV_MAX_TENSORS);
  size_t at = 20;
  uint32_t len = 0;
  if (!take32(f, &at, header, &len) || len > header - at)
    return FAIL("bad .ptv: model name runs past header_bytes");
  f->name = copy_str(bytes + at, len);
  at += len;
  if (!take32(f, &at, header, &len) || len > header - at)
    return FAIL("bad .ptv: source name runs past header_bytes");
  f->source = copy_str(bytes + at, len);
  at += len;
  if (!f->name || !f->source) return FAIL("out of memory");
  uint64_t case_bytes = 0;
  for (uint32_t k = 0; k < f->ninputs + f->noutputs; k++) {
    ptv_spec *s = &f->specs[k];
    const char *what = k < f->ninputs ? "input" : "output";
    uint32_t idx = k < f->ninputs ? k : k - f->ninputs;
    if (!take32(f, &at, header, &s->dtype) || !take32(f, &at, header, &s->rank))
      return FAIL("bad .ptv: %s %u's spec runs past header_bytes", what, idx);
    size_t esize = ptv_dtype_size(s->dtype);
    if (esize == 0) return FAIL("bad .ptv: %s %u has unknown dtype %u", what, idx, s->dtype);
    if (s->rank > PTV_MAX_RANK)
      return FAIL("bad .ptv: %s %u has rank %u (max %d)", what, idx, s->rank, PTV_MAX_RANK);
    uint64_t numel = 1;
    for (uint32_t d = 0; d < s->rank; d++) {
      if (!take32(f, &at, header, &s->sizes[d]))
        return FAIL("bad .ptv: %s %u's sizes run past header_bytes", what, idx);
      numel *= s->sizes[d];
      if (numel > ((uint64_t)1 << 40)) return FAIL("bad .ptv: %s %u is too large", what, idx);
    }
    s->numel = (size_t)numel;
    s->nbytes = (size_t)numel * esize;
    case_bytes += s->nbytes;
  }
  f->case_bytes = (size_t)case_bytes;
  f->data = header;
  uint64_t need = case_bytes * f->ncases;
  if (case_bytes != 0 && need / case_bytes != f->ncases) return FAIL("bad .ptv: size overflows");
  if (need != size - header)
    return FAIL("bad .ptv: %u cases of %llu bytes need %llu data bytes, the file has %zu",
                f->ncases, (unsigned long long)case_bytes, (unsigned long long)need,
                size - header);
  return 0;
}

int ptv_read(ptv_file *f, const char *path, char *err, size_t errlen) {
  memset(f, 0, sizeof *f);
  FILE *fp = fopen(path, "rb");
  if (!fp) return FAIL("cannot open %s", path);
  long n = -1;
  if (fseek(fp, 0, SEEK_END) == 0) n = ftell(fp);
  if (n < 0 || fseek(fp, 0, SEEK_SET) != 0) {
    fclose(fp);
    return FAIL("cannot read %s", path);
  }
  uint8_t *bytes = malloc((size_t)n + 1);
  if (!bytes || fread(bytes, 1, (size_t)n, fp) != (size_t)n) {
    free(bytes);
    fclose(fp);
    return FAIL("cannot read %s", path);
  }
  fclose(fp);
  char inner[256];
  if (ptv_parse(f, bytes, (size_t)n, inner, sizeof inner) != 0) {
    ptv_free(f);
    return FAIL("%s: %s", path, inner);
  }
  return 0;
}

void ptv_free(ptv_file *f) {
  free(f->bytes);
  free(f->name);
  free(f->source);
  memset(f, 0, sizeof *f);
}

const uint8_t *ptv_tensor(const ptv_file *f, uint32_t c, uint32_t k) {
  size_t at = f->data + (size_t)c * f->case_bytes;
  for (uint32_t i = 0; i < k; i++) at += f->specs[i].nbytes;
  return f->bytes + at;
}

static int put32(FILE *fp, uint32_t v) { return fwrite(&v, 4, 1, fp) == 1; }

int ptv_write(const char *path, const char *name, const char *source, uint32_t ncases,
              uint32_t ninputs, uint32_t noutputs, const ptv_spec *specs, const uint8_t *data,
              char *err, size_t errlen) {
  size_t header = 24 + strlen(name) + 4 + strlen(source);
  size_t case_bytes = 0;
  for (uint32_t k = 0; k < ninputs + noutputs; k++) {
    header += 8 + 4 * (size_t)specs[k].rank;
    case_bytes += specs[k].nbytes;
  }
  header = (header + 15) / 16 * 16;
  FILE *fp = fopen(path, "wb");
  if (!fp) return FAIL("cannot write %s", path);
  int ok = fwrite("PTV1", 4, 1, fp) == 1 && put32(fp, (uint32_t)header) && put32(fp, ncases) &&
           put32(fp, ninputs) && put32(fp, noutputs) && put32(fp, (uint32_t)strlen(name)) &&
           fwrite(name, 1, strlen(name), fp) == strlen(name) &&
           put32(fp, (uint32_t)strlen(source)) &&
           fwrite(source, 1, strlen(source), fp) == strlen(source);
  for (uint32_t k = 0; ok && k < ninputs + noutputs; k++) {
    ok = put32(fp, specs[k].dtype) && put32(fp, specs[k].rank);
    for (uint32_t d = 0; ok && d < specs[k].rank; d++) ok = put32(fp, specs[k].sizes[d]);
  }
  while (ok && ftell(fp) >= 0 && (size_t)ftell(fp) < header) ok = fputc(0, fp) != EOF;
  if (ok && case_bytes != 0 && ncases != 0) ok = fwrite(data, case_bytes, ncases, fp) == ncases;
  if (fclose(fp) != 0) ok = 0;
  return ok ? 0 : FAIL("error writing %s", path);
}
