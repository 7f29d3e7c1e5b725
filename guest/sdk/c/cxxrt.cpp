// cxxrt.cpp — the minimal C++ runtime for zkVM guests (linked into C++ builds only).
//
// Guests are built with -fno-exceptions -fno-rtti against libstdc++'s headers
// only (see guest/sdk/include/cxxshim/bits/os_defines.h). What the headers
// still expect from the compiled library is supplied here:
//   - operator new/delete (all C++17 forms) on picolibc's malloc; allocation
//     failure ends the run with ZKVM_EXIT_FAILURE, since nothing can be thrown;
//   - __cxa_pure_virtual / __cxa_deleted_virtual;
//   - std::__throw_* (what the containers call where they would throw): they log
//     the reason and exit with ZKVM_EXIT_FAILURE;
//   - std::nothrow and std::_Sp_make_shared_tag::_S_eq (std::make_shared without RTTI).
#include <cstdlib>
#include <malloc.h>  // memalign (picolibc)
#include <memory>
#include <new>

#include "zkvm.h"

namespace {

[[noreturn]] void fail(const char *what, const char *detail) {
  zkvm_log("C++ runtime error: ");
  zkvm_log(what);
  if (detail != nullptr && detail[0] != '\0') {
    zkvm_log(": ");
    zkvm_log(detail);
  }
  zkvm_fail("");
}

void *alloc_or_fail(std::size_t n) {
  // malloc(0) may return NULL; operator new must return a unique pointer.
  void *p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) fail("out of memory in operator new", nullptr);
  return p;
}

void *aligned_alloc_or_null(std::size_t n, std::align_val_t al) {
  std::size_t a = static_cast<std::size_t>(al);
  if (a < sizeof(void *)) a = sizeof(void *);
  // memalign accepts any size, unlike C11 aligned_alloc (multiple of a).
  return memalign(a, n == 0 ? 1 : n);
}

}  // namespace

void *operator new(std::size_t n) { return alloc_or_fail(n); }
void *operator new[](std::size_t n) { return alloc_or_fail(n); }
void *operator new(std::size_t n, const std::nothrow_t &) noexcept { return std::malloc(n == 0 ? 1 : n); }
void *operator new[](std::size_t n, const std::nothrow_t &) noexcept { return std::malloc(n == 0 ? 1 : n); }

void *operator new(std::size_t n, std::align_val_t al) {
  void *p = aligned_alloc_or_null(n, al);
  if (p == nullptr) fail("out of memory in operator new", nullptr);
  return p;
}
void *operator new[](std::size_t n, std::align_val_t al) { return operator new(n, al); }
void *operator new(std::size_t n, std::align_val_t al, const std::nothrow_t &) noexcept {
  return aligned_alloc_or_null(n, al);
}
void *operator new[](std::size_t n, std::align_val_t al, const std::nothrow_t &) noexcept {
  return aligned_alloc_or_null(n, al);
}

void operator delete(void *p) noexcept { std::free(p); }
void operator delete[](void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t) noexcept { std::free(p); }
void operator delete(void *p, const std::nothrow_t &) noexcept { std::free(p); }
void operator delete[](void *p, const std::nothrow_t &) noexcept { std::free(p); }
void operator delete(void *p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void *p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void *p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void *p, std::align_val_t, const std::nothrow_t &) noexcept { std::free(p); }
void operator delete[](void *p, std::align_val_t, const std::nothrow_t &) noexcept { std::free(p); }

extern "C" [[noreturn]] void __cxa_pure_virtual() { fail("pure virtual function called", nullptr); }
extern "C" [[noreturn]] void __cxa_deleted_virtual() { fail("deleted virtual function called", nullptr); }

namespace std {

// The tag object of operator new(size_t, nothrow_t) (std::stable_sort's temporary buffer uses it).
const nothrow_t nothrow{};

void __throw_bad_exception() { fail("std::bad_exception", nullptr); }
void __throw_bad_alloc() { fail("std::bad_alloc", nullptr); }
void __throw_bad_array_new_length() { fail("std::bad_array_new_length", nullptr); }
void __throw_bad_cast() { fail("std::bad_cast", nullptr); }
void __throw_bad_typeid() { fail("std::bad_typeid", nullptr); }
void __throw_logic_error(const char *s) { fail("std::logic_error", s); }
void __throw_domain_error(const char *s) { fail("std::domain_error", s); }
void __throw_invalid_argument(const char *s) { fail("std::invalid_argument", s); }
void __throw_length_error(const char *s) { fail("std::length_error", s); }
void __throw_out_of_range(const char *s) { fail("std::out_of_range", s); }
// The format arguments are dropped: formatting here could itself fail.
void __throw_out_of_range_fmt(const char *s, ...) { fail("std::out_of_range", s); }
void __throw_runtime_error(const char *s) { fail("std::runtime_error", s); }
void __throw_range_error(const char *s) { fail("std::range_error", s); }
void __throw_overflow_error(const char *s) { fail("std::overflow_error", s); }
void __throw_underflow_error(const char *s) { fail("std::underflow_error", s); }
void __throw_ios_failure(const char *s) { fail("std::ios_base::failure", s); }
void __throw_ios_failure(const char *s, int) { fail("std::ios_base::failure", s); }
void __throw_system_error(int) { fail("std::system_error", nullptr); }
void __throw_future_error(int) { fail("std::future_error", nullptr); }
void __throw_bad_function_call() { fail("std::bad_function_call", nullptr); }

// Without RTTI, make_shared tags its control block with the address of a
// private static object; equality of addresses is equality of tags.
bool _Sp_make_shared_tag::_S_eq(const type_info &ti) noexcept { return &ti == &_S_ti(); }

}  // namespace std
