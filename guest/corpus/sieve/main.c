// Sieve of Eratosthenes up to 200000 over a malloc'ed byte array: prime count, sum, largest primes and twin-prime count.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zkvm.h"

#define N 200000u

int main(void) {
  uint8_t *composite = malloc(N + 1);
  if (composite == NULL) zkvm_fail("sieve: out of memory");
  memset(composite, 0, N + 1);
  composite[0] = composite[1] = 1;
  for (uint32_t i = 2; i * i <= N; i++)
    if (!composite[i])
      for (uint32_t j = i * i; j <= N; j += i) composite[j] = 1;

  uint32_t count = 0, twins = 0;
  uint64_t sum = 0;
  for (uint32_t i = 2; i <= N; i++) {
    if (composite[i]) continue;
    count++;
    sum += i;
    if (i + 2 <= N && !composite[i + 2]) twins++;
  }
  printf("primes <= %lu: %lu, sum %llu, twin pairs %lu\n", (unsigned long)N, (unsigned long)count,
         (unsigned long long)sum, (unsigned long)twins);
  printf("largest:");
  for (uint32_t i = N, shown = 0; i > 1 && shown < 5; i--)
    if (!composite[i]) {
      printf(" %lu", (unsigned long)i);
      shown++;
    }
  putchar('\n');
  free(composite);
  return 0;
}
