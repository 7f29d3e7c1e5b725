// String formatting: printf/snprintf with %d %i %u %x %X %o %c %s %% and widths, precision, flags; strtol/strtoul/atoi round trips.
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  printf("[%d] [%i] [%u] [%d] [%d]\n", 42, -17, 3000000000u, INT_MIN, INT_MAX);
  printf("[%x] [%X] [%#x] [%o] [%#o] [%08x]\n", 0xbeefu, 0xbeefu, 255u, 8u, 8u, 0xabcu);
  printf("[%c%c%c] [%s] [%.3s] [%10s] [%-10s] [%%]\n", 'z', 'k', '!', "string", "truncate", "right", "left");
  printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%+d]\n", 42, 42, 42, 42, 42, -42);
  printf("[%*d] [%-*d] [%.*s]\n", 6, 7, 6, 7, 2, "precision");
  printf("[%hhu] [%hd] [%ld] [%lu] [%zu]\n", (unsigned char)300u, (short)-2, -123456789L, 4000000000UL, sizeof(int64_t));
  printf("[%.5d] [%8.3d] [%x]\n", 42, -7, 0u);

  char buf[16];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-truncation"  // truncation is the point here
  int n = snprintf(buf, sizeof buf, "%s-%d-%x", "truncated output", 12345, 0xfffu);
#pragma GCC diagnostic pop
  printf("snprintf wanted %d chars, kept \"%s\" (%u)\n", n, buf, (unsigned)strlen(buf));
  n = sprintf(buf, "%c%03d", 'v', 7);
  printf("sprintf: \"%s\" (%d)\n", buf, n);

  const char *nums[] = {"12345", "-42", "0x1F", "0777", "  +99abc", "2147483647"};
  for (unsigned i = 0; i < sizeof nums / sizeof nums[0]; i++) {
    char *end;
    long v = strtol(nums[i], &end, 0);
    printf("strtol(\"%s\", 0) = %ld, rest \"%s\"\n", nums[i], v, end);
  }
  printf("strtoul(\"ffffffff\", 16) = %lu, atoi(\"-31\") = %d\n", strtoul("ffffffff", NULL, 16), atoi("-31"));

  // A table, column-aligned.
  const char *names[] = {"alpha", "beta", "gamma"};
  for (int i = 0; i < 3; i++) printf("|%-6s|%4d|%#06x|\n", names[i], i * 111, (unsigned)(i * 4096 + 255));
  puts("puts adds a newline");
  fputs("fputs to stderr\n", stderr);
  fprintf(stderr, "stderr: %s %d %c\n", "mixed", -1, 'x');
  return 0;
}
