// Prisma's equivalences in datamodel comparisons (prisma-datamodel-mapping.md §8.2), each against
// the verdict of Prisma 6.19.3's engine in build-oracle/ORACLE-FINDINGS.md (D4-D15), and never in a
// comparison of two databases.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/schema_diff.h"
#include "diff_summary.h"

using namespace driftgate;
using driftgate::testing::summary;

namespace {

Schema table_of(std::vector<Column> columns, std::vector<Index> indexes = {}, std::vector<ForeignKey> keys = {},
                std::vector<Enum> enums = {}) {
  Schema s;
  Namespace& ns = s.namespace_named("public");
  ns.tables.push_back(Table{"T", std::move(columns), {}, std::move(indexes), std::move(keys), {}, {}, {}});
  ns.enums = std::move(enums);
  s.normalise();
  return s;
}

Schema column(const std::string& type, std::optional<std::string> default_value = {}) {
  return table_of({{"c", type, false, std::move(default_value)}});
}

// A history (FROM) against a datamodel (TO), as `diff --from migrations: --to schema:` compares them.
DiffOptions against_datamodel() {
  DiffOptions o = datamodel_diff_options();
  o.to_datamodel = true;
  return o;
}

std::vector<std::string> datamodel_diff(const Schema& database, const Schema& datamodel) {
  return summary(diff_schemas(database, datamodel, against_datamodel()));
}

const char* kTimestamp = "timestamp(3) without time zone";

}  // namespace

TEST_CASE("D4: a datamodel's DateTime literal default equals any database default, but not none") {
  Schema literal = column(kTimestamp, "'2020-01-01 00:00:00'::timestamp without time zone");
  // Another instant, now() or an expression: Prisma cannot compare a DateTime literal, so it is in sync.
  CHECK(datamodel_diff(column(kTimestamp, "'1999-12-31 00:00:00'::timestamp without time zone"), literal).empty());
  CHECK(datamodel_diff(column(kTimestamp, "now()"), literal).empty());
  CHECK(datamodel_diff(column(kTimestamp, "(now() + '1 day'::interval)"), literal).empty());
  CHECK(datamodel_diff(column(kTimestamp), literal) ==
        std::vector<std::string>{
            "changed column T.c [default: (none) -> '2020-01-01 00:00:00'::timestamp without time zone]"});
  // The database's literal is an expression to Prisma, which a datamodel's now() is not.
  CHECK(datamodel_diff(literal, column(kTimestamp, "CURRENT_TIMESTAMP")).size() == 1);
  // Not knowing which side is the datamodel, nor between two databases, is a literal anything but itself.
  CHECK(diff_schemas(column(kTimestamp, "now()"), literal, datamodel_diff_options()).changes.size() == 1);
  CHECK(diff_schemas(column(kTimestamp, "now()"), literal).changes.size() == 1);
}

TEST_CASE("D6, D7: numeric defaults compare by value, exactly, beyond 2^53 too") {
  CHECK(datamodel_diff(column("bigint", "'9007199254740993'::bigint"), column("bigint", "9007199254740993")).empty());
  CHECK(datamodel_diff(column("bigint", "'9007199254740993'::bigint"), column("bigint", "9007199254740992")) ==
        std::vector<std::string>{"changed column T.c [default: '9007199254740993'::bigint -> 9007199254740992]"});
  CHECK(datamodel_diff(column("double precision", "'-0.50'::numeric"), column("double precision", "'-0.5'::numeric"))
            .empty());
  CHECK(datamodel_diff(column("numeric(65,30)", "0.1"), column("numeric(65,30)", "0.10")).empty());
  CHECK(datamodel_diff(column("numeric(65,30)", "(007.0)"), column("numeric(65,30)", "'7'::numeric")).empty());
  CHECK(datamodel_diff(column("integer", "'-0'::integer"), column("integer", "0")).empty());
  CHECK(datamodel_diff(column("numeric(65,30)", "0.1"), column("numeric(65,30)", "0.11")).size() == 1);
  // An integer column reads no fraction: 1.0 is an expression there, not the number 1.
  CHECK(datamodel_diff(column("integer", "1.0"), column("integer", "1")).size() == 1);
  // Two databases: the text is the default.
  CHECK(diff_schemas(column("numeric(65,30)", "0.1"), column("numeric(65,30)", "0.10")).changes.size() == 1);
}

