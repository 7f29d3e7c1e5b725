// Limit-order-book matching engine: price-time priority over orders read from the public input; prints every fill and cancel, then the book.
//
// Public input: 16-byte records, little-endian: u8 kind (0 buy, 1 sell, 2 cancel), 3 pad bytes, u32 id, u32 price, u32 qty.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "zkvm.h"

#define MAX_RESTING 2048

typedef struct {
  uint32_t id, price, qty, seq;
} order;

// Each side is kept sorted best-first: bids by price descending, asks by price ascending, then by arrival (seq).
typedef struct {
  order o[MAX_RESTING];
  size_t n;
  int is_bid;
} side;

static side bids, asks;  // zero-initialised (.bss), so the ELF does not carry 64 KiB of zeros
static uint32_t fills = 0, seq_counter = 0;
static uint64_t volume = 0, notional = 0;

static uint32_t le32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int better(const side *s, const order *a, const order *b) {
  if (a->price != b->price) return s->is_bid ? a->price > b->price : a->price < b->price;
  return a->seq < b->seq;
}

static void rest(side *s, order o) {
  if (s->n == MAX_RESTING) zkvm_fail("orderbook: book full");
  size_t i = s->n;
  while (i > 0 && better(s, &o, &s->o[i - 1])) i--;
  memmove(&s->o[i + 1], &s->o[i], (s->n - i) * sizeof(order));
  s->o[i] = o;
  s->n++;
}

static int crosses(int taker_is_buy, uint32_t limit, uint32_t maker_price) {
  return taker_is_buy ? maker_price <= limit : maker_price >= limit;
}

static void submit(int is_buy, uint32_t id, uint32_t price, uint32_t qty) {
  side *book = is_buy ? &asks : &bids;
  while (qty > 0 && book->n > 0 && crosses(is_buy, price, book->o[0].price)) {
    order *m = &book->o[0];
    uint32_t q = qty < m->qty ? qty : m->qty;
    printf("FILL taker=%lu maker=%lu price=%lu qty=%lu\n", (unsigned long)id, (unsigned long)m->id,
           (unsigned long)m->price, (unsigned long)q);
    fills++;
    volume += q;
    notional += (uint64_t)q * m->price;
    qty -= q;
    m->qty -= q;
    if (m->qty == 0) {
      memmove(&book->o[0], &book->o[1], (book->n - 1) * sizeof(order));
      book->n--;
    }
  }
  if (qty > 0) rest(is_buy ? &bids : &asks, (order){id, price, qty, seq_counter++});
}

static int cancel_in(side *s, uint32_t id) {
  for (size_t i = 0; i < s->n; i++) {
    if (s->o[i].id == id) {
      memmove(&s->o[i], &s->o[i + 1], (s->n - i - 1) * sizeof(order));
      s->n--;
      return 1;
    }
  }
  return 0;
}

static void print_levels(const char *name, const side *s) {
  printf("%s:", name);
  size_t i = 0;
  for (int levels = 0; levels < 5 && i < s->n; levels++) {
    uint32_t p = s->o[i].price;
    uint64_t q = 0;
    while (i < s->n && s->o[i].price == p) q += s->o[i++].qty;
    printf(" %lu@%lu", (unsigned long)q, (unsigned long)p);
  }
  printf(" (%lu orders)\n", (unsigned long)s->n);
}

int main(void) {
  uint8_t rec[16];
  uint32_t n = 0;
  bids.is_bid = 1;
  while (zkvm_read_public(rec, sizeof rec) == sizeof rec) {
    uint32_t id = le32(rec + 4), price = le32(rec + 8), qty = le32(rec + 12);
    switch (rec[0]) {
      case 0:
      case 1:
        if (qty == 0 || price == 0) zkvm_fail("orderbook: zero price or quantity");
        submit(rec[0] == 0, id, price, qty);
        break;
      case 2:
        printf("CANCEL %lu %s\n", (unsigned long)id, cancel_in(&bids, id) || cancel_in(&asks, id) ? "ok" : "unknown");
        break;
      default:
        zkvm_fail("orderbook: bad record kind");
    }
    n++;
  }
  printf("processed %lu orders: %lu fills, volume %llu, notional %llu\n", (unsigned long)n, (unsigned long)fills,
         (unsigned long long)volume, (unsigned long long)notional);
  print_levels("bids", &bids);
  print_levels("asks", &asks);
  return 0;
}
