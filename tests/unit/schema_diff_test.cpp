#include <doctest/doctest.h>

#include <sstream>

#include "core/schema_diff.h"
#include "diff_summary.h"
#include "report/diff_report.h"

using namespace driftgate;
using driftgate::testing::summary;

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

// One table "T" holding `columns`, as a datamodel or a database would have it.
Schema table_of(std::vector<Column> columns) {
  Schema s;
  s.namespace_named("public").tables.push_back(Table{"T", std::move(columns), {}, {}, {}, {}, {}, {}});
  s.normalise();
  return s;
}

// The diff of one column "c" between a database and a datamodel whose default is dbgenerated.
SchemaDiff dbgenerated_diff(const Schema& db, const Schema& psl) {
  DiffOptions o = datamodel_diff_options();
  o.to_dbgenerated.expression = {{"public", "T", "c"}};
  return diff_schemas(db, psl, o);
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

TEST_CASE("a dbgenerated default is compared as Prisma compares it: as text ignoring case, never equal to a value") {
  auto db = [](std::string type, std::string def) { return table_of({{"c", type, false, def}}); };
  // GEN_RANDOM_UUID() is stored as gen_random_uuid(): in sync for Prisma, though the texts differ.
  Schema upper_db = db("uuid", "gen_random_uuid()"), upper_psl = db("uuid", "GEN_RANDOM_UUID()");
  CHECK(dbgenerated_diff(upper_db, upper_psl).empty());
  CHECK(summary(diff_schemas(upper_db, upper_psl, datamodel_diff_options())) ==
        std::vector<std::string>{"changed column T.c [default: gen_random_uuid() -> GEN_RANDOM_UUID()]"});

  // now() on a timestamp is read back as now(), which never equals an expression: the same text differs,
  // and the datamodel's side shows as the datamodel writes it.
  Schema now_db = db("timestamp(3) without time zone", "now()");
  SchemaDiff now = dbgenerated_diff(now_db, now_db);
  CHECK(summary(now) == std::vector<std::string>{"changed column T.c [default: now() -> dbgenerated(\"now()\")]"});
  REQUIRE(now.changes[0].note);
  CHECK(now.changes[0].note->find("reads this stored default back as a literal, now() or a sequence") !=
        std::string::npos);
  // The same text on a uuid column is an expression either way.
  Schema uuid_db = db("uuid", "now()");
  CHECK(dbgenerated_diff(uuid_db, uuid_db).empty());
  // A string literal on a text column is a value; cast-less in the datamodel, cast in the database.
  Schema literal_db = db("text", "'abc'::text"), literal_psl = db("text", "'abc'");
  SchemaDiff literal = dbgenerated_diff(literal_db, literal_psl);
  REQUIRE(literal.changes.size() == 1);
  CHECK(literal.changes[0].note->find("re-prints a dbgenerated() expression") != std::string::npos);

  // PostgreSQL's re-printing: parentheses and casts added, spacing changed.
  Schema reprinted_db = db("text", "(gen_random_uuid())::text"), reprinted_psl = db("text", "gen_random_uuid()::text");
  SchemaDiff reprinted = dbgenerated_diff(reprinted_db, reprinted_psl);
  REQUIRE(reprinted.changes.size() == 1);
  CHECK(reprinted.changes[0].note->find("re-prints a dbgenerated() expression") != std::string::npos);
  Schema spaced_db = db("text", "md5('x'::text)"), spaced_psl = db("text", "md5( 'x' )");
  CHECK(dbgenerated_diff(spaced_db, spaced_psl).changes.at(0).note);
  // Another literal is another default, not a re-printing.
  Schema other_db = db("text", "md5('X'::text)");
  SchemaDiff other_literal = dbgenerated_diff(other_db, spaced_psl);
  REQUIRE(other_literal.changes.size() == 1);
  CHECK_FALSE(other_literal.changes[0].note);
  // Another expression is an ordinary difference.
  Schema v4_db = db("uuid", "uuid_generate_v4()");
  SchemaDiff v4 = dbgenerated_diff(v4_db, upper_db);
  REQUIRE(v4.changes.size() == 1);
  CHECK_FALSE(v4.changes[0].note);

  // Two datamodels: two expressions, compared as text ignoring case, whatever a database makes of them.
  DiffOptions two = datamodel_diff_options();
  two.from_dbgenerated.expression = two.to_dbgenerated.expression = {{"public", "T", "c"}};
  CHECK(diff_schemas(now_db, db("timestamp(3) without time zone", "NOW()"), two).empty());
  SchemaDiff changed = diff_schemas(now_db, db("timestamp(3) without time zone", "clock_timestamp()"), two);
  REQUIRE(changed.changes.size() == 1);
  CHECK_FALSE(changed.changes[0].note);
}

TEST_CASE("dbgenerated() without an expression: on TO it matches any default, on FROM nothing") {
  Schema with_default = table_of({{"c", "uuid", false, "gen_random_uuid()"}});
  Schema without = table_of({{"c", "uuid", false}});
  DiffOptions to_psl = datamodel_diff_options();
  to_psl.to_datamodel = true;
  to_psl.to_dbgenerated.unmanaged = {{"public", "T", "c"}};
  CHECK(diff_schemas(with_default, without, to_psl).empty());
  CHECK(diff_schemas(without, without, to_psl).empty());
  // The type is still compared.
  Schema text = table_of({{"c", "text", false}});
  CHECK(summary(diff_schemas(text, without, to_psl)) ==
        std::vector<std::string>{"changed column T.c [type: text -> uuid]"});

  // FROM the datamodel, Prisma finds it different from the database whatever that has: perpetual drift.
  DiffOptions from_psl = datamodel_diff_options();
  from_psl.from_datamodel = true;
  from_psl.from_dbgenerated.unmanaged = {{"public", "T", "c"}};
  SchemaDiff none = diff_schemas(without, without, from_psl);
  CHECK(summary(none) == std::vector<std::string>{"changed column T.c [default: dbgenerated() -> (none)]"});
  REQUIRE(none.changes[0].note);
  CHECK(none.changes[0].note->find("dbgenerated() without an expression") != std::string::npos);
  CHECK(summary(diff_schemas(without, with_default, from_psl)) ==
        std::vector<std::string>{"changed column T.c [default: dbgenerated() -> gen_random_uuid()]"});
  // Two datamodels that both leave the default to the database agree.
  from_psl.to_dbgenerated.unmanaged = from_psl.from_dbgenerated.unmanaged;
  CHECK(diff_schemas(without, without, from_psl).empty());

  // Prisma's differ has the rule for every provider.
  without.provider = with_default.provider = Provider::MySQL;
  to_psl.read_as_prisma = false;
  CHECK(diff_schemas(with_default, without, to_psl).empty());
}

TEST_CASE("Prisma's perpetual drift on types and long names is labelled, in datamodel comparisons only") {
  Schema db = table_of({{"code", "character(1)", false}, {"flags", "bit(1)[]", true}, {"wide", "character(2)", false}});
  Schema psl = table_of({{"code", "character", false}, {"flags", "bit[]", true}, {"wide", "character", false}});
  SchemaDiff d = diff_schemas(db, psl, datamodel_diff_options());
  REQUIRE(d.changes.size() == 3);
  CHECK(d.changes[0].note->find("@db.Char without a length is character(1)") != std::string::npos);
  CHECK(d.changes[1].note->find("@db.Bit without a length is bit(1)") != std::string::npos);
  CHECK_FALSE(d.changes[2].note);  // character(2) was never Prisma's @db.Char
  for (const auto& c : diff_schemas(db, psl).changes) CHECK_FALSE(c.note);

  std::string long_name = "thisColumnNameIsLongerThanTheSixtyThreeBytesThatPostgreSQLKeepsOfIt";
  Schema cut = table_of({{long_name.substr(0, 63), "integer", true}, {"short", "integer", true}});
  Schema full = table_of({{long_name, "integer", true}});
  SchemaDiff names = diff_schemas(cut, full, datamodel_diff_options());
  REQUIRE(names.changes.size() == 3);
  CHECK_FALSE(names.changes[0].note);  // "short": an ordinary removal
  CHECK(names.changes[1].note->find("cuts names to 63 bytes") != std::string::npos);  // PostgreSQL's cut
  CHECK(names.changes[2].note->find("cuts names to 63 bytes") != std::string::npos);  // the datamodel's
}

TEST_CASE("a change's note reaches the text and JSON reports") {
  SchemaDiff d = diff_schemas(table_of({{"code", "character(1)", false}}), table_of({{"code", "character", false}}),
                              datamodel_diff_options());
  std::ostringstream text;
  render_diff_text(d, "migrations:m", "schema:s", text);
  CHECK(text.str().find("      type: character(1) -> character\n      note: perpetual drift: ") != std::string::npos);
  auto json = diff_to_json(d, "migrations:m", "schema:s");
  CHECK(json["changes"][0]["note"] == *d.changes[0].note);
  SchemaDiff plain = diff_schemas(table_of({{"c", "text", false}}), table_of({{"c", "integer", false}}));
  CHECK_FALSE(diff_to_json(plain, "a", "b")["changes"][0].contains("note"));
}
