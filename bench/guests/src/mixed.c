// Benchmark guest: a mix of quicksort (calls, recursion, branches), integer matrix products (mul, loads)
// and a byte-code interpreter (a jump table with indirect jumps), about 150 M instructions in all.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t rng = 12345;
static uint32_t next(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

static void quicksort(int32_t *a, int lo, int hi) {
  while (lo < hi) {
    int32_t p = a[(lo + hi) >> 1];
    int i = lo, j = hi;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) { int32_t t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (j - lo < hi - i) { quicksort(a, lo, j); lo = i; } else { quicksort(a, i, hi); hi = j; }
  }
}

#define N 64
static int32_t A[N][N], B[N][N], C[N][N];

enum { PUSH, ADD, MUL, DUP, SWAP, DROP, JNZ, DEC, HALT, OVER };
static int32_t run(const int32_t *code) {
  int32_t st[64]; int sp = 0; int pc = 0;
  for (;;) {
    switch (code[pc++]) {
      case PUSH: st[sp++] = code[pc++]; break;
      case ADD: sp--; st[sp - 1] += st[sp]; break;
      case MUL: sp--; st[sp - 1] *= st[sp]; break;
      case DUP: st[sp] = st[sp - 1]; sp++; break;
      case SWAP: { int32_t t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; break; }
      case DROP: sp--; break;
      case JNZ: { int32_t t = code[pc++]; if (st[sp - 1]) pc = t; break; }
      case DEC: st[sp - 1]--; break;
      case HALT: return st[sp - 2];
      case OVER: st[sp] = st[sp - 2]; sp++; break;
    }
  }
}

int main(void) {
  uint32_t check = 0;
  int n = 200000;
  int32_t *a = malloc(n * sizeof *a);
  for (int r = 0; r < 3; r++) {
    for (int i = 0; i < n; i++) a[i] = (int32_t)next();
    quicksort(a, 0, n - 1);
    for (int i = 1; i < n; i++) if (a[i - 1] > a[i]) return 1;
    check ^= (uint32_t)a[n / 2];
  }
  for (int r = 0; r < 6; r++) {
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) { A[i][j] = (int32_t)(next() & 0xffff); B[i][j] = (int32_t)(next() & 0xffff); }
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) { int32_t s = 0; for (int k = 0; k < N; k++) s += A[i][k] * B[k][j]; C[i][j] = s; }
    check ^= (uint32_t)C[r][r];
  }
  // stack [acc, counter]; loop: acc = 3*acc + counter; counter -= 1; until counter == 0
  static const int32_t prog[] = {PUSH, 0, PUSH, 1000000, SWAP, PUSH, 3, MUL, OVER, ADD, SWAP, DEC, JNZ, 4, HALT};
  check ^= (uint32_t)run(prog);
  printf("%08lx\n", (unsigned long)check);
  return 0;
}
