/* memcpy/memset/memcmp without <string.h>, which freestanding targets may lack (rv32 has no
 * libc here). The compiler inlines small ones; others call the platform's memcpy etc. */
#ifndef PT_MEM_H
#define PT_MEM_H
#define pt_memcpy __builtin_memcpy
#define pt_memset __builtin_memset
#define pt_memcmp __builtin_memcmp
#endif
