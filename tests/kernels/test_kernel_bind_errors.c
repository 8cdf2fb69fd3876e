/* Bind rejections: each bad call must fail with PT_ERR_BAD_ARGUMENTS and a message that
 * names the problem. */
#include <stdio.h>
#include <string.h>

#include "petite_kernel.h"

static int failures;

static const pt_kernel *find_kernel(const char *name) {
  for (uint32_t i = 0; i < pt_all_kernels.count; i++)
    if (strcmp(pt_all_kernels.kernels[i]->name, name) == 0) return pt_all_kernels.kernels[i];
  return NULL;
}

/* Values: 0..7 tensors set up per test, 8.. scalars and lists. */
static pt_value v[16];
static pt_tensor t[8];
static int64_t list_items[4];

static void tensor(int i, int dtype, int rank, const int32_t *sizes, const uint8_t *order) {
  t[i].sizes = sizes;
  t[i].dim_order = order;
  t[i].rank = (uint8_t)rank;
  t[i].dtype = (uint8_t)dtype;
  t[i].numel = 1;
  t[i].is_contiguous = 1;
  for (int d = 0; d < rank; d++) {
    t[i].numel *= (uint32_t)sizes[d];
    if (order[d] != d) t[i].is_contiguous = 0;
  }
  t[i].data = NULL;
  v[i].tag = PT_TAG_TENSOR;
  v[i].u.t = &t[i];
}

/* Binds `op` on `args`; returns the status, with the message in *d. */
static pt_status bind(const char *what, const char *op, const int32_t *args, uint32_t nargs,
                      pt_diag *d) {
  const pt_kernel *k = find_kernel(op);
  pt_bind b;
  memset(&b, 0, sizeof b);
  b.values = v;
  b.nvalues = 16;
  b.args = args;
  b.nargs = nargs;
  b.op_name = op;
  b.diag = d;
  if (!k) {
    printf("FAIL %s: no kernel %s\n", what, op);
    return PT_STATUS_COUNT;
  }
  b.run = k->run;
  return k->bind(&b);
}

static void expect_fail(const char *what, const char *op, const int32_t *args, uint32_t nargs,
                        const char *needle) {
  pt_diag d = {PT_OK, ""};
  pt_status s = bind(what, op, args, nargs, &d);
  if (s != PT_ERR_BAD_ARGUMENTS || d.status != PT_ERR_BAD_ARGUMENTS || !strstr(d.text, needle) ||
      !strstr(d.text, op)) {
    printf("FAIL %s: status %d, message \"%s\" (wanted \"%s\")\n", what, (int)s, d.text, needle);
    failures++;
  }
}

static void expect_ok(const char *what, const char *op, const int32_t *args, uint32_t nargs) {
  pt_diag d = {PT_OK, ""};
  pt_status s = bind(what, op, args, nargs, &d);
  if (s != PT_OK) {
    printf("FAIL %s: status %d, message \"%s\" (wanted PT_OK)\n", what, (int)s, d.text);
    failures++;
  }
}

static const int32_t s4x16[] = {4, 16}, s4x1[] = {4, 1}, s1x16[] = {1, 16}, s16[] = {16},
                     s4x15[] = {4, 15}, s3[] = {3}, s2x3[] = {2, 3}, s1x2x2x3[] = {1, 2, 2, 3},
                     s4[] = {4};
static const uint8_t o2[] = {0, 1}, o1[] = {0}, o4[] = {0, 1, 2, 3}, o4cl[] = {0, 2, 3, 1},
                     o2t[] = {1, 0};

