// The type-change classification against what PostgreSQL 15 did (pg_relation_filenode of the
// table and of an index on the column, before and after ALTER COLUMN ... TYPE).
#include <doctest/doctest.h>

#include <string>
#include <tuple>

#include "lint/change.h"
#include "lint/type_change.h"
#include "sql/sql_file.h"

using namespace driftgate;

namespace {

// The type as the change extractor reads it from `CREATE TABLE t (c <spelling>)`.
TypeRef type_of(const std::string& spelling) {
  SqlFile file = SqlFile::parse_postgres("CREATE TABLE t (c " + spelling + ");", false);
  auto changes = extract_changes(file.statements().at(0), file.text());
  return changes.at(0).as<CreateTable>()->columns.at(0).type;
}

TypeChangeClass classify(const std::string& from, const std::string& to, bool has_using = false) {
  return classify_type_change(type_of(from), type_of(to), has_using);
}

}  // namespace

TEST_CASE("type changes PostgreSQL makes in the catalogue only") {
  for (auto [from, to] : {std::pair{"VARCHAR(10)", "VARCHAR(20)"}, {"VARCHAR(10)", "TEXT"},
                          {"VARCHAR(10)", "VARCHAR"}, {"TEXT", "VARCHAR"},
                          {"character varying(10)", "varchar(10)"},
                          {"NUMERIC(10,2)", "DECIMAL(12,2)"}, {"NUMERIC(10,2)", "NUMERIC"},
                          {"TIMESTAMP(3)", "TIMESTAMP(6)"}, {"TIMESTAMP(3)", "TIMESTAMP"},
                          {"TIMESTAMP", "TIMESTAMP(6)"}, {"TIMESTAMPTZ(3)", "TIMESTAMPTZ"},
                          {"TIME(3)", "TIME"}, {"bit varying(5)", "varbit(10)"}, {"CIDR", "INET"},
                          {"INT", "INTEGER"}, {"\"Role\"", "\"Role\""}}) {
    std::string change = std::string(from) + " -> " + to;
    CAPTURE(change);
    auto c = classify(from, to);
    CHECK(c.storage == TypeChangeStorage::Unchanged);
    CHECK(c.values == TypeChangeValues::Kept);
  }
}

TEST_CASE("citext keeps the rows but rebuilds the indexes") {
  CHECK(classify("TEXT", "CITEXT").storage == TypeChangeStorage::IndexesRebuilt);
  CHECK(classify("VARCHAR(10)", "CITEXT").storage == TypeChangeStorage::IndexesRebuilt);
  CHECK(classify("CITEXT", "TEXT").storage == TypeChangeStorage::IndexesRebuilt);
  CHECK(classify("CITEXT", "VARCHAR(10)").storage == TypeChangeStorage::TableRewritten);
}

TEST_CASE("widenings that still rewrite the table") {
  for (auto [from, to] : {std::pair{"INTEGER", "BIGINT"}, {"SMALLINT", "INTEGER"},
                          {"REAL", "DOUBLE PRECISION"},
                          {"NUMERIC(10,2)", "NUMERIC(12,3)"}, {"INTEGER", "NUMERIC"},
                          {"VARCHAR(10)[]", "VARCHAR(20)[]"}, {"TEXT[]", "VARCHAR[]"}}) {
    std::string change = std::string(from) + " -> " + to;
    CAPTURE(change);
    auto c = classify(from, to);
    CHECK(c.storage == TypeChangeStorage::TableRewritten);
    CHECK(c.values == TypeChangeValues::Kept);
  }
}

TEST_CASE("changes that rewrite the table and may change values") {
  using V = TypeChangeValues;
  for (auto [from, to, values] :
       {std::tuple{"VARCHAR(20)", "VARCHAR(10)", V::MayFail}, {"TEXT", "VARCHAR(10)", V::MayFail},
        {"BIGINT", "INTEGER", V::MayFail}, {"NUMERIC", "NUMERIC(10,2)", V::MayFail},
        {"NUMERIC(10,2)", "NUMERIC(12,1)", V::Narrowed}, {"TIMESTAMP(6)", "TIMESTAMP(3)", V::Narrowed},
        {"TIMESTAMP(3)", "TIMESTAMPTZ(3)", V::Reinterpreted}, {"CHAR(5)", "CHAR(10)", V::Kept},
        {"CHAR(5)", "TEXT", V::Reinterpreted}, {"INTEGER", "TEXT", V::Kept}, {"TEXT", "JSONB", V::MayFail},
        {"\"Role\"", "\"Role2\"", V::MayFail}, {"BIGINT", "DOUBLE PRECISION", V::Narrowed}}) {
    std::string change = std::string(from) + " -> " + to;
    CAPTURE(change);
    auto c = classify(from, to);
    CHECK(c.storage == TypeChangeStorage::TableRewritten);
    CHECK(c.values == values);
  }
}

