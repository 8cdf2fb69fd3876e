/* Reset for the mps2-an505: vector table at 0x10000000 (QEMU boots Secure with VTOR there),
 * copy .data from flash, zero .bss, enable the FPU, then the app's main. */
#include <stdint.h>

extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern uint32_t __stack_top[];
int main(void);
void reset_handler(void);

/* A fault means a bug: stop here (a debugger sees where), and the test's timeout catches it. */
static void fault_handler(void) {
  for (;;) {
  }
}

/* Runs before the FPU is on: must not touch floating point (it does not: plain word loops). */
void reset_handler(void) {
  for (uint32_t *s = __data_load, *d = __data_start; d < __data_end;) *d++ = *s++;
  for (uint32_t *d = __bss_start; d < __bss_end;) *d++ = 0;
  *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20; /* CPACR: full access to CP10/CP11 */
  __asm__ volatile("dsb\n isb" ::: "memory");
  main();
  for (;;) {
  }
}

typedef void (*vector)(void);
__attribute__((section(".vectors"), used)) static const vector vectors[16] = {
  (vector)(uintptr_t)__stack_top, reset_handler,
  fault_handler, fault_handler, fault_handler, fault_handler, fault_handler, /* NMI..UsageFault */
  fault_handler, 0, 0, 0, 0, fault_handler, 0, fault_handler, fault_handler}; /* SecureFault..SysTick */
