/* Tiny float32 kernels local to the runtime tests (the real ones live in kernels/). */
#ifndef TEST_KERNELS_H
#define TEST_KERNELS_H
#include "petite_kernel.h"

extern const pt_kernel test_addmm, test_permute_copy, test_relu, test_relu_rejects;
extern const pt_kernel_table test_kernels;          /* addmm, permute_copy, relu */
extern const pt_kernel_table test_kernels_no_relu;  /* addmm, permute_copy */
extern const pt_kernel_table test_kernels_bad_relu; /* relu's bind always refuses */
#endif
