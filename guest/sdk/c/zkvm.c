/*
 * zkvm.c — implementation of the guest API declared in zkvm.h.
 */
#include "zkvm.h"

#include <stdlib.h>
#include <string.h>

void __zkvm_flush_fd(int fd); /* syscalls.c */

static size_t read_loop(int fd, void *buf, size_t len) {
  uint8_t *p = (uint8_t *)buf;
  size_t got = 0;
  while (got < len) {
    long r = zkvm_syscall3(ZKVM_SYS_READ, fd, (long)(p + got), (long)(len - got));
    if (r <= 0) break; /* 0: end of input; < 0: no such input (qemu without fd 3) */
    got += (size_t)r;
  }
  return got;
}

static void write_loop(int fd, const void *buf, size_t len) {
  const uint8_t *p = (const uint8_t *)buf;
  __zkvm_flush_fd(fd);
  while (len > 0) {
    long r = zkvm_syscall3(ZKVM_SYS_WRITE, fd, (long)p, (long)len);
    if (r <= 0) return;
    p += r;
    len -= (size_t)r;
  }
}

size_t zkvm_read_private(void *buf, size_t len) { return read_loop(ZKVM_FD_PRIVATE_INPUT, buf, len); }

size_t zkvm_read_public(void *buf, size_t len) { return read_loop(ZKVM_FD_PUBLIC_INPUT, buf, len); }

void zkvm_write_public(const void *buf, size_t len) { write_loop(ZKVM_FD_PUBLIC_OUTPUT, buf, len); }

void zkvm_log_bytes(const void *buf, size_t len) { write_loop(ZKVM_FD_DEBUG_LOG, buf, len); }

void zkvm_log(const char *msg) { write_loop(ZKVM_FD_DEBUG_LOG, msg, strlen(msg)); }

void zkvm_exit(int code) {
  /* exit() runs atexit handlers and static destructors, then _exit flushes. */
  exit(code);
}

void zkvm_fail(const char *msg) {
  zkvm_log(msg);
  zkvm_log("\n");
  exit(ZKVM_EXIT_FAILURE);
}

/* Byte-wise assembly: no alignment assumption on the caller's side, no
   misaligned access (the zkVM faults on those). */
static uint32_t load_u32(const uint8_t b[4]) {
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void store_u32(uint8_t b[4], uint32_t v) {
  b[0] = (uint8_t)v;
  b[1] = (uint8_t)(v >> 8);
  b[2] = (uint8_t)(v >> 16);
  b[3] = (uint8_t)(v >> 24);
}

static void read_exact(int fd, void *buf, size_t len) {
  if (read_loop(fd, buf, len) != len)
    zkvm_fail(fd == ZKVM_FD_PUBLIC_INPUT ? "zkvm: public input ended early" : "zkvm: private input ended early");
}

int zkvm_try_read_private_u32(uint32_t *out) {
  uint8_t b[4];
  if (read_loop(ZKVM_FD_PRIVATE_INPUT, b, 4) != 4) return 0;
  *out = load_u32(b);
  return 1;
}

int zkvm_try_read_public_u32(uint32_t *out) {
  uint8_t b[4];
  if (read_loop(ZKVM_FD_PUBLIC_INPUT, b, 4) != 4) return 0;
  *out = load_u32(b);
  return 1;
}

uint32_t zkvm_read_private_u32(void) {
  uint8_t b[4];
  read_exact(ZKVM_FD_PRIVATE_INPUT, b, 4);
  return load_u32(b);
}

uint32_t zkvm_read_public_u32(void) {
  uint8_t b[4];
  read_exact(ZKVM_FD_PUBLIC_INPUT, b, 4);
  return load_u32(b);
}

uint64_t zkvm_read_private_u64(void) {
  uint8_t b[8];
  read_exact(ZKVM_FD_PRIVATE_INPUT, b, 8);
  return (uint64_t)load_u32(b) | (uint64_t)load_u32(b + 4) << 32;
}

uint64_t zkvm_read_public_u64(void) {
  uint8_t b[8];
  read_exact(ZKVM_FD_PUBLIC_INPUT, b, 8);
  return (uint64_t)load_u32(b) | (uint64_t)load_u32(b + 4) << 32;
}

void zkvm_write_public_u32(uint32_t v) {
  uint8_t b[4];
  store_u32(b, v);
  zkvm_write_public(b, 4);
}

void zkvm_write_public_u64(uint64_t v) {
  uint8_t b[8];
  store_u32(b, (uint32_t)v);
  store_u32(b + 4, (uint32_t)(v >> 32));
  zkvm_write_public(b, 8);
}

/* Grows the buffer geometrically; the final NUL makes text inputs C strings. */
static uint8_t *read_all(int fd, size_t *len) {
  size_t cap = 256, n = 0;
  uint8_t *buf = (uint8_t *)malloc(cap + 1);
  if (buf == NULL) zkvm_fail("zkvm: out of memory reading input");
  for (;;) {
    if (n == cap) {
      uint8_t *bigger = (uint8_t *)realloc(buf, cap * 2 + 1);
      if (bigger == NULL) zkvm_fail("zkvm: out of memory reading input");
      buf = bigger;
      cap *= 2;
    }
    long r = zkvm_syscall3(ZKVM_SYS_READ, fd, (long)(buf + n), (long)(cap - n));
    if (r <= 0) break;
    n += (size_t)r;
  }
  buf[n] = 0;
  if (len != NULL) *len = n;
  return buf;
}

uint8_t *zkvm_read_private_all(size_t *len) { return read_all(ZKVM_FD_PRIVATE_INPUT, len); }

uint8_t *zkvm_read_public_all(size_t *len) { return read_all(ZKVM_FD_PUBLIC_INPUT, len); }
