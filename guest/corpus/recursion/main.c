// Deep and branching recursion: Ackermann, naive Fibonacci, Towers of Hanoi, mutual recursion and a recursive-descent expression parser.
#include <stdint.h>
#include <stdio.h>

static uint32_t calls;

static uint32_t ackermann(uint32_t m, uint32_t n) {
  calls++;
  if (m == 0) return n + 1;
  if (n == 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static uint32_t hanoi(int n, int from, int to, int via, uint32_t *checksum) {
  if (n == 0) return 0;
  uint32_t moves = hanoi(n - 1, from, via, to, checksum);
  *checksum = *checksum * 7 + (uint32_t)(from * 3 + to);
  return moves + 1 + hanoi(n - 1, via, to, from, checksum);
}

// noinline keeps these two as real calls bouncing between each other.
static int is_odd(uint32_t n);
__attribute__((noinline)) static int is_even(uint32_t n) { return n == 0 ? 1 : is_odd(n - 1); }
__attribute__((noinline)) static int is_odd(uint32_t n) { return n == 0 ? 0 : is_even(n - 1); }

// Recursive-descent evaluation of integer expressions: expr := term (('+'|'-') term)*, term := factor (('*'|'/') factor)*,
// factor := number | '(' expr ')' | '-' factor.
static const char *cur;
static int32_t expr(void);

static int32_t factor(void) {
  if (*cur == '(') {
    cur++;
    int32_t v = expr();
    cur++;  // ')'
    return v;
  }
  if (*cur == '-') {
    cur++;
    return -factor();
  }
  int32_t v = 0;
  while (*cur >= '0' && *cur <= '9') v = v * 10 + (*cur++ - '0');
  return v;
}

static int32_t term(void) {
  int32_t v = factor();
  while (*cur == '*' || *cur == '/') {
    char op = *cur++;
    int32_t r = factor();
    v = op == '*' ? v * r : v / r;
  }
  return v;
}

static int32_t expr(void) {
  int32_t v = term();
  while (*cur == '+' || *cur == '-') {
    char op = *cur++;
    int32_t r = term();
    v = op == '+' ? v + r : v - r;
  }
  return v;
}

static int32_t eval(const char *s) {
  cur = s;
  return expr();
}

int main(void) {
  for (uint32_t m = 0; m <= 3; m++) {
    calls = 0;
    uint32_t n = m == 3 ? 5 : 6;
    uint32_t r = ackermann(m, n);
    printf("ackermann(%lu, %lu) = %lu in %lu calls\n", (unsigned long)m, (unsigned long)n, (unsigned long)r,
           (unsigned long)calls);
  }
  printf("fib(24) = %lu\n", (unsigned long)fib(24));
  uint32_t checksum = 0;
  uint32_t moves = hanoi(14, 1, 3, 2, &checksum);
  printf("hanoi(14) = %lu moves, checksum %08lx\n", (unsigned long)moves, (unsigned long)checksum);
  printf("is_even(10001) = %d, is_odd(7777) = %d\n", is_even(10001), is_odd(7777));
  const char *exprs[] = {"1+2*3", "(1+2)*3", "-(4-10)*(2+3)/3", "((((((7))))))*((((6))))", "100/7-100/7*7+2*-3"};
  for (unsigned i = 0; i < sizeof exprs / sizeof exprs[0]; i++) printf("%s = %ld\n", exprs[i], (long)eval(exprs[i]));
  return 0;
}
