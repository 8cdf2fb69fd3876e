/* A board smoke test: prints the demo's line format with fixed numbers, then DONE. Built for
 * every board so the board code can be checked without a model or the runtime. */
#include <string.h>

#include "board.h"
#include "fmt.h"

static void put(const char *s) { board_write(s, strlen(s)); }

int main(void) {
  board_init();
  char b[FMT_FLOAT_MAX];
  put("# board=");
  put(board_name());
  put(" hello\nx=");
  volatile float x = 1.0f / 3.0f; /* volatile: format at run time, with the board's float code */
  board_write(b, fmt_float(b, x));
  put(" y=");
  board_write(b, fmt_float(b, x * 3.0f));
  put(" big=");
  board_write(b, fmt_float(b, 6.02214076e23f));
  put("\nDONE\n");
  board_exit(0);
}
