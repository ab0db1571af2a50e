#include "db/libpq_api.h"

namespace driftgate {

const LibPq& libpq() {
  static const LibPq loaded = [] {
    SharedLibrary library({"libpq.so.5"}, "PostgreSQL's client library libpq (Debian/Ubuntu: apt-get install libpq5)");
    LibPq api;
    DRIFTGATE_LIBPQ_FUNCTIONS(DRIFTGATE_LIBRARY_RESOLVE)
    return api;
  }();
  return loaded;
}

}  // namespace driftgate
