/* Reader and writer of reference-vector files (docs/ptv-format.md). Host only.
 * A bad file is an error with a message naming the field, never an out-of-bounds read. */
#ifndef PETITE_TOOLS_PTV_H
#define PETITE_TOOLS_PTV_H

#include <stddef.h>
#include <stdint.h>

#define PTV_MAX_RANK 16
#define PTV_MAX_TENSORS 64

typedef struct ptv_spec {
  uint32_t dtype;               /* ExecuTorch ScalarType number */
  uint32_t rank;
  uint32_t sizes[PTV_MAX_RANK];
  size_t numel, nbytes;
} ptv_spec;

typedef struct ptv_file {
  char *name, *source;          /* NUL-terminated copies */
  uint32_t ncases, ninputs, noutputs;
  ptv_spec specs[PTV_MAX_TENSORS]; /* inputs, then outputs */
  size_t case_bytes;
  uint8_t *bytes;               /* the whole file */
  size_t size;
  size_t data;                  /* offset of case 0 (header_bytes) */
} ptv_file;

/* Element size of a dtype the .ptv format allows, 0 otherwise. */
size_t ptv_dtype_size(uint32_t dtype);

/* Parses bytes the caller allocated with malloc; the file owns them from then on, success
 * or not: ptv_free releases them. */
int ptv_parse(ptv_file *f, uint8_t *bytes, size_t size, char *err, size_t errlen);
int ptv_read(ptv_file *f, const char *path, char *err, size_t errlen);
void ptv_free(ptv_file *f);
/* Tensor k (inputs first, then outputs) of case c. */
const uint8_t *ptv_tensor(const ptv_file *f, uint32_t c, uint32_t k);

/* Writes a .ptv: `data` holds ncases cases, each input then output tensor, back to back. */
int ptv_write(const char *path, const char *name, const char *source, uint32_t ncases,
              uint32_t ninputs, uint32_t noutputs, const ptv_spec *specs, const uint8_t *data,
              char *err, size_t errlen);

#endif
