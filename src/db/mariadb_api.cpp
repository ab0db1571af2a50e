#include "db/mariadb_api.h"

namespace driftgate {

const MariaDbClient& libmariadb() {
  static const MariaDbClient loaded = [] {
    SharedLibrary library({"libmariadb.so.3"},
                          "the MariaDB client library libmariadb (Debian/Ubuntu: apt-get install libmariadb3)");
    MariaDbClient api;
    DRIFTGATE_MARIADB_FUNCTIONS(DRIFTGATE_LIBRARY_RESOLVE)
    return api;
  }();
  return loaded;
}

}  // namespace driftgate
