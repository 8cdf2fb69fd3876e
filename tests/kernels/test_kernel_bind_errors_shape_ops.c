/* Bind rejections of the shape, element-wise, reduction and prim kernels: each bad call
 * fails with PT_ERR_BAD_ARGUMENTS and a message naming the op and the problem. */
#include <stdio.h>
#include <string.h>

#include "petite_kernel.h"

static int failures;
static pt_value v[24];
static pt_tensor t[8];
static int64_t items[4];
static int32_t tlist[2];

static const int32_t s23[] = {2, 3}, s32[] = {3, 2}, s3[] = {3}, s2[] = {2}, s4[] = {4};
static const uint8_t o2[] = {0, 1}, o1[] = {0};

static void tensor(int i, int dtype, int rank, const int32_t *sizes, const uint8_t *order) {
  memset(&t[i], 0, sizeof t[i]);
  t[i].sizes = sizes;
  t[i].dim_order = order;
  t[i].rank = (uint8_t)rank;
  t[i].dtype = (uint8_t)dtype;
  t[i].numel = 1;
  t[i].is_contiguous = 1;
  for (int d = 0; d < rank; d++) t[i].numel *= (uint32_t)sizes[d];
  v[i].tag = PT_TAG_TENSOR;
  v[i].u.t = &t[i];
}

static void expect_fail(const char *what, const char *op, const int32_t *args, uint32_t nargs,
                        const char *needle) {
  const pt_kernel *k = pt_kernel_find(&pt_all_kernels, op, strlen(op));
  pt_diag d = {PT_OK, ""};
  pt_bind b;
  memset(&b, 0, sizeof b);
  b.values = v;
  b.nvalues = 24;
  b.args = args;
  b.nargs = nargs;
  b.op_name = op;
  b.diag = &d;
  if (!k) {
    printf("FAIL %s: no kernel %s\n", what, op);
    failures++;
    return;
  }
  b.run = k->run;
  pt_status s = k->bind(&b);
  if (s != PT_ERR_BAD_ARGUMENTS || !strstr(d.text, needle) || !strstr(d.text, op)) {
    printf("FAIL %s: status %d, message \"%s\" (wanted \"%s\")\n", what, (int)s, d.text, needle);
    failures++;
  }
}

int main(void) {
  /* scalars: 8 = Int 5, 9 = Int 0, 10 = Double 0.5, 11 = Bool false, 12 = None,
   * 13 = int list (items), 14 = tensor list, 15 = Int -1 */
  v[8].tag = PT_TAG_INT; v[8].u.i = 5;
  v[9].tag = PT_TAG_INT; v[9].u.i = 0;
  v[10].tag = PT_TAG_DOUBLE; v[10].u.d = 0.5;
  v[11].tag = PT_TAG_BOOL; v[11].u.b = false;
  v[12].tag = PT_TAG_NONE;
  v[13].tag = PT_TAG_INT_LIST; v[13].u.list.items = items;
  v[14].tag = PT_TAG_TENSOR_LIST; v[14].u.list.items = tlist;
  v[15].tag = PT_TAG_INT; v[15].u.i = -1;

  tensor(0, PT_F32, 2, s23, o2);
  tensor(1, PT_F32, 1, s4, o1);
  tensor(2, PT_F32, 2, s23, o2);
  const int32_t bin[] = {0, 1, 2, 2};
  expect_fail("div shapes", "aten::div.out", bin, 4, "do not broadcast");
  tensor(2, PT_I32, 2, s23, o2);
  tensor(1, PT_F32, 1, s3, o1);
  expect_fail("div int out", "aten::div.out", bin, 4, "floating-point");
  expect_fail("maximum f32 into int", "aten::maximum.out", bin, 4, "cannot be stored");
  expect_fail("bitwise_and float", "aten::bitwise_and.Tensor_out", bin, 4, "integer or bool");
  tensor(2, PT_BOOL, 2, s32, o2);
  expect_fail("gt out shape", "aten::gt.Tensor_out", bin, 4, "out has shape");
  const int32_t where[] = {0, 0, 1, 2, 2};
  tensor(2, PT_F32, 2, s23, o2);
  expect_fail("where float condition", "aten::where.self_out", where, 5, "condition");

  /* slice: zero step; select: index out of range */
  items[0] = 9;
  const int32_t slice[] = {0, 9, 9, 8, 9, 2, 2};
  expect_fail("slice step 0", "aten::slice_copy.Tensor_out", slice, 7, "step");
  const int32_t sel[] = {0, 9, 8, 2, 2};
  expect_fail("select index", "aten::select_copy.int_out", sel, 5, "out of range");

  /* cat: mismatched sizes outside dim */
  tensor(3, PT_F32, 2, s32, o2);
  tlist[0] = 0; tlist[1] = 3;
  v[14].u.list.len = 2;
  const int32_t cat[] = {14, 9, 2, 2};
  expect_fail("cat sizes", "aten::cat.out", cat, 4, "size 2 in dim 1");

  /* split: sizes do not sum to the dim */
  items[0] = 8;
  v[13].u.list.len = 1;
  tlist[0] = 2; v[14].u.list.len = 1;
  const int32_t split[] = {0, 13, 9, 14, 14};
  expect_fail("split sum", "aten::split_with_sizes_copy.out", split, 5, "split size");

  /* constant_pad_nd: odd pad list */
  v[13].u.list.len = 1;
  items[0] = 8;
  const int32_t pad[] = {0, 13, 10, 2, 2};
  expect_fail("pad odd", "aten::constant_pad_nd.out", pad, 5, "pairs");

  /* full: a float value into an int tensor */
  tensor(4, PT_I32, 1, s2, o1);
  items[0] = 9; items[0] = 8; v[13].u.list.len = 0;
  tensor(4, PT_I32, 0, s2, o1);
  const int32_t full[] = {13, 10, 4, 4};
  expect_fail("full float into int", "aten::full.out", full, 4, "floating-point value");

  /* argmax: out must be int64; var: float32 only */
  const int32_t argmax[] = {0, 9, 11, 2, 2};
  expect_fail("argmax out dtype", "aten::argmax.out", argmax, 5, "int64");
  tensor(5, PT_I32, 2, s23, o2);
  const int32_t var[] = {5, 12, 12, 11, 2, 2};
  expect_fail("var int", "aten::var.correction_out", var, 6, "float32");

  /* prim: a tensor where a Scalar belongs; sym_size of a 0-d tensor */
  const int32_t prim[] = {0, 8, 9};
  expect_fail("prim add tensor operand", "executorch_prim::add.Scalar", prim, 3, "Scalar");
  tensor(6, PT_F32, 0, s2, o1);
  const int32_t symsz[] = {6, 9, 9};
  expect_fail("sym_size 0-d", "aten::sym_size.int", symsz, 3, "no dims");
  const int32_t mod[] = {10, 8, 9};
  expect_fail("prim mod double", "executorch_prim::mod.Scalar", mod, 3, "Int");

  printf("%d bind-rejection checks failed\n", failures);
  return failures != 0;
}