TEST_CASE("D8: now() and CURRENT_TIMESTAMP, with or without a cast, are the same default to Prisma") {
  Schema prisma_now = column(kTimestamp, "CURRENT_TIMESTAMP");
  CHECK(datamodel_diff(column(kTimestamp, "now()"), prisma_now).empty());
  CHECK(datamodel_diff(column(kTimestamp, "now()::timestamp(3) without time zone"), prisma_now).empty());
  // Prisma reads CURRENT_TIMESTAMP(3), transaction_timestamp() and a cast as PostgreSQL prints one,
  // in parentheses, as expressions.
  CHECK(datamodel_diff(column(kTimestamp, "(now())::timestamp(3) without time zone"), prisma_now).size() == 1);
  CHECK(datamodel_diff(column(kTimestamp, "CURRENT_TIMESTAMP(3)"), prisma_now).size() == 1);
  CHECK(datamodel_diff(column(kTimestamp, "transaction_timestamp()"), prisma_now).size() == 1);
  CHECK(diff_schemas(column(kTimestamp, "now()"), prisma_now).changes.size() == 1);
}

TEST_CASE("D9: a datamodel's time type without precision equals any precision; a bare database type is 6") {
  CHECK(datamodel_diff(column("timestamp(2) without time zone"), column("timestamp without time zone")).empty());
  CHECK(datamodel_diff(column("timestamp(0) with time zone"), column("timestamp with time zone")).empty());
  CHECK(datamodel_diff(column("time(6) without time zone"), column("time without time zone")).empty());
  CHECK(datamodel_diff(column("time(3) with time zone[]"), column("time with time zone[]")).empty());
  CHECK(datamodel_diff(column("timestamp without time zone"), column("timestamp(6) without time zone")).empty());
  // A hand-written TIMESTAMP is precision 6, not a DateTime's 3; and the zone still counts.
  CHECK(datamodel_diff(column("timestamp without time zone"), column(kTimestamp)) ==
        std::vector<std::string>{"changed column T.c [type: timestamp without time zone -> " + std::string(kTimestamp) +
                                 "]"});
  CHECK(datamodel_diff(column("timestamp(3) with time zone"), column("timestamp without time zone")).size() == 1);
  // @db.VarChar and @db.Decimal without arguments are differences against bounded database types.
  CHECK(datamodel_diff(column("character varying(50)"), column("character varying")).size() == 1);
  // Which side leaves the precision out must be known; and two databases differ.
  CHECK(diff_schemas(column("timestamp(2) without time zone"), column("timestamp without time zone"),
                     datamodel_diff_options())
            .changes.size() == 1);
  CHECK(diff_schemas(column("timestamp(2) without time zone"), column("timestamp without time zone")).changes.size() ==
        1);
}

TEST_CASE("D14: two types Prisma has no native type for never differ; one it has always does") {
  CHECK(datamodel_diff(column("circle"), column("polygon")).empty());
  CHECK(datamodel_diff(column("geometry(Point,4326)[]"), column("tsvector[]")).empty());
  CHECK(datamodel_diff(column("circle"), column("integer")).size() == 1);
  CHECK(datamodel_diff(column("circle[]"), column("polygon")).size() == 1);
  // An enum is a native type: a change to or from one, or to another enum, is a difference.
  std::vector<Enum> enums = {{"Role", {"A"}}, {"Kind", {"B"}}};
  Schema role = table_of({{"c", "\"Role\"", false}}, {}, {}, enums);
  CHECK(datamodel_diff(role, table_of({{"c", "circle", false}}, {}, {}, enums)).size() == 1);
  CHECK(datamodel_diff(role, table_of({{"c", "\"Kind\"", false}}, {}, {}, enums)).size() == 1);
  CHECK(diff_schemas(column("circle"), column("polygon")).changes.size() == 1);
}

TEST_CASE("D10, D11: B-tree and hash operator classes are read from the database as Prisma reads them: not at all") {
  auto with_index = [](std::optional<std::string> ops, std::string method = "btree") {
    return table_of({{"name", "text", false}}, {Index{"T_name_idx", {{"name", false, {}, std::move(ops)}}, false,
                                                      false, std::move(method), {}}});
  };
  // Prisma recreates a raw("text_pattern_ops") B-tree index on every migration: perpetual drift, labelled.
  SchemaDiff raw = diff_schemas(with_index("text_pattern_ops"), with_index("text_pattern_ops"), against_datamodel());
  CHECK(summary(raw) == std::vector<std::string>{
                            "changed index T.T_name_idx [columns: (name text_pattern_ops), read by Prisma as (name) "
                            "-> (name text_pattern_ops)]"});
  REQUIRE(raw.changes[0].note);
  CHECK(raw.changes[0].note->starts_with("perpetual drift: "));
  CHECK(raw.changes[0].note->find("operator classes of a B-tree or hash index") != std::string::npos);
  // A class the datamodel does not name is one Prisma does not see.
  CHECK(datamodel_diff(with_index("text_pattern_ops"), with_index(std::nullopt)).empty());
  // Other methods' classes are read and compared (a default class is never stored: see the translation).
  CHECK(datamodel_diff(with_index("jsonb_path_ops", "gin"), with_index("jsonb_path_ops", "gin")).empty());
  CHECK(datamodel_diff(with_index(std::nullopt, "gin"), with_index("jsonb_path_ops", "gin")).size() == 1);
  // Two databases, or sides not known: the classes as stored.
  CHECK(diff_schemas(with_index("text_pattern_ops"), with_index("text_pattern_ops")).empty());
  CHECK(diff_schemas(with_index("text_pattern_ops"), with_index("text_pattern_ops"), datamodel_diff_options()).empty());
}

