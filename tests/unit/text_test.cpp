#include <doctest/doctest.h>

#include <string>

#include "sql/clause_offsets.h"
#include "util/line_index.h"

using namespace driftgate;

TEST_CASE("LineIndex counts columns in UTF-16 code units over LF, CRLF and CR") {
  std::string text = "ab\r\ncé d\rx😀y\n";
  LineIndex lines(text);
  CHECK(lines.line_count() == 4);
  CHECK(lines.position(0).line == 1);
  auto d = lines.position(text.find('d'));
  CHECK(d.line == 2);
  CHECK(d.column == 4);  // c, é (one unit), space, d
  auto y = lines.position(text.find('y'));
  CHECK(y.line == 3);
  CHECK(y.column == 4);  // x, the emoji (two units), y
  CHECK(lines.line_text(2) == "cé d");
}

TEST_CASE("ALTER TABLE clause offsets skip commas in parentheses, strings and quoted names") {
  std::string sql = R"(ALTER TABLE "s"."T" ADD COLUMN "a,b" NUMERIC(10, 2) DEFAULT 'x,y', DROP COLUMN c)";
  auto offsets = alter_table_clause_offsets(sql, sql.find("\"s\""), sql.size());
  REQUIRE(offsets.size() == 2);
  CHECK(sql.substr(offsets[0], 3) == "ADD");
  CHECK(sql.substr(offsets[1], 4) == "DROP");
}

TEST_CASE("ALTER TABLE clause offsets: a -- comment ends at a lone CR, as PostgreSQL ends it") {
  std::string sql = "ALTER TABLE \"T\" -- why\rDROP COLUMN a, DROP COLUMN b";
  auto offsets = alter_table_clause_offsets(sql, sql.find("\"T\""), sql.size());
  REQUIRE(offsets.size() == 2);
  CHECK(offsets[0] == sql.find("DROP"));
  CHECK(offsets[1] == sql.rfind("DROP"));
}
