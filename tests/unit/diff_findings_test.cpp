#include <doctest/doctest.h>

#include "core/diff_findings.h"

using namespace driftgate;

namespace {

SchemaChange change(ObjectKind kind, ChangeType type, std::string ns, std::string table, std::string name,
                    std::vector<std::string> details = {}, std::optional<std::string> note = {}) {
  return {kind, type, std::move(ns), std::move(table), std::move(name), std::move(details), std::move(note)};
}

}  // namespace

TEST_CASE("describe_change names the object, its table and schema, and what changed") {
  CHECK(describe_change(change(ObjectKind::Column, ChangeType::Added, "public", "User", "name")) ==
        R"(column "User"."name" added)");
  CHECK(describe_change(change(ObjectKind::Column, ChangeType::Removed, "", "User", "name")) ==
        R"(column "User"."name" removed)");
  CHECK(describe_change(change(ObjectKind::Column, ChangeType::Changed, "audit", "Log", "at",
                               {"type: integer -> bigint", "nullable: false -> true"})) ==
        R"(column "audit"."Log"."at" changed (type: integer -> bigint; nullable: false -> true))");
  CHECK(describe_change(change(ObjectKind::Table, ChangeType::Removed, "audit", "Log", "Log")) ==
        R"(table "audit"."Log" removed)");
  CHECK(describe_change(change(ObjectKind::Table, ChangeType::Added, "public", "Post", "Post")) ==
        R"(table "Post" added)");
  CHECK(describe_change(change(ObjectKind::Index, ChangeType::Changed, "public", "User", "User_email_key",
                               {"unique: false -> true"})) ==
        R"(index "User_email_key" on "User" changed (unique: false -> true))");
  CHECK(describe_change(change(ObjectKind::ForeignKey, ChangeType::Added, "audit", "Log", "Log_userId_fkey")) ==
        R"(foreign key "Log_userId_fkey" on "audit"."Log" added)");
  CHECK(describe_change(change(ObjectKind::PrimaryKey, ChangeType::Removed, "public", "User", "User_pkey")) ==
        R"(primary key "User_pkey" on "User" removed)");
  CHECK(describe_change(change(ObjectKind::Enum, ChangeType::Changed, "public", "", "Role",
                               {"values: [USER, ADMIN] -> [USER]"})) ==
        R"(enum "Role" changed (values: [USER, ADMIN] -> [USER]))");
  CHECK(describe_change(change(ObjectKind::Enum, ChangeType::Added, "audit", "", "Kind")) ==
        R"(enum "audit"."Kind" added)");
  CHECK(describe_change(change(ObjectKind::Namespace, ChangeType::Added, "audit", "", "audit")) ==
        R"(schema "audit" added)");
  CHECK(describe_change(change(ObjectKind::Extension, ChangeType::Removed, "", "", "citext")) ==
        R"(extension "citext" removed)");
}

TEST_CASE("diff_findings: one finding per change, located, with the details as notes") {
  SchemaDiff diff;
  diff.changes.push_back(change(ObjectKind::Column, ChangeType::Added, "public", "User", "name"));
  diff.changes.push_back(change(ObjectKind::Column, ChangeType::Changed, "public", "User", "age",
                                {"type: integer -> bigint"}, "Prisma reports this too"));
  diff.changes.push_back(change(ObjectKind::Table, ChangeType::Removed, "public", "Log", "Log"));

  DiffFindingOptions options;
  options.rule_id = "DG601";
  options.level = Level::Warning;
  options.message_prefix = "drift: ";
  options.fallback = {"prisma/migrations"};
  options.locate = [](const SchemaChange& c) {
    return c.table == "User" ? SourceLocation{"prisma/schema.prisma", c.name == "name" ? 4 : 5, 3} : SourceLocation{};
  };
  std::vector<Finding> findings = diff_findings(diff, options);
  REQUIRE(findings.size() == 3);

  CHECK(findings[0].rule_id == "DG601");
  CHECK(findings[0].level == Level::Warning);
  CHECK(findings[0].message == R"(drift: column "User"."name" added)");
  CHECK(findings[0].location.str() == "prisma/schema.prisma:4:3");
  CHECK(findings[0].notes.empty());

  CHECK(findings[1].message == R"(drift: column "User"."age" changed (type: integer -> bigint))");
  CHECK(findings[1].location.str() == "prisma/schema.prisma:5:3");
  CHECK(findings[1].notes == std::vector<std::string>{"type: integer -> bigint", "Prisma reports this too"});

  CHECK(findings[2].message == R"(drift: table "Log" removed)");
  CHECK(findings[2].location.str() == "prisma/migrations");

  // Without a locator every finding takes the fallback.
  options.locate = nullptr;
  for (const auto& f : diff_findings(diff, options)) CHECK(f.location.file == "prisma/migrations");
}

TEST_CASE("diff_findings: the fingerprint names the object, not what differs about it") {
  SchemaDiff a, b, c;
  a.changes.push_back(change(ObjectKind::Column, ChangeType::Changed, "public", "User", "age", {"type: integer -> bigint"}));
  b.changes.push_back(change(ObjectKind::Column, ChangeType::Changed, "public", "User", "age", {"type: integer -> text"}));
  c.changes.push_back(change(ObjectKind::Column, ChangeType::Changed, "public", "User", "size", {"type: integer -> text"}));
  DiffFindingOptions options{.rule_id = "DG611"};
  std::vector<Finding> fa = diff_findings(a, options), fb = diff_findings(b, options), fc = diff_findings(c, options);
  fingerprint_findings(fa), fingerprint_findings(fb), fingerprint_findings(fc);
  CHECK(fa[0].message != fb[0].message);
  CHECK(fa[0].fingerprint == fb[0].fingerprint);
  CHECK(fa[0].fingerprint != fc[0].fingerprint);
  CHECK(fa[0].location.file.empty());
}
