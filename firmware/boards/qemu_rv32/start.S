/* Reset for QEMU's riscv32 virt with -bios none: hart 0 starts here at 0x80000000 in M-mode.
 * Other harts (none by default) park. Set gp and sp, zero .bss, run main. */
  .section .text.start, "ax"
  .globl _start
_start:
  csrr t0, mhartid
  bnez t0, park
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  la sp, __stack_top
  la t0, __bss_start
  la t1, __bss_end
1:
  bgeu t0, t1, 2f
  sw zero, 0(t0)
  addi t0, t0, 4
  j 1b
2:
  call main
park:
  wfi
  j park
