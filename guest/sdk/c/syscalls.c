/*
 * syscalls.c — picolibc glue for zkVM guests: the stdio streams, the POSIX
 * calls picolibc needs (read, write, _exit, sbrk) and the stdio flush hook
 * used by zkvm.c.
 *
 * stdin  reads the private input (fd 0), one byte per ecall (no hidden buffer,
 *        so getchar() and zkvm_read_private() can be mixed freely).
 * stdout writes the public output (fd 1) through a 512-byte buffer: a zkVM
 *        ecall costs far more than a store, and printf emits one byte at a time.
 * stderr writes the debug log (fd 2), flushed at each newline so the log stays
 *        useful when a guest traps.
 * Both buffers are flushed by fflush(), by _exit() (hence by exit() and by
 * returning from main) and before any direct write to the same fd.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

#include "zkvm.h"

#define ZKVM_OUT_CAP 512

typedef struct {
  int fd;
  int line_buffered;
  size_t len;
  char data[ZKVM_OUT_CAP];
} zkvm_outbuf;

static zkvm_outbuf out_stdout = {ZKVM_FD_PUBLIC_OUTPUT, 0, 0, {0}};
static zkvm_outbuf out_stderr = {ZKVM_FD_DEBUG_LOG, 1, 0, {0}};

/* Writes all `n` bytes (the host may accept fewer per call); gives up on error. */
static void write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    long r = zkvm_syscall3(ZKVM_SYS_WRITE, fd, (long)p, (long)n);
    if (r <= 0) return;
    p += r;
    n -= (size_t)r;
  }
}

static void outbuf_flush(zkvm_outbuf *b) {
  if (b->len > 0) {
    write_all(b->fd, b->data, b->len);
    b->len = 0;
  }
}

static int outbuf_put(zkvm_outbuf *b, char c) {
  b->data[b->len++] = c;
  if (b->len == ZKVM_OUT_CAP || (b->line_buffered && c == '\n')) outbuf_flush(b);
  return (unsigned char)c;
}

/* Internal (used by zkvm.c): flushes the stdio buffer of fd 1 or fd 2. */
void __zkvm_flush_fd(int fd) {
  if (fd == ZKVM_FD_PUBLIC_OUTPUT) outbuf_flush(&out_stdout);
  else if (fd == ZKVM_FD_DEBUG_LOG) outbuf_flush(&out_stderr);
}

static int stdout_put(char c, FILE *f) {
  (void)f;
  return outbuf_put(&out_stdout, c);
}

static int stderr_put(char c, FILE *f) {
  (void)f;
  return outbuf_put(&out_stderr, c);
}

static int stdout_flush(FILE *f) {
  (void)f;
  outbuf_flush(&out_stdout);
  return 0;
}

static int stderr_flush(FILE *f) {
  (void)f;
  outbuf_flush(&out_stderr);
  return 0;
}

static int stdin_get(FILE *f) {
  (void)f;
  unsigned char c;
  long r = zkvm_syscall3(ZKVM_SYS_READ, ZKVM_FD_PRIVATE_INPUT, (long)&c, 1);
  if (r == 1) return c;
  return r == 0 ? _FDEV_EOF : _FDEV_ERR;
}

static FILE zkvm_stdin = FDEV_SETUP_STREAM(NULL, stdin_get, NULL, _FDEV_SETUP_READ);
static FILE zkvm_stdout = FDEV_SETUP_STREAM(stdout_put, NULL, stdout_flush, _FDEV_SETUP_WRITE);
static FILE zkvm_stderr = FDEV_SETUP_STREAM(stderr_put, NULL, stderr_flush, _FDEV_SETUP_WRITE);

/* picolibc's tiny stdio leaves these three to the platform. */
FILE *const stdin = &zkvm_stdin;
FILE *const stdout = &zkvm_stdout;
FILE *const stderr = &zkvm_stderr;

ssize_t read(int fd, void *buf, size_t n) {
  long r = zkvm_syscall3(ZKVM_SYS_READ, fd, (long)buf, (long)n);
  if (r < 0) {
    errno = (int)-r;
    return -1;
  }
  return r;
}

ssize_t write(int fd, const void *buf, size_t n) {
  __zkvm_flush_fd(fd); /* keep program order with buffered stdio output */
  long r = zkvm_syscall3(ZKVM_SYS_WRITE, fd, (long)buf, (long)n);
  if (r < 0) {
    errno = (int)-r;
    return -1;
  }
  return r;
}

void _exit(int code) {
  outbuf_flush(&out_stdout);
  outbuf_flush(&out_stderr);
  for (;;) zkvm_syscall3(ZKVM_SYS_EXIT, code, 0, 0);
}

/*
 * Bump allocator over [__heap_start, __heap_end) (zkvm.ld); picolibc's malloc
 * asks it for more memory and keeps its own free lists. Returns (void *)-1 and
 * sets ENOMEM when the heap is exhausted, so malloc returns NULL.
 */
extern char __heap_start[], __heap_end[];
static char *heap_brk = __heap_start;

void *sbrk(ptrdiff_t incr) {
  char *old = heap_brk;
  if (incr >= 0 ? (size_t)incr > (size_t)(__heap_end - old) : (size_t)-incr > (size_t)(old - __heap_start)) {
    errno = ENOMEM;
    return (void *)-1;
  }
  heap_brk = old + incr;
  return old;
}
