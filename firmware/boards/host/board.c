/* host: the demo as a native program, for debugging (and for running under ASan/UBSan). */
#include <stdio.h>
#include <stdlib.h>

#include "board.h"

void board_init(void) {}
void board_write(const char *bytes, size_t n) { fwrite(bytes, 1, n, stdout); }
uint32_t board_cycles(void) { return 0; } /* host timing is callgrind's job, not the app's */
const char *board_cycles_unit(void) { return "none"; }
const char *board_name(void) { return "host"; }
void board_led(int on) { (void)on; }
void board_exit(int code) {
  fflush(stdout);
  exit(code);
}
