#include <doctest/doctest.h>

#include <string>

#include "db/mysql8_emulation.h"

using namespace driftgate;

namespace {

MigrationDir history(std::initializer_list<std::string> scripts) {
  MigrationDir dir;
  int i = 0;
  for (const auto& s : scripts) dir.migrations.push_back({"0" + std::to_string(++i), {}, {}, s});
  return dir;
}

}  // namespace

TEST_CASE("mysql8_functions_called: the calls a history makes and does not define, outside strings and comments") {
  CHECK(mysql8_functions_called(history({"UPDATE t SET u = bin_to_uuid(RANDOM_BYTES(16));"})) ==
        std::vector<std::string>{"BIN_TO_UUID"});
  CHECK(mysql8_functions_called(history({"INSERT INTO t VALUES (UUID_TO_BIN(UUID(), 1), BIN_TO_UUID(x))"})) ==
        std::vector<std::string>{"UUID_TO_BIN", "BIN_TO_UUID"});
  CHECK(mysql8_functions_called(history({"SELECT 'BIN_TO_UUID(x)' -- UUID_TO_BIN(y)\n; /* BIN_TO_UUID(z) */"})).empty());
  CHECK(mysql8_functions_called(history({"SELECT other.BIN_TO_UUID(x)"})).empty());
  CHECK(mysql8_functions_called(history({"CREATE FUNCTION `BIN_TO_UUID`(b BINARY(16)) RETURNS CHAR(36) RETURN HEX(b);",
                                         "SELECT BIN_TO_UUID(x), UUID_TO_BIN(y)"})) ==
        std::vector<std::string>{"UUID_TO_BIN"});
  CHECK(mysql8_functions_called(history({"DROP FUNCTION IF EXISTS UUID_TO_BIN", "SELECT UUID_TO_BIN(y)"})).empty());
}

TEST_CASE("rewrite_mysql8_calls sends two-argument calls to the swap functions, and nothing else") {
  std::vector<std::string> both = {"UUID_TO_BIN", "BIN_TO_UUID"};
  CHECK(rewrite_mysql8_calls("SELECT BIN_TO_UUID(x)", both) == std::nullopt);
  CHECK(rewrite_mysql8_calls("SELECT BIN_TO_UUID(UUID_TO_BIN(u, 1), 1), UUID_TO_BIN(CONCAT(a, b))", both) ==
        "SELECT driftgate_bin_to_uuid_swap(driftgate_uuid_to_bin_swap(u, 1), 1), UUID_TO_BIN(CONCAT(a, b))");
  CHECK(rewrite_mysql8_calls("SELECT 'UUID_TO_BIN(u, 1)' /* UUID_TO_BIN(u, 1) */, uuid_to_bin(`a,b`, 1)", both) ==
        "SELECT 'UUID_TO_BIN(u, 1)' /* UUID_TO_BIN(u, 1) */, driftgate_uuid_to_bin_swap(`a,b`, 1)");
  CHECK(rewrite_mysql8_calls("SELECT UUID_TO_BIN(u, 1)", {"BIN_TO_UUID"}) == std::nullopt);
  CHECK(rewrite_mysql8_calls("SELECT UUID_TO_BIN(u, 1)", {}) == std::nullopt);
}

TEST_CASE("drop_emulated_routines removes the emulations and keeps the history's own routines") {
  Schema schema;
  Namespace ns;
  ns.routines = {{"BIN_TO_UUID", "blob", "function", ""}, {"driftgate_bin_to_uuid_swap", "blob, bigint", "function", ""},
                 {"UUID_TO_BIN", "text", "function", ""}, {"mine", "", "function", ""}};
  schema.namespaces.push_back(ns);
  drop_emulated_routines(schema, {"BIN_TO_UUID"});
  REQUIRE(schema.namespaces[0].routines.size() == 2);
  CHECK(schema.namespaces[0].routines[0].name == "UUID_TO_BIN");
  CHECK(schema.namespaces[0].routines[1].name == "mine");
  CHECK(emulated_mysql8_function("driftgate_UUID_to_bin_swap") == "UUID_TO_BIN");
  CHECK(emulated_mysql8_function("mine") == std::nullopt);
}
