#include <doctest/doctest.h>

#include "core/schema_diff.h"

using namespace driftgate;

namespace {
Schema base() {
  Schema s;
  Namespace& ns = s.namespace_named("public");
  Table user{"User", {}, PrimaryKey{"User_pkey", {"id"}}, {}, {}, {}, {}, {}};
  user.columns.push_back({"id", "integer", false, {}, ColumnGeneration::Serial, {}, {}});
  user.columns.push_back({"name", "text", true, {}, ColumnGeneration::None, {}, {}});
  user.foreign_keys.push_back({"User_teamId_fkey", {"teamId"}, "public", "Team", {"id"}, "SET NULL", "CASCADE", false});
  ns.tables.push_back(user);
  ns.enums.push_back({"Role", {"USER", "ADMIN"}});
  s.normalise();
  return s;
}

std::vector<std::string> summary(const SchemaDiff& d) {
  std::vector<std::string> out;
  for (const auto& c : d.changes) {
    std::string line = std::string(to_string(c.type)) + " " + to_string(c.kind) + " " + c.table + "." + c.name;
    for (const auto& detail : c.details) line += " [" + detail + "]";
    out.push_back(line);
  }
  return out;
}
}  // namespace

TEST_CASE("equal schemas have an empty diff") {
  Schema a = base(), b = base();
  CHECK(diff_schemas(a, b).empty());
}

TEST_CASE("the diff lists added, removed and changed objects with their details") {
  Schema a = base(), b = base();
  Table& user = b.namespaces[0].tables[0];
  user.columns[1].type = "character varying(20)";
  user.columns[1].nullable = false;
  user.columns.push_back({"email", "text", false, {}, ColumnGeneration::None, {}, {}});
  user.indexes.push_back({"User_email_key", {{"email", false, {}, {}}}, true, false, "btree", {}});
  user.foreign_keys.clear();
  b.namespaces[0].enums[0].values.push_back("GUEST");
  b.normalise();
  CHECK(summary(diff_schemas(a, b)) == std::vector<std::string>{
      "changed enum .Role [values: (USER, ADMIN) -> (USER, ADMIN, GUEST)]",
      "added column User.email",
      "changed column User.name [type: text -> character varying(20)] [nullable: NULL -> NOT NULL]",
      "added index User.User_email_key",
      "removed foreign key User.User_teamId_fkey",
  });
}

TEST_CASE("routines and triggers are compared unless the options relax them") {
  Schema a = base(), b = base();
  b.namespaces[0].routines.push_back({"touch", "", "function", "CREATE FUNCTION touch() ..."});
  CHECK(diff_schemas(a, b).changes.size() == 1);
  DiffOptions relaxed;
  relaxed.compare_routines = false;
  CHECK(diff_schemas(a, b, relaxed).empty());
}
