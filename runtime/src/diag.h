/* Message building on a pt_diag beyond pt_fail: appending and prefixing. */
#ifndef PT_DIAG_H
#define PT_DIAG_H

#include <stdarg.h>
#include "petite_kernel.h"

/* Puts a formatted prefix before the current d->text. */
void(pt_diag_prefix)(pt_diag *d, const char *fmt, ...);
#ifdef PETITE_NO_MESSAGES
#define pt_diag_prefix(d, ...) ((void)(d), (void)sizeof(pt_unused_args_(0, __VA_ARGS__)))
#endif

#endif
