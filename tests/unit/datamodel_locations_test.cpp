#include <doctest/doctest.h>

#include "datamodel/locations.h"
#include "datamodel/parser.h"

using namespace driftgate;
using namespace driftgate::psl;

namespace {

const char* kSchema = R"psl(datasource db {
  provider = "postgresql"
}

enum Role {
  USER
  ADMIN
  @@map("role")
}
model User {
  id     Int     @id
  email  String  @unique
  name   String? @map("full_name")
  groups Group[]
  @@map("users")
}
model Group {
  id    Int    @id
  users User[]
}
model Log {
  id Int @id
  @@schema("audit")
}
)psl";

SchemaChange change(ObjectKind kind, std::string ns, std::string table, std::string name) {
  return {kind, ChangeType::Changed, std::move(ns), std::move(table), std::move(name), {}, {}};
}

}  // namespace

TEST_CASE("DatamodelLocator: the declaration that creates a column, a table, an enum") {
  Datamodel dm = parse_datamodel({{"prisma/schema.prisma", kSchema}});
  DatamodelLocator locator(dm);
  auto at = [&](const SchemaChange& c) { return locator.locate(c).str(); };

  // A mapped field in a mapped model: the field's declaration.
  CHECK(at(change(ObjectKind::Column, "public", "users", "full_name")) == "prisma/schema.prisma:13:3");
  CHECK(at(change(ObjectKind::Column, "public", "users", "email")) == "prisma/schema.prisma:12:3");
  // The model's own name is not the table's.
  CHECK(at(change(ObjectKind::Column, "public", "User", "email")).empty());
  // A column the model does not declare, a table-level object: the model's name.
  CHECK(at(change(ObjectKind::Column, "public", "users", "gone")) == "prisma/schema.prisma:10:7");
  CHECK(at(change(ObjectKind::Table, "public", "users", "users")) == "prisma/schema.prisma:10:7");
  CHECK(at(change(ObjectKind::Index, "public", "users", "users_email_key")) == "prisma/schema.prisma:10:7");
  // A mapped enum.
  CHECK(at(change(ObjectKind::Enum, "public", "", "role")) == "prisma/schema.prisma:5:6");
  CHECK(at(change(ObjectKind::Enum, "public", "", "Role")).empty());
  // @@schema: matched when the change names a schema, ignored when it names none.
  CHECK(at(change(ObjectKind::Table, "audit", "Log", "Log")) == "prisma/schema.prisma:21:7");
  CHECK(at(change(ObjectKind::Table, "", "Log", "Log")) == "prisma/schema.prisma:21:7");
  CHECK(at(change(ObjectKind::Table, "public", "Log", "Log")).empty());
  // An implicit many-to-many join table: the first relation field that creates it.
  CHECK(at(change(ObjectKind::Table, "public", "_GroupToUser", "_GroupToUser")) == "prisma/schema.prisma:19:3");
  CHECK(at(change(ObjectKind::Column, "public", "_GroupToUser", "A")) == "prisma/schema.prisma:19:3");
  // What no block creates.
  CHECK(at(change(ObjectKind::Table, "public", "Nope", "Nope")).empty());
  CHECK(at(change(ObjectKind::Extension, "", "", "citext")).empty());
}
