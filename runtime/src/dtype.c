/* Element sizes and names of ExecuTorch scalar types. */
#include "petite_kernel.h"

size_t pt_dtype_size(int dtype) {
  switch (dtype) {
    case PT_U8: case PT_I8: case PT_BOOL: case PT_QI8: case PT_QU8: return 1;
    case PT_I16: case PT_F16: case PT_BF16: case PT_BITS16: case PT_U16: return 2;
    case PT_I32: case PT_F32: case PT_QI32: case PT_U32: return 4;
    case PT_I64: case PT_F64: case PT_U64: return 8;
    default: return 0;
  }
}

/* The known dtypes, and their names in the same order in one string (no table of pointers). */
static const unsigned char codes[] = { PT_U8, PT_I8, PT_I16, PT_I32, PT_I64, PT_F16, PT_F32, PT_F64, PT_BOOL, PT_QI8,
                                       PT_QU8, PT_QI32, PT_BF16, PT_BITS16, PT_U16, PT_U32, PT_U64 };
static const char names[] =
  "uint8\0int8\0int16\0int32\0int64\0float16\0float32\0float64\0bool\0qint8\0quint8\0qint32\0bfloat16\0"
  "bits16\0uint16\0uint32\0uint64\0unknown";

const char *pt_dtype_name(int dtype) {
  const char *n = names;
  for (unsigned k = 0; k < sizeof codes && codes[k] != dtype; k++)
    while (*n++) {}
  return n;
}
