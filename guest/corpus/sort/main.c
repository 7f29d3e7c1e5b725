// Sorts the private input (little-endian u32s, read to EOF) with a bottom-up merge sort; prints count, extremes and a position-weighted checksum.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zkvm.h"

// Bottom-up merge sort: a and tmp hold n elements; the result ends in a.
static void merge_sort(uint32_t *a, uint32_t *tmp, size_t n) {
  uint32_t *src = a, *dst = tmp;
  for (size_t width = 1; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      size_t mid = lo + width < n ? lo + width : n;
      size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) dst[k++] = src[i] <= src[j] ? src[i++] : src[j++];
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    uint32_t *t = src;
    src = dst;
    dst = t;
  }
  if (src != a) memcpy(a, src, n * sizeof *a);
}

int main(void) {
  size_t bytes;
  uint8_t *raw = zkvm_read_private_all(&bytes);
  size_t n = bytes / 4;
  uint32_t *a = malloc((n + 1) * sizeof *a);
  uint32_t *tmp = malloc((n + 1) * sizeof *tmp);
  if (a == NULL || tmp == NULL) zkvm_fail("sort: out of memory");
  for (size_t i = 0; i < n; i++)  // byte-wise: raw need not be 4-byte aligned
    a[i] = (uint32_t)raw[4 * i] | (uint32_t)raw[4 * i + 1] << 8 | (uint32_t)raw[4 * i + 2] << 16 |
           (uint32_t)raw[4 * i + 3] << 24;
  free(raw);

  uint32_t sum_before = 0;
  for (size_t i = 0; i < n; i++) sum_before += a[i];
  merge_sort(a, tmp, n);

  uint32_t sum_after = 0, weighted = 0;
  for (size_t i = 0; i < n; i++) {
    if (i > 0 && a[i - 1] > a[i]) zkvm_fail("sort: output not sorted");
    sum_after += a[i];
    weighted = weighted * 31 + a[i];
  }
  if (sum_after != sum_before) zkvm_fail("sort: output is not a permutation");

  printf("sorted %lu values\n", (unsigned long)n);
  if (n > 0) {
    printf("min %lu\nmedian %lu\nmax %lu\n", (unsigned long)a[0], (unsigned long)a[n / 2], (unsigned long)a[n - 1]);
    printf("first:");
    for (size_t i = 0; i < n && i < 5; i++) printf(" %lu", (unsigned long)a[i]);
    printf("\nchecksum %08lx\n", (unsigned long)weighted);
  }
  // The sorted sequence's checksum is also committed as raw bytes, after the text.
  zkvm_write_public_u32(weighted);
  free(a);
  free(tmp);
  return 0;
}
