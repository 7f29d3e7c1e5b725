// 64-bit arithmetic on a 32-bit machine: u64/i64 multiply, divide, modulo, shifts and comparisons (libgcc helpers), printed with %llu/%lld/%llx.
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

// Opaque to the optimiser, so the operations below really run in the guest instead of being folded at compile time.
static uint64_t opaque_u64(uint64_t v) {
  __asm__ volatile("" : "+r"(v));
  return v;
}

static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m) {
  // Double-and-add: every intermediate stays below 2m < 2^64 for m < 2^63.
  uint64_t r = 0;
  a %= m;
  while (b > 0) {
    if (b & 1) r = (r + a) % m;
    a = (a * 2) % m;
    b >>= 1;
  }
  return r;
}

static uint64_t powmod(uint64_t base, uint64_t exp, uint64_t m) {
  uint64_t r = 1 % m;
  while (exp > 0) {
    if (exp & 1) r = mulmod(r, base, m);
    base = mulmod(base, base, m);
    exp >>= 1;
  }
  return r;
}

static uint64_t gcd(uint64_t a, uint64_t b) {
  while (b != 0) {
    uint64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

int main(void) {
  uint64_t a = opaque_u64(0xfedcba9876543210ULL), b = opaque_u64(0x0123456789abcdefULL);
  printf("a = %llu (0x%llx)\n", (unsigned long long)a, (unsigned long long)a);
  printf("a * b = 0x%016llx\n", (unsigned long long)(a * b));
  printf("a / b = %llu, a %% b = %llu\n", (unsigned long long)(a / b), (unsigned long long)(a % b));
  printf("a / 1000000007 = %llu\n", (unsigned long long)(a / opaque_u64(1000000007)));
  for (unsigned s = 0; s < 64; s += 13)
    printf("a >> %u = 0x%llx, b << %u = 0x%llx\n", s, (unsigned long long)(a >> s), s, (unsigned long long)(b << s));

  int64_t x = (int64_t)opaque_u64((uint64_t)-123456789012345LL), y = (int64_t)opaque_u64(987654321);
  printf("x = %lld, y = %lld\n", (long long)x, (long long)y);
  printf("x * y = %lld\n", (long long)(x * y));
  printf("x / y = %lld, x %% y = %lld\n", (long long)(x / y), (long long)(x % y));
  printf("-x / y = %lld, -x %% -y = %lld\n", (long long)(-x / y), (long long)(-x % -y));
  printf("floor(x / 128) = %lld\n", (long long)(x / 128 - (x % 128 != 0)));  // x < 0: C division truncates
  printf("x < y: %d, (uint64)x < y: %d\n", x < y, (uint64_t)x < (uint64_t)y);

  const uint64_t p = opaque_u64(0x1fffffffffffffffULL);  // 2^61 - 1, a Mersenne prime
  printf("3^(p-1) mod p = %llu (Fermat)\n", (unsigned long long)powmod(3, p - 1, p));
  printf("7^1000003 mod p = %llu\n", (unsigned long long)powmod(7, 1000003, p));
  printf("gcd(2^40 * 3^5, 2^35 * 3^9 * 5) = %llu\n",
         (unsigned long long)gcd(opaque_u64(1ULL << 40) * 243, opaque_u64(1ULL << 35) * 19683 * 5));

  // Factorials until they overflow, detected by checking with division.
  uint64_t f = 1;
  unsigned n = 1;
  while (f <= UINT64_MAX / (n + 1)) f *= ++n;
  printf("%u! = %llu is the largest factorial below 2^64\n", n, (unsigned long long)f);
  printf("PRIu64: %" PRIu64 ", PRIx64: %" PRIx64 ", PRId64: %" PRId64 "\n", a, b, x);
  return 0;
}
