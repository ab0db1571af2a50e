#include <doctest/doctest.h>

#include "core/error.h"
#include "util/shared_library.h"
#include "db/libpq_api.h"

using namespace driftgate;

TEST_CASE("a missing client library says what to install") {
  try {
    SharedLibrary({"libdriftgate-absent.so.1", "libdriftgate-absent.so.2"}, "libabsent1 (apt-get install libabsent1)");
    FAIL("loaded a library that does not exist");
  } catch (const Error& e) {
    std::string message = e.what();
    CHECK(message.starts_with("cannot load libdriftgate-absent.so.1 or libdriftgate-absent.so.2 ("));
    CHECK(message.ends_with("): install libabsent1 (apt-get install libabsent1)"));
  }
}

TEST_CASE("libpq loads on first use with every function the driver calls") {
  const LibPq& api = libpq();
  CHECK(bool(api.PQconnectdbParams));
  CHECK(bool(api.PQfreeCancel));
  CHECK(&libpq() == &api);  // loaded once
  SharedLibrary library({"libpq.so.5"}, "libpq5");
  CHECK_THROWS_AS(library.symbol("PQno_such_function"), Error);
}
