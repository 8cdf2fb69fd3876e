/* The table of every kernel (host tools and tests). Firmware links a generated
 * selective table instead, so that only the kernels its models use are pulled in. */
#include "petite_kernel.h"

#define PT_KERNEL(sym, name) extern const pt_kernel pt_k_##sym;
#include "kernels.def"
#include "cortex_m/cortex_m.def"
#undef PT_KERNEL

static const pt_kernel *const all[] = {
#define PT_KERNEL(sym, name) &pt_k_##sym,
#include "kernels.def"
#include "cortex_m/cortex_m.def"
#undef PT_KERNEL
};

const pt_kernel_table pt_all_kernels = {all, sizeof all / sizeof all[0]};