TEST_CASE("D12: a DEFERRABLE foreign key matches in datamodel comparisons, and only a referenced-table change reads as one") {
  ForeignKey plain{"T_u_fkey", {"u"}, "public", "User", {"id"}, "RESTRICT", "CASCADE", false};
  ForeignKey deferrable = plain;
  deferrable.deferrable = true;
  Schema a = table_of({{"u", "integer", false}}, {}, {deferrable}), b = table_of({{"u", "integer", false}}, {}, {plain});
  CHECK(datamodel_diff(a, b).empty());
  CHECK(summary(diff_schemas(a, b)) == std::vector<std::string>{"changed foreign key T.T_u_fkey [deferrable: yes -> no]"});
  ForeignKey restrict = plain;
  restrict.on_delete = "CASCADE";
  CHECK(datamodel_diff(table_of({{"u", "integer", false}}, {}, {restrict}), b) ==
        std::vector<std::string>{"changed foreign key T.T_u_fkey [on delete: CASCADE -> RESTRICT]"});
  ForeignKey other_table = plain;
  other_table.referenced_table = "Account";
  CHECK(datamodel_diff(table_of({{"u", "integer", false}}, {}, {other_table}), b) ==
        std::vector<std::string>{"changed foreign key T.T_u_fkey [references: public.Account(id) -> public.User(id)]"});
}

TEST_CASE("D13: an implicit many-to-many table's foreign keys match whatever their names") {
  auto join = [](std::string a_name) {
    Schema s;
    s.namespace_named("public").tables.push_back(
        Table{"_PostToTag",
              {{"A", "integer", false}, {"B", "integer", false}},
              {},
              {},
              {{std::move(a_name), {"A"}, "public", "Post", {"id"}, "CASCADE", "CASCADE"},
               {"_PostToTag_B_fkey", {"B"}, "public", "Tag", {"id"}, "CASCADE", "CASCADE"}},
              {},
              {},
              {}});
    s.normalise();
    return s;
  };
  CHECK(datamodel_diff(join("legacy_fk_a"), join("_PostToTag_A_fkey")).empty());
  CHECK(summary(diff_schemas(join("legacy_fk_a"), join("_PostToTag_A_fkey"))) ==
        std::vector<std::string>{"added foreign key _PostToTag._PostToTag_A_fkey",
                                 "removed foreign key _PostToTag.legacy_fk_a"});
  // Another definition is still another key; and a table with more columns is not a join table.
  Schema other = join("legacy_fk_a");
  auto& keys = other.namespaces[0].tables[0].foreign_keys;
  std::find_if(keys.begin(), keys.end(), [](const ForeignKey& k) { return k.name == "legacy_fk_a"; })->on_delete =
      "RESTRICT";
  CHECK(datamodel_diff(other, join("_PostToTag_A_fkey")).size() == 2);
  Schema wider = join("legacy_fk_a"), wider_psl = join("_PostToTag_A_fkey");
  wider.namespaces[0].tables[0].columns.push_back({"C", "integer", true});
  wider_psl.namespaces[0].tables[0].columns.push_back({"C", "integer", true});
  CHECK(datamodel_diff(wider, wider_psl).size() == 2);
}

TEST_CASE("D15: a datamodel's extensions are created, never dropped, their version compared when both name one") {
  Schema database = column("text"), datamodel = column("text");
  database.extensions = {{"citext", "public", "1.6"}, {"pg_trgm", "public", "1.6"}};
  datamodel.extensions = {{"citext", "", ""}};
  CHECK(datamodel_diff(database, datamodel).empty());
  datamodel.extensions.push_back({"pgcrypto", "", ""});
  CHECK(datamodel_diff(database, datamodel) == std::vector<std::string>{"added extension .pgcrypto"});
  datamodel.extensions = {{"citext", "", "1.5"}};
  CHECK(datamodel_diff(database, datamodel) == std::vector<std::string>{"changed extension .citext [version: 1.6 -> 1.5]"});
  // A datamodel that declares none compares none, in either direction.
  DiffOptions reverse = datamodel_diff_options();
  reverse.from_datamodel = true;
  CHECK(diff_schemas(column("text"), database, reverse).empty());
  // Two databases: every extension and its version and schema.
  CHECK(diff_schemas(database, datamodel).changes.size() == 2);
}
