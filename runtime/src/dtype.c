/* Element sizes and names of ExecuTorch scalar types. */
#include "petite.h"

size_t pt_dtype_size(int dtype) {
  switch (dtype) {
    case PT_U8: case PT_I8: case PT_BOOL: case PT_QI8: case PT_QU8: return 1;
    case PT_I16: case PT_F16: case PT_BF16: case PT_BITS16: case PT_U16: return 2;
    case PT_I32: case PT_F32: case PT_QI32: case PT_U32: return 4;
    case PT_I64: case PT_F64: case PT_U64: return 8;
    default: return 0;
  }
}

const char *pt_dtype_name(int dtype) {
  switch (dtype) {
    case PT_U8: return "uint8";
    case PT_I8: return "int8";
    case PT_I16: return "int16";
    case PT_I32: return "int32";
    case PT_I64: return "int64";
    case PT_F16: return "float16";
    case PT_F32: return "float32";
    case PT_F64: return "float64";
    case PT_BOOL: return "bool";
    case PT_QI8: return "qint8";
    case PT_QU8: return "quint8";
    case PT_QI32: return "qint32";
    case PT_BF16: return "bfloat16";
    case PT_BITS16: return "bits16";
    case PT_U16: return "uint16";
    case PT_U32: return "uint32";
    case PT_U64: return "uint64";
    default: return "unknown";
  }
}
