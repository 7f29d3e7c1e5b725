// Reads both inputs to EOF in odd-sized chunks (public: zkvm_read_public by 7s; private: getchar, then read() by 13s) and prints sizes and FNV-1a hashes.
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "zkvm.h"

static uint32_t fnv1a(uint32_t h, const uint8_t *p, size_t n) {
  while (n--) h = (h ^ *p++) * 16777619u;
  return h;
}

int main(void) {
  uint8_t buf[13];
  uint32_t h = 2166136261u;
  size_t total = 0, chunks = 0, n;
  while ((n = zkvm_read_public(buf, 7)) > 0) {
    h = fnv1a(h, buf, n);
    total += n;
    chunks++;
    if (n < 7) break;  // a short chunk means end of input
  }
  // After EOF, further reads keep returning 0.
  size_t again = zkvm_read_public(buf, 7);
  printf("public: %lu bytes in %lu chunks, fnv1a %08lx, read after EOF: %lu\n", (unsigned long)total,
         (unsigned long)chunks, (unsigned long)h, (unsigned long)again);

  // Private input: the first 10 bytes through stdio (stdin is fd 0, unbuffered), the rest with read().
  h = 2166136261u;
  total = 0;
  for (int i = 0; i < 10; i++) {
    int c = getchar();
    if (c == EOF) break;
    uint8_t b = (uint8_t)c;
    h = fnv1a(h, &b, 1);
    total++;
  }
  chunks = 0;
  ssize_t r;
  while ((r = read(0, buf, sizeof buf)) > 0) {
    h = fnv1a(h, buf, (size_t)r);
    total += (size_t)r;
    chunks++;
  }
  printf("private: %lu bytes (10 by getchar, then %lu reads), fnv1a %08lx, last read returned %ld\n",
         (unsigned long)total, (unsigned long)chunks, (unsigned long)h, (long)r);
  printf("getchar at EOF: %d\n", getchar());
  return 0;
}
