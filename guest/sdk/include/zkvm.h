/*
 * zkvm.h — the guest-side C API of the zkVM (usable from C99+ and C++).
 *
 * A guest is a static RV32IM ELF that talks to the outside world through four
 * byte streams, all reached with `ecall` using Linux RISC-V syscall numbers, so
 * the very same ELF also runs under `qemu-riscv32` for comparison:
 *
 *   stream          fd  syscall           meaning
 *   private input    0  read  (a7 = 63)   witness bytes; the proof does not reveal them
 *   public input     3  read  (a7 = 63)   bytes the verifier sees and the proof binds
 *   public output    1  write (a7 = 64)   bytes the verifier sees and the proof binds
 *   debug log        2  write (a7 = 64)   host-side diagnostics, not part of the proof
 *   exit                exit  (a7 = 93)   ends the run with a0 as the exit code
 *
 * Reference run under qemu:  qemu-riscv32 prog.elf <private.bin 3<public.bin
 *
 * stdio is wired to the same streams by the SDK (syscalls.c): printf/puts/putchar
 * write the public output, fprintf(stderr, ...) writes the debug log and
 * getchar/scanf read the private input. stdout is buffered (flushed on exit,
 * fflush(stdout), and before any zkvm_write_public), stderr is line-buffered.
 *
 * Multi-byte helpers use little-endian byte order (the RISC-V byte order).
 * Every helper here is single-threaded; the zkVM has one hart.
 */
#ifndef ZKVM_H
#define ZKVM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* File descriptors of the four streams (Linux numbering, see the table above). */
#define ZKVM_FD_PRIVATE_INPUT 0
#define ZKVM_FD_PUBLIC_OUTPUT 1
#define ZKVM_FD_DEBUG_LOG 2
#define ZKVM_FD_PUBLIC_INPUT 3

/* Syscall numbers (Linux RISC-V). */
#define ZKVM_SYS_READ 63
#define ZKVM_SYS_WRITE 64
#define ZKVM_SYS_EXIT 93

/*
 * Exit code used by the typed read helpers (zkvm_read_*_u32/u64) when an input
 * ends before the requested value, and by operator new / zkvm_read_*_all when
 * the heap is exhausted. 101 is Rust's panic exit code: the SDKs agree on it.
 */
#define ZKVM_EXIT_FAILURE 101

#if defined(__cplusplus)
#define ZKVM_NORETURN [[noreturn]]
#else
#define ZKVM_NORETURN _Noreturn
#endif

/*
 * Raw three-argument syscall: a7 = n, a0..a2 = args, result in a0. Provided for
 * completeness; prefer the functions below.
 */
static inline long zkvm_syscall3(long n, long a0, long a1, long a2) {
  register long r_a0 __asm__("a0") = a0;
  register long r_a1 __asm__("a1") = a1;
  register long r_a2 __asm__("a2") = a2;
  register long r_a7 __asm__("a7") = n;
  /* "memory": the kernel side reads (write) or fills (read) the buffer. */
  __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a7) : "memory");
  return r_a0;
}

/**
 * Reads up to `len` bytes of the private input into `buf`, looping until `len`
 * bytes arrived or the input ended. Returns the number of bytes read (less than
 * `len` only at end of input).
 */
size_t zkvm_read_private(void *buf, size_t len);

/** Same as zkvm_read_private, for the public input. */
size_t zkvm_read_public(void *buf, size_t len);

/**
 * Appends `len` bytes to the public output. Flushes buffered printf output
 * first so the two keep their program order.
 */
void zkvm_write_public(const void *buf, size_t len);

/** Writes `len` bytes to the debug log (fd 2), after flushing stderr's buffer. */
void zkvm_log_bytes(const void *buf, size_t len);

/**
 * Writes the NUL-terminated string `msg` to the debug log as-is (no newline is
 * added). There is deliberately no formatted variant: use fprintf(stderr, ...).
 */
void zkvm_log(const char *msg);

/** Flushes stdio buffers and ends the run with `code` (0..255 as seen by a host shell). */
ZKVM_NORETURN void zkvm_exit(int code);

/**
 * Logs `msg` plus a newline to the debug log and exits with ZKVM_EXIT_FAILURE.
 * For unrecoverable guest errors.
 */
ZKVM_NORETURN void zkvm_fail(const char *msg);

/* Typed helpers: little-endian; a short read is fatal (see ZKVM_EXIT_FAILURE). */

/** Reads a little-endian u32 from the private input; exits with ZKVM_EXIT_FAILURE at EOF. */
uint32_t zkvm_read_private_u32(void);
/** Reads a little-endian u32 from the public input; exits with ZKVM_EXIT_FAILURE at EOF. */
uint32_t zkvm_read_public_u32(void);
/** Reads a little-endian u64 from the private input; exits with ZKVM_EXIT_FAILURE at EOF. */
uint64_t zkvm_read_private_u64(void);
/** Reads a little-endian u64 from the public input; exits with ZKVM_EXIT_FAILURE at EOF. */
uint64_t zkvm_read_public_u64(void);

/**
 * Non-fatal variants: store the value and return 1, or return 0 when the input
 * ended first (a partial value is consumed and lost).
 */
int zkvm_try_read_private_u32(uint32_t *out);
/** Non-fatal u32 read from the public input; see zkvm_try_read_private_u32. */
int zkvm_try_read_public_u32(uint32_t *out);

/** Appends `v` to the public output as 4 little-endian bytes. */
void zkvm_write_public_u32(uint32_t v);
/** Appends `v` to the public output as 8 little-endian bytes. */
void zkvm_write_public_u64(uint64_t v);

/**
 * Reads the rest of the private input into a malloc'ed buffer and stores its
 * length in `*len` (when `len` is not NULL). The buffer has one extra NUL byte
 * after the data so text inputs can be used as C strings. Free it with free().
 * Exits with ZKVM_EXIT_FAILURE when the heap is exhausted.
 */
uint8_t *zkvm_read_private_all(size_t *len);
/** Same as zkvm_read_private_all, for the public input. */
uint8_t *zkvm_read_public_all(size_t *len);

#ifdef __cplusplus
}
#endif

#endif /* ZKVM_H */
