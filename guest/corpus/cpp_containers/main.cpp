// C++ header-only library use: std::vector, std::string, unique_ptr/shared_ptr, std::function, std::optional, std::variant, std::string_view, tuples.
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

struct Node {
  int value;
  std::vector<std::unique_ptr<Node>> children;
  explicit Node(int v) : value(v) {}
};

static int tree_sum(const Node &n) {
  int s = n.value;
  for (const auto &c : n.children) s += tree_sum(*c);
  return s;
}

static std::optional<int> parse_int(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int v = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return std::nullopt;
    v = v * 10 + (ch - '0');
  }
  return v;
}

using Value = std::variant<int, std::string, double>;

struct Describe {
  std::string operator()(int i) const { return "int " + std::to_string(i); }
  std::string operator()(const std::string &s) const { return "string \"" + s + "\""; }
  std::string operator()(double d) const { return "double " + std::to_string(static_cast<int>(d * 100)) + "/100"; }
};

static std::tuple<int, int, int> divmod3(int a, int b) { return {a / b, a % b, a}; }

int main() {
  // vector growth and strings.
  std::vector<std::string> words;
  for (int i = 0; i < 12; i++) words.push_back("w" + std::to_string(i * i));
  std::string joined;
  for (const auto &w : words) joined += w + (w == words.back() ? "" : ",");
  std::printf("joined (%u chars): %s\n", static_cast<unsigned>(joined.size()), joined.c_str());
  std::printf("find \"w49\": %ld, substr: %s\n", static_cast<long>(joined.find("w49")), joined.substr(4, 6).c_str());

  // Ownership: a tree of unique_ptrs, shared_ptr use counts.
  Node root(1);
  for (int i = 2; i <= 4; i++) {
    root.children.push_back(std::make_unique<Node>(i));
    for (int j = 0; j < i; j++) root.children.back()->children.push_back(std::make_unique<Node>(i * 10 + j));
  }
  std::printf("tree sum %d\n", tree_sum(root));
  auto shared = std::make_shared<std::vector<int>>(5, 7);
  {
    auto copy = shared;
    std::printf("use_count inside scope %ld\n", static_cast<long>(shared.use_count()));
  }
  std::printf("use_count after scope %ld, sum %d\n", static_cast<long>(shared.use_count()),
              (*shared)[0] + (*shared)[4]);

  // std::function and closures.
  std::vector<std::function<int(int)>> pipeline;
  int k = 3;
  pipeline.push_back([k](int x) { return x * k; });
  pipeline.push_back([](int x) { return x + 1; });
  pipeline.push_back(std::negate<int>());
  int x = 5;
  for (auto &f : pipeline) x = f(x);
  std::printf("pipeline(5) = %d\n", x);

  // optional / variant / string_view.
  for (std::string_view s : {std::string_view("1234"), std::string_view("12a"), std::string_view("")}) {
    auto v = parse_int(s);
    std::printf("parse_int(\"%.*s\") = %s%d\n", static_cast<int>(s.size()), s.data(), v ? "" : "none ",
                v.value_or(-1));
  }
  std::vector<Value> values{42, std::string("zk"), 2.5};
  for (const auto &v : values) std::printf("%s (index %u)\n", std::visit(Describe{}, v).c_str(),
                                           static_cast<unsigned>(v.index()));

  // Structured bindings and pairs.
  auto [q, r, orig] = divmod3(47, 5);
  std::printf("47 = 5*%d + %d (%d)\n", q, r, orig);
  std::vector<std::pair<std::string, int>> scores{{"carol", 7}, {"alice", 9}, {"bob", 8}};
  int best = 0;
  std::string best_name;
  for (const auto &[name, score] : scores)
    if (score > best) std::tie(best, best_name) = std::make_pair(score, name);
  std::printf("best %s with %d\n", best_name.c_str(), best);

  // Large vector: push_back growth, then a copy-and-swap shrink (shrink_to_fit is a no-op without exceptions in
  // libstdc++); reallocation goes through operator new/delete.
  std::vector<uint32_t> big;
  uint32_t acc = 0;
  for (uint32_t i = 0; i < 20000; i++) big.push_back(i * 2654435761u);
  for (uint32_t v : big) acc ^= v;
  big.resize(100);
  std::vector<uint32_t>(big.begin(), big.end()).swap(big);
  std::printf("big xor %08lx, capacity after shrink %u\n", static_cast<unsigned long>(acc),
              static_cast<unsigned>(big.capacity()));
  return 0;
}