TEST_CASE("what the cast does to the values") {
  using V = TypeChangeValues;
  for (auto [from, to, values] :
       {std::tuple{"TEXT", "INTEGER", V::MayFail}, {"INTEGER", "SMALLINT", V::MayFail},
        {"INTEGER", "NUMERIC(65,30)", V::Kept}, {"BIGINT", "NUMERIC(10,0)", V::MayFail},
        {"DOUBLE PRECISION", "INTEGER", V::MayFail}, {"DOUBLE PRECISION", "REAL", V::MayFail},
        {"NUMERIC(10,2)", "DOUBLE PRECISION", V::Narrowed}, {"TIMESTAMP(3)", "DATE", V::Narrowed},
        {"DATE", "TIMESTAMP(3)", V::Kept}, {"TIME", "TIMETZ", V::Reinterpreted}, {"TIMETZ", "TIME", V::Narrowed},
        {"TEXT", "TEXT[]", V::MayFail}, {"TEXT[]", "TEXT", V::Kept}, {"INTEGER[]", "BIGINT[]", V::Kept},
        {"\"Role\"", "TEXT", V::Kept}, {"\"Role\"", "VARCHAR(10)", V::MayFail}, {"JSONB", "JSON", V::Kept},
        {"UUID", "TEXT", V::Kept}, {"TEXT", "UUID", V::MayFail}, {"INET", "CIDR", V::MayFail}}) {
    std::string change = std::string(from) + " -> " + to;
    CAPTURE(change);
    CHECK(classify(from, to).values == values);
  }
  CHECK(classify_type_change(TypeRef{}, type_of("TEXT"), false).values == V::Unknown);
  // A USING expression is taken to be the cast between the two types.
  CHECK(classify("TIMESTAMP(3)", "TIMESTAMPTZ(3)", true).values == V::Reinterpreted);
}

// Checked on PostgreSQL 15: ALTER TABLE t ALTER COLUMN c TYPE <to> without USING.
TEST_CASE("type changes PostgreSQL refuses without USING, whatever the rows") {
  auto converts = [](const char* from, const char* to, bool from_enum = false, bool to_enum = false) {
    return converts_without_using(type_of(from), type_of(to), from_enum, to_enum);
  };
  for (auto [from, to] : {std::pair{"TEXT", "INTEGER"}, {"TEXT", "UUID"}, {"TEXT", "JSONB"}, {"TEXT", "TEXT[]"},
                          {"BOOLEAN", "INTEGER"}, {"INTEGER", "BOOLEAN"}, {"UUID", "BYTEA"}}) {
    std::string change = std::string(from) + " -> " + to;
    CAPTURE(change);
    CHECK_FALSE(converts(from, to));
  }
  for (auto [from, to] : {std::pair{"INTEGER", "TEXT"}, {"BIGINT", "INTEGER"}, {"NUMERIC(10,2)", "INTEGER"},
                          {"TIMESTAMP(3)", "DATE"}, {"INTEGER[]", "BIGINT[]"}, {"INTEGER[]", "TEXT"},
                          {"JSON", "JSONB"}, {"TEXT", "CITEXT"}, {"UUID", "VARCHAR(36)"}, {"\"Point\"", "TEXT"},
                          {"\"Vector\"", "\"Halfvec\""}}) {
    std::string change = std::string(from) + " -> " + to;
    CAPTURE(change);
    CHECK(converts(from, to));
  }
  CHECK(converts("\"Role\"", "TEXT", true));
  CHECK(converts("\"Role\"[]", "VARCHAR[]", true));
  CHECK_FALSE(converts("TEXT", "\"Role\"", false, true));
  CHECK_FALSE(converts("\"Role\"", "\"Role_new\"", true, true));
  CHECK_FALSE(converts("\"Role\"", "INTEGER", true));
}

TEST_CASE("a USING expression or an unknown old type is taken as a rewrite") {
  CHECK(classify("VARCHAR(10)", "VARCHAR(20)", true).storage == TypeChangeStorage::TableRewritten);
  auto unknown_old_type = classify_type_change(TypeRef{}, type_of("TEXT"), false);
  CHECK(unknown_old_type.storage == TypeChangeStorage::TableRewritten);
}
