// C++: an abstract class hierarchy with virtual calls, templates over std::array, static constructors/destructors and a function-local static.
#include <array>
#include <cstdint>
#include <cstdio>

// --- static construction: runs from .init_array before main -----------------------------------------------------
struct Registry {
  const char *names[8];
  int count = 0;
  Registry() { std::fprintf(stderr, "static init: Registry constructed\n"); }
  ~Registry() { std::printf("static fini: Registry destroyed with %d names\n", count); }
  void add(const char *n) { names[count++] = n; }
};
static Registry registry;

struct AutoRegister {
  explicit AutoRegister(const char *name) { registry.add(name); }
};

// Fixed-point (1/1000 units) so results are exact integers.
using milli = int64_t;

class Shape {
 public:
  virtual ~Shape() = default;
  virtual const char *name() const = 0;
  virtual milli area() const = 0;
  virtual milli perimeter() const = 0;
  virtual int sides() const { return 0; }
};

class Circle final : public Shape {
  milli r_;

 public:
  explicit Circle(milli r) : r_(r) {}
  const char *name() const override { return "circle"; }
  milli area() const override { return 3142 * r_ / 1000 * r_ / 1000; }
  milli perimeter() const override { return 2 * 3142 * r_ / 1000; }
};

class Rect : public Shape {
 protected:
  milli w_, h_;

 public:
  Rect(milli w, milli h) : w_(w), h_(h) {}
  const char *name() const override { return "rect"; }
  milli area() const override { return w_ * h_ / 1000; }
  milli perimeter() const override { return 2 * (w_ + h_); }
  int sides() const override { return 4; }
};

class Square final : public Rect {
 public:
  explicit Square(milli s) : Rect(s, s) {}
  const char *name() const override { return "square"; }
};

class Triangle final : public Shape {
  milli a_, b_, c_;

 public:
  Triangle(milli a, milli b, milli c) : a_(a), b_(b), c_(c) {}
  const char *name() const override { return "triangle"; }
  // Right triangles only (a, b legs), which keeps the area exact.
  milli area() const override { return a_ * b_ / 2000; }
  milli perimeter() const override { return a_ + b_ + c_; }
  int sides() const override { return 3; }
};

static AutoRegister reg_circle("circle"), reg_rect("rect"), reg_square("square"), reg_triangle("triangle");

// --- templates ----------------------------------------------------------------------------------------------------
template <typename T, std::size_t N>
struct Stats {
  std::array<T, N> values{};
  std::size_t n = 0;
  void push(T v) { values[n++] = v; }
  T sum() const {
    T s{};
    for (std::size_t i = 0; i < n; i++) s += values[i];
    return s;
  }
  T max() const {
    T m = values[0];
    for (std::size_t i = 1; i < n; i++)
      if (values[i] > m) m = values[i];
    return m;
  }
};

template <typename F>
static milli total(const std::array<const Shape *, 6> &shapes, F f) {
  milli t = 0;
  for (const Shape *s : shapes) t += f(*s);
  return t;
}

template <int N>
struct Factorial {
  static constexpr long long value = N * Factorial<N - 1>::value;
};
template <>
struct Factorial<0> {
  static constexpr long long value = 1;
};
static_assert(Factorial<10>::value == 3628800, "compile-time recursion");

static int next_id() {
  static int counter = 100;  // function-local static, initialised once
  return counter++;
}

int main() {
  std::printf("registered %d shape kinds:", registry.count);
  for (int i = 0; i < registry.count; i++) std::printf(" %s", registry.names[i]);
  std::printf("\n");

  Circle c(2000);
  Rect r(3000, 1500);
  Square sq(2500);
  Triangle t(3000, 4000, 5000);
  Circle c2(500);
  Rect r2(10000, 100);
  const std::array<const Shape *, 6> shapes{&c, &r, &sq, &t, &c2, &r2};

  Stats<milli, 6> areas;
  Stats<int, 6> sides;
  for (const Shape *s : shapes) {
    std::printf("#%d %-8s area %6lld.%03lld perimeter %6lld.%03lld sides %d\n", next_id(), s->name(),
                static_cast<long long>(s->area() / 1000), static_cast<long long>(s->area() % 1000),
                static_cast<long long>(s->perimeter() / 1000), static_cast<long long>(s->perimeter() % 1000),
                s->sides());
    areas.push(s->area());
    sides.push(s->sides());
  }
  std::printf("total area %lld (milli), largest %lld, total sides %d\n", static_cast<long long>(areas.sum()),
              static_cast<long long>(areas.max()), sides.sum());
  std::printf("total perimeter via template+lambda: %lld\n",
              static_cast<long long>(total(shapes, [](const Shape &s) { return s.perimeter(); })));
  std::printf("10! = %lld (constexpr)\n", Factorial<10>::value);

  // Heap-allocated objects deleted through the base pointer (virtual destructor, operator new/delete).
  Shape *heap[3] = {new Circle(1000), new Square(1000), new Triangle(600, 800, 1000)};
  milli sum = 0;
  for (Shape *s : heap) {
    sum += s->area();
    delete s;
  }
  std::printf("heap shapes area %lld\n", static_cast<long long>(sum));
  double d = 3.0;  // soft-float through libgcc, printed by picolibc's printf
  for (int i = 0; i < 5; i++) d = d / 2 + 1.0 / d;
  std::printf("sqrt(2) by Newton: %.9f\n", d);
  return 0;
}
