/* The usage example in petite.h, compiled and run as printed: header_example.cmake extracts it
 * into header_example.inc, and the sine model is embedded by `petite header --name model`. The
 * output must be within 0.03 of sin(0.5) (the model's training target). */
#include <math.h>
#include <stdio.h>

#include "model.h"
#include "petite.h"

static int fail(const pt_diag *d) {
  printf("header example: %s: %s\n", pt_status_name(d->status), d->text);
  return 1;
}

int main(void) {
#include "header_example.inc"
  printf("header example: y(0.5) = %g, sin(0.5) = %g\n", (double)y[0], sin(0.5));
  return fabs((double)y[0] - sin(0.5)) < 0.03 ? 0 : 1;
}
