/* Loads the embedded model and sizes it with the generated selective kernel table. */
#include <stdio.h>

#include "model.h"
#include "petite_kernel.h" /* pt_selected_kernels.count */

extern const pt_kernel_table pt_selected_kernels;

int main(void) {
  pt_program p;
  pt_diag d = {0};
  pt_method_plan plan;
  if (pt_program_load(&p, model, model_size, &d) != PT_OK ||
      pt_method_needs(&p, "forward", &pt_selected_kernels, &plan, NULL, 0, &d) != PT_OK) {
    printf("model: %s\n", d.text);
    return 1;
  }
  printf("model: %u kernels selected, %u instructions\n", pt_selected_kernels.count, plan.ninstructions);
  return 0;
}
