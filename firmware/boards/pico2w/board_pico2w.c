/* Raspberry Pi Pico 2 W (RP2350, Cortex-M33 @150 MHz): USB CDC serial, DWT cycle counter,
 * the CYW43-attached LED. */
#include "board.h"

#include "hardware/structs/m33.h"
#include "pico/cyw43_arch.h"
#include "pico/stdlib.h"

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
