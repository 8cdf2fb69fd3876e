/* Stand-in for the runtime's pt_fail until runtime/ provides it (tests only). */
#include <stdarg.h>
#include <stdio.h>

#include "petite.h"

pt_status pt_fail(pt_diag *d, pt_status s, const char *fmt, ...) {
  if (d) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->text, sizeof d->text, fmt, ap);
    va_end(ap);
    d->status = s;
  }
  return s;
}
