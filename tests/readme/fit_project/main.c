/* A whole petite application: load the embedded model in place, carve its memory out of
 * static arrays, run it once. README.md shows this file ("Bring your own model"). */
#include <stdio.h>

#include "model.h" /* petite_add_model(app model.pte NAME model): model[], model_size */
#include "petite.h"

extern const pt_kernel_table pt_selected_kernels; /* generated from the .pte by the build */

/* RAM, sized from `petite fit model.pte` (metadata, planned arena, scratch) with room to spare. */
static _Alignas(16) uint8_t metadata[16384], arena[65536], scratch[4096];
static _Alignas(16) uint8_t input[65536]; /* zeros here: your sensor data on a device */

static int fail(const pt_diag *d) {
  printf("error %s: %s\n", pt_status_name(d->status), d->text);
  return 1;
}

int main(void) {
  pt_program prog;
  pt_method_plan plan;
  pt_memory mem;
  pt_method m;
  pt_diag d = {0};
  if (pt_program_load(&prog, model, model_size, &d) != PT_OK ||
      pt_method_needs(&prog, "forward", &pt_selected_kernels, &plan, NULL, 0, &d) != PT_OK ||
      pt_memory_carve(&mem, &plan, metadata, sizeof metadata, arena, sizeof arena, scratch,
                      sizeof scratch, &d) != PT_OK ||
      pt_method_init(&m, &prog, "forward", &pt_selected_kernels, &mem, &d) != PT_OK)
    return fail(&d);
  for (uint32_t i = 0; i < m.ninputs; i++) {
    const pt_tensor *t = pt_method_input(&m, i)->u.t;
    if (pt_method_set_input(&m, i, input, t->numel * pt_dtype_size(t->dtype), &d) != PT_OK)
      return fail(&d);
  }
  if (pt_method_execute(&m, &d) != PT_OK) return fail(&d);
  const pt_tensor *y = pt_method_output(&m, 0)->u.t;
  printf("model: %zu bytes, RAM %zu B; output 0: %s[%u]", prog.size,
         m.metadata_bytes + pt_plan_arena_bytes(&plan) + m.scratch_bytes,
         pt_dtype_name(y->dtype), (unsigned)y->numel);
  if (y->dtype == PT_F32) printf(", first %g", (double)((const float *)y->data)[0]);
  printf("\n");
  return 0;
}
