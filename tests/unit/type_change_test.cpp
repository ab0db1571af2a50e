// The type-change classification against what PostgreSQL 15 did (pg_relation_filenode of the
// table and of an index on the column, before and after ALTER COLUMN ... TYPE).
#include <doctest/doctest.h>

#include <string>

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
  for (auto [from, to] : {std::pair{"VARCHAR(20)", "VARCHAR(10)"}, {"TEXT", "VARCHAR(10)"},
                          {"BIGINT", "INTEGER"},
                          {"NUMERIC", "NUMERIC(10,2)"}, {"NUMERIC(10,2)", "NUMERIC(12,1)"},
                          {"TIMESTAMP(6)", "TIMESTAMP(3)"}, {"TIMESTAMP(3)", "TIMESTAMPTZ(3)"},
                          {"CHAR(5)", "CHAR(10)"}, {"CHAR(5)", "TEXT"},
                          {"INTEGER", "TEXT"}, {"TEXT", "JSONB"}, {"\"Role\"", "\"Role2\""},
                          {"BIGINT", "DOUBLE PRECISION"}}) {
    std::string change = std::string(from) + " -> " + to;
    CAPTURE(change);
    auto c = classify(from, to);
    CHECK(c.storage == TypeChangeStorage::TableRewritten);
    CHECK(c.values == TypeChangeValues::MayChange);
  }
}

TEST_CASE("a USING expression or an unknown old type is taken as a rewrite") {
  CHECK(classify("VARCHAR(10)", "VARCHAR(20)", true).storage == TypeChangeStorage::TableRewritten);
  auto unknown_old_type = classify_type_change(TypeRef{}, type_of("TEXT"), false);
  CHECK(unknown_old_type.storage == TypeChangeStorage::TableRewritten);
}
