/* qemu-m33: QEMU's mps2-an505 (Cortex-M33 with FPv5-SP and DSP). Serial is CMSDK UART0;
 * the exit code leaves through semihosting (QEMU needs -semihosting-config enable=on). */
#include <stdint.h>

#include "board.h"

#define UART0_BASE 0x50200000u
#define UART_DATA (*(volatile uint32_t *)(UART0_BASE + 0x00))
#define UART_STATE (*(volatile uint32_t *)(UART0_BASE + 0x04))
#define UART_CTRL (*(volatile uint32_t *)(UART0_BASE + 0x08))
#define UART_BAUDDIV (*(volatile uint32_t *)(UART0_BASE + 0x10))
#define UART_STATE_TX_FULL 1u
#define UART_CTRL_TX_ENABLE 1u

void board_init(void) {
  UART_BAUDDIV = 16; /* the minimum the CMSDK UART accepts; QEMU ignores the rate */
  UART_CTRL = UART_CTRL_TX_ENABLE; /* without it the TX-full bit never clears */
}

void board_write(const char *bytes, size_t n) {
  for (size_t i = 0; i < n; i++) {
    while (UART_STATE & UART_STATE_TX_FULL) {
    }
    UART_DATA = (uint8_t)bytes[i];
  }
}

/* QEMU's DWT cycle counter reads 0: exact instruction counts come from the bench's TCG plugin
 * (it counts between calls to petite_bench_mark), not from the firmware. */
uint32_t board_cycles(void) { return 0; }
const char *board_cycles_unit(void) { return "none"; }
const char *board_name(void) { return "qemu-m33 (mps2-an505)"; }
void board_led(int on) { (void)on; }

/* Semihosting SYS_EXIT_EXTENDED: r0 = 0x20, r1 -> {ADP_Stopped_ApplicationExit, code}. */
void board_exit(int code) {
  volatile uint32_t block[2] = {0x20026u, (uint32_t)code};
  register uint32_t r0 __asm__("r0") = 0x20u;
  register volatile uint32_t *r1 __asm__("r1") = block;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  for (;;) { /* without semihosting QEMU stops at the bkpt; on hardware, idle */
  }
}
