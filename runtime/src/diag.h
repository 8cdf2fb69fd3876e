/* Message building on a pt_diag beyond pt_fail: appending and prefixing. */
#ifndef PT_DIAG_H
#define PT_DIAG_H

#include <stdarg.h>
#include "petite.h"

/* Appends to d->text (keeps d->status). NULL d is fine. */
void pt_diag_append(pt_diag *d, const char *fmt, ...);
/* Puts a formatted prefix before the current d->text. */
void pt_diag_prefix(pt_diag *d, const char *fmt, ...);

#endif
