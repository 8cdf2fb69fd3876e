/* Loads the embedded model: the build got here only if it fits the board. */
#include <stdio.h>

#include "model.h"
#include "petite.h"

int main(void) {
  pt_program p;
  pt_diag d = {0};
  if (pt_program_load(&p, model, model_size, &d) != PT_OK) {
    printf("model: %s\n", d.text);
    return 1;
  }
  printf("model: %zu bytes loaded\n", p.size);
  return 0;
}
