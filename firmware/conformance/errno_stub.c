/* newlib's libm (expf, logf, sqrt... on the bare boards) sets errno through __errno(), which
 * lives in newlib's libc; the bare boards link no libc, so the firmware provides it. */
int *__errno(void);
int *__errno(void) {
  static int errno_value;
  return &errno_value;
}
