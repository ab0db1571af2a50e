#pragma once
// Internal to src/db: the database client libraries (libpq, libmariadb) are loaded the first time
// a connection needs one, not when driftgate starts. With what they pull in (Kerberos, LDAP, SASL,
// GnuTLS, ...) they are some twenty shared objects, and loading them took half the start-up time
// of `lint`, which never connects. Their headers are still used at build time; each library's
// functions are listed once, in an X-macro, and reached through a table of pointers.
#include <string>
#include <vector>

namespace driftgate {

class ClientLibrary {
 public:
  // Opens the first of `sonames` that loads; throws driftgate::Error naming `package` (what to
  // install) when none does.
  ClientLibrary(const std::vector<std::string>& sonames, const std::string& package);
  // The address of a function the library must export; throws driftgate::Error when absent.
  void* symbol(const char* name) const;

 private:
  void* handle_ = nullptr;  // never closed: the functions are used until the process ends
  std::string soname_;
};

}  // namespace driftgate

// For a library's table of function pointers, each member named and typed as the function its
// header declares: DRIFTGATE_X_FUNCTIONS(DRIFTGATE_CLIENT_POINTER) inside the struct, and
// DRIFTGATE_X_FUNCTIONS(DRIFTGATE_CLIENT_RESOLVE) with `api` and `library` in scope to fill it.
#define DRIFTGATE_CLIENT_POINTER(name) decltype(&::name) name;
#define DRIFTGATE_CLIENT_RESOLVE(name) api.name = reinterpret_cast<decltype(&::name)>(library.symbol(#name));
