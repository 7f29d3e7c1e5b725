/*
 * bits/c++locale.h — locale-model shim for the host's libstdc++ 12 headers.
 *
 * The host's copy is the GNU model, built on glibc's __locale_t/uselocale,
 * which picolibc lacks. Headers such as <iterator>, <string> and <bitset>
 * include it only for these two declarations; zkVM guests have a single "C"
 * locale, so a plain pointer type and a vsnprintf call suffice. (Streams and
 * std::locale themselves need the compiled library and stay unavailable.)
 */
#ifndef _GLIBCXX_CXX_LOCALE_H
#define _GLIBCXX_CXX_LOCALE_H 1

#pragma GCC system_header

#include <clocale>

#define _GLIBCXX_NUM_CATEGORIES 0

namespace std _GLIBCXX_VISIBILITY(default)
{
_GLIBCXX_BEGIN_NAMESPACE_VERSION

  typedef int* __c_locale;

  // Formats a floating-point value for the num_put facet; the locale is
  // always "C" here, so it is ignored.
  inline int
  __convert_from_v(const __c_locale&, char* __out, const int __size,
                   const char* __fmt, ...)
  {
    __builtin_va_list __args;
    __builtin_va_start(__args, __fmt);
    const int __ret = __builtin_vsnprintf(__out, __size, __fmt, __args);
    __builtin_va_end(__args);
    return __ret;
  }

_GLIBCXX_END_NAMESPACE_VERSION
} // namespace std

#endif