int main(void) {
  v[8].tag = PT_TAG_INT; v[8].u.i = 1;
  v[9].tag = PT_TAG_DOUBLE; v[9].u.d = 0.5;
  v[10].tag = PT_TAG_INT; v[10].u.i = 0;
  v[11].tag = PT_TAG_INT_LIST; v[11].u.list.items = list_items; v[11].u.list.len = 2;
  list_items[0] = 10; list_items[1] = 10; /* [0, 0]: a repeated dim */
  v[12].tag = PT_TAG_BOOL; v[12].u.b = false;

  /* addmm: bias [16], x [4,1], w [1,16], out [4,16] */
  tensor(0, PT_F32, 1, s16, o1);
  tensor(1, PT_F32, 2, s4x1, o2);
  tensor(2, PT_F32, 2, s1x16, o2);
  tensor(3, PT_F32, 2, s4x16, o2);
  const int32_t ok[] = {0, 1, 2, 8, 8, 3, 3};
  expect_fail("addmm too few args", "aten::addmm.out", ok, 6, "expected 7 arguments");
  const int32_t notensor[] = {8, 1, 2, 8, 8, 3, 3};
  expect_fail("addmm self is an Int", "aten::addmm.out", notensor, 7, "must be a Tensor");
  const int32_t noscalar[] = {0, 1, 2, 11, 8, 3, 3};
  expect_fail("addmm beta is a list", "aten::addmm.out", noscalar, 7, "beta");
  const int32_t retdiff[] = {0, 1, 2, 8, 8, 3, 1};
  expect_fail("addmm return is not out", "aten::addmm.out", retdiff, 7, "returned tensor");
  tensor(4, PT_F32, 2, s4x15, o2);
  const int32_t badout[] = {0, 1, 2, 8, 8, 4, 4};
  expect_fail("addmm wrong out shape", "aten::addmm.out", badout, 7, "out has shape [4, 15], expected [4, 16]");
  tensor(4, PT_I32, 2, s4x16, o2);
  expect_fail("addmm int32 out", "aten::addmm.out", badout, 7, "out must be float32");
  const int32_t inner[] = {0, 1, 1, 8, 8, 3, 3};
  expect_fail("addmm inner sizes", "aten::addmm.out", inner, 7, "inner sizes differ");
  tensor(4, PT_F32, 1, s3, o1);
  const int32_t badbias[] = {4, 1, 2, 8, 8, 3, 3};
  expect_fail("addmm bias does not broadcast", "aten::addmm.out", badbias, 7, "does not broadcast");
  tensor(4, PT_F32, 2, s4x16, o2t);
  const int32_t tout[] = {0, 1, 2, 8, 8, 4, 4};
  expect_fail("addmm non-contiguous out", "aten::addmm.out", tout, 7, "dim_order");

  /* mm */
  const int32_t mm3[] = {1, 2, 3};
  expect_fail("mm too few args", "aten::mm.out", mm3, 3, "expected 4 arguments");
  const int32_t mmvec[] = {0, 2, 3, 3};
  expect_fail("mm 1-D self", "aten::mm.out", mmvec, 4, "must be 2-D");

  /* add: [2,3] + [3] -> [2,3] fine; [3] + [4] does not broadcast */
  tensor(0, PT_F32, 1, s3, o1);
  tensor(1, PT_F32, 1, s4, o1);
  tensor(2, PT_F32, 2, s2x3, o2);
  const int32_t addbc[] = {0, 1, 8, 2, 2};
  expect_fail("add shapes do not broadcast", "aten::add.out", addbc, 5, "do not broadcast");
  const int32_t addn[] = {0, 1, 2, 2};
  expect_fail("add missing alpha", "aten::add.out", addn, 4, "expected 5 arguments");
  tensor(1, PT_F32, 1, s3, o1);
  tensor(3, PT_F32, 1, s3, o1);
  const int32_t addout[] = {0, 1, 8, 3, 3};
  tensor(3, PT_F32, 1, s4, o1);
  expect_fail("add wrong out shape", "aten::add.out", addout, 5, "out has shape [4], expected [3]");
  tensor(3, PT_I32, 1, s3, o1);
  expect_fail("add float into int out", "aten::add.out", addout, 5, "cannot be stored in out");
  tensor(0, PT_I32, 1, s3, o1);
  tensor(1, PT_I32, 1, s3, o1);
  const int32_t addalpha[] = {0, 1, 9, 3, 3};
  expect_fail("add float alpha with ints", "aten::add.out", addalpha, 5, "alpha");
  tensor(0, PT_BOOL, 1, s3, o1);
  tensor(1, PT_BOOL, 1, s3, o1);
  tensor(3, PT_BOOL, 1, s3, o1);
  const int32_t subb[] = {0, 1, 8, 3, 3};
  expect_fail("sub of bools", "aten::sub.out", subb, 5, "bool");
  tensor(0, PT_F32, 4, s1x2x2x3, o4cl);
  tensor(1, PT_F32, 4, s1x2x2x3, o4);
  tensor(3, PT_F32, 4, s1x2x2x3, o4);
  const int32_t mixed[] = {0, 1, 3, 3};
  expect_fail("mul mixed dim_order", "aten::mul.out", mixed, 4, "dim_order");
  tensor(0, PT_I32, 1, s3, o1);
  tensor(3, PT_I32, 1, s3, o1);
  const int32_t scal[] = {0, 9, 3, 3};
  expect_fail("mul.Scalar int tensor, float scalar, int out", "aten::mul.Scalar_out", scal, 4,
              "cannot be stored in out");

  /* relu */
  tensor(0, PT_F32, 1, s3, o1);
  tensor(1, PT_I32, 1, s3, o1);
  const int32_t relu[] = {0, 1, 1};
  expect_fail("relu dtype mismatch", "aten::relu.out", relu, 3, "int32");
  tensor(1, PT_BOOL, 1, s3, o1);
  tensor(0, PT_BOOL, 1, s3, o1);
  expect_fail("relu bool", "aten::relu.out", relu, 3, "real dtype");

  /* permute_copy: repeated dim, wrong out shape */
  tensor(0, PT_F32, 2, s2x3, o2);
  tensor(1, PT_F32, 2, s2x3, o2);
  const int32_t perm[] = {0, 11, 1, 1};
  expect_fail("permute repeated dim", "aten::permute_copy.out", perm, 4, "repeats");
  list_items[1] = 8; /* [0, 1] is the identity: out [2,3] fine; make out wrong */
  tensor(1, PT_F32, 1, s3, o1);
  expect_fail("permute wrong out", "aten::permute_copy.out", perm, 4, "out has shape");

  /* view_copy / et_view: element count */
  tensor(0, PT_F32, 2, s2x3, o2);
  tensor(1, PT_F32, 1, s4, o1);
  v[11].u.list.len = 1; /* size [1] */
  const int32_t view[] = {0, 11, 1, 1};
  expect_fail("view_copy element count", "aten::view_copy.out", view, 4, "elements");
  const int32_t etv[] = {0, 11, 1};
  expect_fail("et_view element count", "executorch_prim::et_view.default", etv, 3, "elements");
  expect_fail("et_view out-style args", "executorch_prim::et_view.default", view, 4, "expected 3 arguments");

  /* copies */
  tensor(1, PT_I32, 2, s2x3, o2);
  const int32_t clone[] = {0, 10, 1, 1};
  expect_fail("clone changes dtype", "aten::clone.out", clone, 4, "int32");
  tensor(1, PT_F32, 2, s2x3, o2);
  const int32_t clonefmt[] = {0, 8, 1, 1};
  v[8].u.i = 2; /* channels_last memory format */
  expect_fail("clone channels_last format", "aten::clone.out", clonefmt, 4, "memory_format");
  v[8].u.i = 1;
  v[11].u.list.len = 2;
  list_items[0] = 8; list_items[1] = 10; /* dim_order [1, 0] vs out [0, 1] */
  const int32_t cdo[] = {0, 12, 11, 1, 1};
  expect_fail("clone_dim_order mismatched dim_order", "dim_order_ops::_clone_dim_order.out", cdo, 5,
              "lays out memory differently");
  tensor(1, PT_I32, 2, s2x3, o2);
  const int32_t cdo2[] = {0, 12, 13, 1, 1};
  v[13].tag = PT_TAG_NONE;
  expect_fail("clone_dim_order changes dtype", "dim_order_ops::_clone_dim_order.out", cdo2, 5, "int32");
  tensor(1, PT_F32, 1, s3, o1);
  expect_fail("to_dim_order_copy shape", "dim_order_ops::_to_dim_order_copy.out", cdo2, 5, "out has shape");
  const int32_t cdo3[] = {0, 8, 13, 1, 1};
  tensor(1, PT_F32, 2, s2x3, o2);
  expect_fail("to_dim_order_copy non_blocking not bool", "dim_order_ops::_to_dim_order_copy.out", cdo3, 5,
              "non_blocking");

  /* A one-channel channels-last tensor: ExecuTorch records out's dim_order as (0,2,1,3) while
   * the argument says [0,2,3,1]. Both put the elements in the same memory order. */
  static const int32_t s1x1x2x3[] = {1, 1, 2, 3}, s1x3x2x2[] = {1, 3, 2, 2};
  static const uint8_t o4c1[] = {0, 2, 1, 3};
  v[8].u.i = 1;
  v[14].tag = PT_TAG_INT; v[14].u.i = 2;
  v[15].tag = PT_TAG_INT; v[15].u.i = 3;
  list_items[0] = 10; list_items[1] = 14; list_items[2] = 15; list_items[3] = 8; /* [0, 2, 3, 1] */
  v[11].u.list.len = 4;
  const int32_t cl[] = {0, 12, 11, 1, 1};
  tensor(0, PT_F32, 4, s1x1x2x3, o4);
  tensor(1, PT_F32, 4, s1x1x2x3, o4c1);
  expect_ok("clone_dim_order one channel: same layout, other order", "dim_order_ops::_clone_dim_order.out", cl, 5);
  tensor(0, PT_F32, 4, s1x3x2x2, o4);
  tensor(1, PT_F32, 4, s1x3x2x2, o4c1);
  expect_fail("clone_dim_order three channels: other layout", "dim_order_ops::_clone_dim_order.out", cl, 5,
              "lays out memory differently");
  tensor(1, PT_F32, 4, s1x3x2x2, o4cl);
  expect_ok("clone_dim_order channels-last", "dim_order_ops::_clone_dim_order.out", cl, 5);

  printf("%d bind-rejection checks failed\n", failures);
  return failures != 0;
}
