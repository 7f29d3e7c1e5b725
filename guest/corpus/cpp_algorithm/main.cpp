// C++ <algorithm>/<numeric>: sort, stable_sort, binary search, next_permutation, nth_element, partition, unique, rotate, accumulate on std::array and std::vector.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <numeric>
#include <vector>

struct Trade {
  uint32_t id;
  uint32_t price;
  uint32_t qty;
};

static uint32_t lcg(uint32_t &s) {
  s = s * 1664525u + 1013904223u;
  return s >> 8;
}

template <typename It>
static void print_range(const char *label, It first, It last) {
  std::printf("%s:", label);
  for (; first != last; ++first) std::printf(" %ld", static_cast<long>(*first));
  std::printf("\n");
}

int main() {
  uint32_t seed = 12345;
  std::array<int32_t, 24> a{};
  for (auto &v : a) v = static_cast<int32_t>(lcg(seed) % 1000) - 500;
  print_range("input", a.begin(), a.end());

  auto b = a;
  std::sort(b.begin(), b.end());
  print_range("sorted", b.begin(), b.end());
  std::sort(b.begin(), b.end(), std::greater<int32_t>());
  print_range("descending", b.begin(), b.begin() + 8);
  std::sort(b.begin(), b.end());

  auto lo = std::lower_bound(b.begin(), b.end(), 0);
  std::printf("first non-negative at %ld (%ld), binary_search(%ld) = %d\n", static_cast<long>(lo - b.begin()),
              static_cast<long>(*lo), static_cast<long>(b[5]), std::binary_search(b.begin(), b.end(), b[5]));
  auto mm = std::minmax_element(a.begin(), a.end());
  std::printf("min %ld at %ld, max %ld at %ld\n", static_cast<long>(*mm.first), static_cast<long>(mm.first - a.begin()),
              static_cast<long>(*mm.second), static_cast<long>(mm.second - a.begin()));
  std::printf("sum %ld, negatives %ld, all > -501: %d, any == 0: %d\n",
              static_cast<long>(std::accumulate(a.begin(), a.end(), 0L)),
              static_cast<long>(std::count_if(a.begin(), a.end(), [](int32_t v) { return v < 0; })),
              std::all_of(a.begin(), a.end(), [](int32_t v) { return v > -501; }),
              std::any_of(a.begin(), a.end(), [](int32_t v) { return v == 0; }));

  auto c = a;
  std::nth_element(c.begin(), c.begin() + 12, c.end());
  std::printf("median (nth_element) %ld == sorted[12] %ld\n", static_cast<long>(c[12]), static_cast<long>(b[12]));
  auto mid = std::partition(c.begin(), c.end(), [](int32_t v) { return v % 2 == 0; });
  std::printf("evens after partition: %ld\n", static_cast<long>(mid - c.begin()));
  std::rotate(b.begin(), b.begin() + 3, b.end());
  print_range("rotated by 3", b.begin(), b.begin() + 6);
  std::reverse(b.begin(), b.end());
  print_range("reversed", b.begin(), b.begin() + 6);

  // Permutations of 7 elements: all 5040 visited, checksum over them.
  std::array<int, 7> p{1, 2, 3, 4, 5, 6, 7};
  uint32_t perms = 0, checksum = 0;
  do {
    perms++;
    checksum = checksum * 31 + static_cast<uint32_t>(p[0] * 7 + p[6]);
  } while (std::next_permutation(p.begin(), p.end()));
  std::printf("%lu permutations, checksum %08lx\n", static_cast<unsigned long>(perms), static_cast<unsigned long>(checksum));

  // stable_sort keeps the arrival order of equal prices.
  std::vector<Trade> trades;
  for (uint32_t i = 0; i < 40; i++) trades.push_back({i, 100 + lcg(seed) % 5, 1 + lcg(seed) % 50});
  std::stable_sort(trades.begin(), trades.end(), [](const Trade &x, const Trade &y) { return x.price < y.price; });
  std::printf("trades by price:");
  for (std::size_t i = 0; i < 10; i++)
    std::printf(" %lu@%lu", static_cast<unsigned long>(trades[i].id), static_cast<unsigned long>(trades[i].price));
  std::printf("\n");
  bool stable = true;
  for (std::size_t i = 1; i < trades.size(); i++)
    if (trades[i - 1].price == trades[i].price && trades[i - 1].id > trades[i].id) stable = false;
  std::printf("stable: %d\n", stable);

  std::vector<uint32_t> v(200);
  std::iota(v.begin(), v.end(), 0u);
  std::transform(v.begin(), v.end(), v.begin(), [](uint32_t x) { return (x * x) % 37; });
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  std::printf("distinct squares mod 37: %lu (expected 19)\n", static_cast<unsigned long>(v.size()));
  std::printf("inner product: %lu\n",
              static_cast<unsigned long>(std::inner_product(v.begin(), v.end(), v.rbegin(), 0UL)));
  return 0;
}
