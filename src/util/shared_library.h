#pragma once
// Libraries that only some commands need are loaded the first time one of their functions is,
// not when driftgate starts: the database clients (libpq, libmariadb, which with Kerberos, LDAP,
// SASL, GnuTLS, ... are some twenty shared objects) and OpenSSL's libcrypto (thousands of
// relocations). Loading them took more than half the start-up time of `lint`, which needs none.
// Their headers are still used at build time; each library's functions are listed once, in an
// X-macro, and reached through a table of pointers.
#include <string>
#include <vector>

namespace driftgate {

class SharedLibrary {
 public:
  // Opens the first of `sonames` that loads; throws driftgate::Error naming `package` (what to
  // install) when none does.
  SharedLibrary(const std::vector<std::string>& sonames, const std::string& package);
  // The address of a function the library must export; throws driftgate::Error when absent.
  void* symbol(const char* name) const;

 private:
  void* handle_ = nullptr;  // never closed: the functions are used until the process ends
  std::string soname_;
};

}  // namespace driftgate

// For a library's table of function pointers, each member named and typed as the function its
// header declares: DRIFTGATE_X_FUNCTIONS(DRIFTGATE_LIBRARY_POINTER) inside the struct, and
// DRIFTGATE_X_FUNCTIONS(DRIFTGATE_LIBRARY_RESOLVE) with `api` and `library` in scope to fill it.
#define DRIFTGATE_LIBRARY_POINTER(name) decltype(&::name) name;
#define DRIFTGATE_LIBRARY_RESOLVE(name) api.name = reinterpret_cast<decltype(&::name)>(library.symbol(#name));
