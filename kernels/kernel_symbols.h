/* Each kernel's C symbol, by operator name: tables built by petite_kernel_table
 * (cmake/petite_kernels.cmake) come with one, so that `petite ops --table` names the kernels
 * the .def files declare instead of guessing symbols from operator names. */
#ifndef PETITE_KERNEL_SYMBOLS_H
#define PETITE_KERNEL_SYMBOLS_H

typedef struct pt_kernel_symbol {
  const char *name;   /* "aten::add.out"; NULL ends the list */
  const char *symbol; /* "pt_k_aten_add_out" */
} pt_kernel_symbol;

/* The symbols of pt_all_kernels (host tools). */
extern const pt_kernel_symbol pt_all_kernels_symbols[];

#endif
