/* qemu-rv32: QEMU's riscv32 virt with a Hazard3-like RV32IMAC core (no F/D). Serial is the
 * 16550 UART at 0x10000000; exit goes through the SiFive test device at 0x100000. */
#include <stdint.h>

#include "board.h"

#define UART_THR (*(volatile uint8_t *)0x10000000u)
#define UART_LSR (*(volatile uint8_t *)0x10000005u)
#define UART_LSR_THR_EMPTY 0x20u
#define TEST_DEVICE (*(volatile uint32_t *)0x00100000u)

void board_init(void) {}

void board_write(const char *bytes, size_t n) {
  for (size_t i = 0; i < n; i++) {
    while (!(UART_LSR & UART_LSR_THR_EMPTY)) {
    }
    UART_THR = (uint8_t)bytes[i];
  }
}

/* minstret counts retired instructions; QEMU makes it exact only under -icount (the runner
 * passes it), otherwise it follows host time. */
uint32_t board_cycles(void) {
  uint32_t n;
  __asm__ volatile("csrr %0, minstret" : "=r"(n));
  return n;
}
const char *board_cycles_unit(void) { return "instructions"; }
const char *board_name(void) { return "qemu-rv32 (virt, rv32imac)"; }
void board_led(int on) { (void)on; }

/* 0x5555 = pass; (code << 16) | 0x3333 = fail with that exit code. */
void board_exit(int code) {
  TEST_DEVICE = code == 0 ? 0x5555u : (((uint32_t)code & 0xffffu) << 16) | 0x3333u;
  for (;;) {
  }
}
