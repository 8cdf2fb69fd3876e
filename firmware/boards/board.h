/* A board is a handful of functions: the demo app (firmware/app) needs nothing else.
 * One implementation per board under firmware/boards/<board>/. */
#ifndef PETITE_BOARD_H
#define PETITE_BOARD_H

#include <stddef.h>
#include <stdint.h>

/* Clocks, FPU, serial port; waits (bounded) for a USB host where the board has USB serial. */
void board_init(void);
/* Writes bytes to the serial console, blocking until sent. */
void board_write(const char *bytes, size_t n);
/* A free-running counter for timing: cycles on hardware (DWT), instructions on an emulator
 * (0 where the emulator does not count: the app says so). */
uint32_t board_cycles(void);
/* What board_cycles counts: "cycles", "instructions" or "none". */
const char *board_cycles_unit(void);
/* Board name for the banner, e.g. "qemu-m33 (mps2-an505)". */
const char *board_name(void);
/* Toggles a status LED if the board has one (no-op otherwise). */
void board_led(int on);
/* Ends the program: exit code to the emulator/host; on hardware, stays alive (idle loop). */
void board_exit(int code) __attribute__((noreturn));

#endif
