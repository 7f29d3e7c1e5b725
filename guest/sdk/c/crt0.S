/*
 * crt0.S — entry point of zkVM C/C++ guests.
 *
 * Sets up gp, sp and tp, zeroes .tbss and .bss, runs the constructors
 * (.preinit_array, then .init_array), calls main(0, 0) and passes its return
 * value to exit(), which runs atexit handlers and .fini_array and ends in
 * _exit (syscalls.c: flush stdio, ecall 93).
 *
 * .tdata needs no copy: the ELF is executed in place (vaddr == load address),
 * so the TLS initialisation image already is the one live TLS block.
 * Registers are zero at reset in the zkVM but not under qemu-riscv32, so
 * nothing here assumes a register value.
 */

  .section .text.init, "ax", @progbits
  .globl _start
  .type _start, @function
_start:
  /* Without norelax, ld would "relax" this into an addi from the (still
     unset) gp itself. */
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop

  la sp, __stack_top
  la tp, __tls_start

  /* Zero .tbss byte-wise: its bounds need not be word aligned. */
  la t0, __tbss_start
  la t1, __tbss_end
1:
  bgeu t0, t1, 2f
  sb zero, 0(t0)
  addi t0, t0, 1
  j 1b
2:

  /* Zero .sbss and .bss (both ends are 4-byte aligned by zkvm.ld). A loader
     already zero-fills them; this keeps crt0 correct under any loader. */
  la t0, __bss_start
  la t1, __bss_end
3:
  bgeu t0, t1, 4f
  sw zero, 0(t0)
  addi t0, t0, 4
  j 3b
4:

  /* Constructors: every pointer in .preinit_array, then in .init_array.
     s0/s1 are callee-saved, so they survive the calls. */
  la s0, __preinit_array_start
  la s1, __preinit_array_end
5:
  bgeu s0, s1, 6f
  lw t0, 0(s0)
  jalr t0
  addi s0, s0, 4
  j 5b
6:
  la s0, __init_array_start
  la s1, __init_array_end
7:
  bgeu s0, s1, 8f
  lw t0, 0(s0)
  jalr t0
  addi s0, s0, 4
  j 7b
8:

  li a0, 0 /* argc */
  li a1, 0 /* argv */
  call main
  call exit

  /* exit() does not return; should it ever, end the run here. */
9:
  li a7, 93
  ecall
  j 9b
  .size _start, . - _start
