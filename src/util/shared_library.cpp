#include "util/shared_library.h"

#include <dlfcn.h>

#include "core/error.h"
#include "util/join.h"

namespace driftgate {

SharedLibrary::SharedLibrary(const std::vector<std::string>& sonames, const std::string& package) {
  std::string why;
  for (const auto& soname : sonames) {
    handle_ = dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle_) {
      soname_ = soname;
      return;
    }
    if (why.empty()) why = dlerror();
  }
  throw Error("cannot load " + join(sonames, " or ") + " (" + why + "): install " + package);
}

void* SharedLibrary::symbol(const char* name) const {
  void* address = dlsym(handle_, name);
  if (!address) throw Error(soname_ + " has no function " + name + ": it is too old for driftgate");
  return address;
}

}  // namespace driftgate
