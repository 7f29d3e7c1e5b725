/*
 * bits/os_defines.h — OS shim that lets the host's libstdc++ 12 headers
 * (Debian libstdc++-12-dev) be used for zkVM guests.
 *
 * Debian's riscv64-unknown-elf-g++ ships without libstdc++, so the SDK compiles
 * C++ against the host's headers (-isystem this dir, /usr/include/c++/12 and
 * the host's /usr/include/<triplet>/c++/12 for bits/c++config.h). That
 * c++config.h includes <bits/os_defines.h>; the host's own copy includes
 * glibc's <features.h>, which does not exist for picolibc. This file, found
 * first, replaces it with the (empty) bare-metal set of definitions.
 *
 * Only the header-only parts of the library work (std::array, <algorithm>,
 * <utility>, <type_traits>, <limits>, <optional>, <variant>, std::vector,
 * std::string, std::unique_ptr/shared_ptr, std::function...); anything needing
 * the compiled libstdc++ (iostream, std::map/set, locale, threads) fails to
 * link. guest/sdk/c/cxxrt.cpp supplies the few out-of-line runtime pieces
 * (operator new/delete, __cxa_pure_virtual, std::__throw_*).
 */
#ifndef _GLIBCXX_OS_DEFINES
#define _GLIBCXX_OS_DEFINES 1

/* Single hart, no threads: gthreads must not be used through weak symbols. */
#define _GLIBCXX_GTHREAD_USE_WEAK 0

/* c++config.h declares the std::string/std::basic_string instantiations (and a
   few others) `extern template`, i.e. compiled into libstdc++.so. There is no
   such library here, so let the compiler instantiate them implicitly: this
   header is included after c++config.h has set the macro. */
#undef _GLIBCXX_EXTERN_TEMPLATE
#define _GLIBCXX_EXTERN_TEMPLATE 0

#endif
