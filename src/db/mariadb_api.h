#pragma once
// Internal to src/db: the mysqlclient API functions (libmariadb) the MySQL driver calls, loaded on
// first use (util/shared_library.h says why).
#include <mysql.h>

#include "util/shared_library.h"

#define DRIFTGATE_MARIADB_FUNCTIONS(X)                                                                         \
  X(mysql_init) X(mysql_optionsv) X(mysql_real_connect) X(mysql_close) X(mysql_errno) X(mysql_error)          \
  X(mysql_real_query) X(mysql_store_result) X(mysql_field_count) X(mysql_next_result) X(mysql_free_result)    \
  X(mysql_num_fields) X(mysql_fetch_fields) X(mysql_fetch_row) X(mysql_fetch_lengths)                         \
  X(mysql_real_escape_string) X(mysql_get_server_info) X(mysql_get_server_version) X(mariadb_cancel)

namespace driftgate {

struct MariaDbClient {
  DRIFTGATE_MARIADB_FUNCTIONS(DRIFTGATE_LIBRARY_POINTER)
};

// libmariadb, loaded by the first call; throws driftgate::Error saying what to install when it is absent.
const MariaDbClient& libmariadb();

}  // namespace driftgate
