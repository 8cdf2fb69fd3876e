/* Raspberry Pi Pico 2 W (RP2350, Cortex-M33 @150 MHz): USB CDC serial, DWT cycle counter,
 * the CYW43-attached LED, and a stack sized for petite and guarded. */
#include "board.h"

#include "fmt.h"
#include "hardware/structs/m33.h"
#include "pico/cyw43_arch.h"
#include "pico/stdlib.h"

/* The stack. The SDK reserves 2 KB for core 0 (PICO_STACK_SIZE, in the 4 KB SCRATCH_Y bank);
 * petite's deepest path on the M33 is larger. The image instead reserves PETITE_STACK_BYTES in
 * RAM: FIT_STACK_BYTES of tools/fit_sizes.h (petite's measured need plus a margin for this
 * application and the USB and CYW43 interrupt handlers), the same number `petite fit` assumes.
 * crt0 calls main through the linker's --wrap=main: __wrap_main paints that stack, sets MSPLIM
 * at its bottom and moves MSP onto it, so that an overflow is a fault (UsageFault STKOF, the
 * M33's stack limit check) instead of a silent write into .bss. board_exit reports the high
 * water mark over serial. */
#ifndef PETITE_STACK_BYTES
#error "PETITE_STACK_BYTES: set by firmware/boards/pico2w/CMakeLists.txt from tools/fit_sizes.h"
#endif
#define STACK_WORDS (PETITE_STACK_BYTES / 4u)
#define STACK_PAINT 0x5354434bu /* "STCK" */
#define STR_(x) #x
#define STR(x) STR_(x)

__attribute__((aligned(32), used)) uint32_t petite_stack[STACK_WORDS];

void petite_stack_paint(void);
void petite_stack_paint(void)
{
  for (uint32_t i = 0; i < STACK_WORDS; i++)
    ((volatile uint32_t *)petite_stack)[i] = STACK_PAINT;
}

int __real_main(void);
int __wrap_main(void);
__attribute__((naked, noreturn)) int __wrap_main(void)
{
  __asm volatile("bl petite_stack_paint\n"               /* still on the SDK's stack */
                 "ldr r0, =petite_stack\n"
                 "msr msplim, r0\n"                      /* below this, a push faults */
                 "ldr r0, =petite_stack+" STR(PETITE_STACK_BYTES) "\n"
                 "msr msp, r0\n"
                 "isb\n"
                 "bl __real_main\n"
                 "bl exit\n");
}

/* Bytes of the stack ever written: the paint left intact counts up from the bottom. */
static uint32_t stack_used(void)
{
  uint32_t i = 0;
  while (i < STACK_WORDS && ((volatile uint32_t *)petite_stack)[i] == STACK_PAINT)
    i++;
  return (STACK_WORDS - i) * 4u;
}

/* How long board_init waits for a host to open the USB serial port. USB CDC drops what is
 * written before that, so without the wait the first lines of a run would be lost. */
#define BOARD_USB_WAIT_MS 10000u

static bool led_ready;

static void led_put(bool on)
{
  if (led_ready)
    cyw43_arch_gpio_put(CYW43_WL_GPIO_LED_PIN, on);
}

void board_init(void)
{
  stdio_init_all();
  /* The LED hangs off the wireless chip; without it the board still runs, just dark. */
  led_ready = cyw43_arch_init() == 0;

  /* Fast blink while waiting for the host, so a board that is waiting is visibly alive. */
  for (uint32_t waited = 0; !stdio_usb_connected() && waited < BOARD_USB_WAIT_MS; waited += 10) {
    led_put((waited / 125u) & 1u);
    sleep_ms(10);
  }
  led_put(false);
  /* Give the host's terminal a moment after the port opens before the banner. */
  sleep_ms(50);

  /* DWT CYCCNT: TRCENA powers the trace block, CYCCNTENA starts the counter. */
  m33_hw->demcr |= M33_DEMCR_TRCENA_BITS;
  m33_hw->dwt_cyccnt = 0;
  m33_hw->dwt_ctrl |= M33_DWT_CTRL_CYCCNTENA_BITS;
}

void board_write(const char *bytes, size_t n)
{
  while (n > 0) {
    int chunk = n > 256u ? 256 : (int)n;
    stdio_put_string(bytes, chunk, false, true);
    bytes += chunk;
    n -= (size_t)chunk;
  }
  stdio_flush();
}

uint32_t board_cycles(void)
{
  return m33_hw->dwt_cyccnt;
}

const char *board_cycles_unit(void)
{
  return "cycles";
}

const char *board_name(void)
{
  return "pico2w (RP2350 Cortex-M33 @150 MHz)";
}

void board_led(int on)
{
  led_put(on != 0);
}

/* A board has nowhere to return to (the app has printed DONE or FAIL): idle with a heartbeat,
 * one short flash every 2 s after success, a double flash after a failure.
 * Reset or replug the board to run the sweep again. */
void board_exit(int code)
{
  char n[24];
  const uint32_t used = stack_used();
  board_write("STACK used=", 11);
  board_write(n, fmt_u64(n, used));
  board_write(" reserved=", 10);
  board_write(n, fmt_u64(n, PETITE_STACK_BYTES));
  /* MSPLIM faults before the last word is written: reaching it means the margin is gone */
  if (used >= PETITE_STACK_BYTES - 64u)
    board_write(" FAIL: the stack margin is used up\n", 35);
  else
    board_write(" ok\n", 4);
  stdio_flush();
  for (;;) {
    led_put(true);
    sleep_ms(100);
    led_put(false);
    if (code != 0) {
      sleep_ms(150);
      led_put(true);
      sleep_ms(100);
      led_put(false);
    }
    sleep_ms(code != 0 ? 1650 : 1900);
  }
}
