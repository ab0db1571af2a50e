// Lint on scripts PostgreSQL refuses or reads unlike most tools: each case is an input that
// tests/fuzz/lint_fuzz.cpp found mishandled, cut down to a few lines.
#include <doctest/doctest.h>
#include <pg_query.h>

#include <string>

#include "lint/lint_engine.h"
#include "sql/sql_file.h"

using namespace driftgate;

namespace {

// The findings of one migration, a line each: "RULE line:col-line:col message".
std::string lint(const std::string& sql) {
  MigrationDir dir;
  std::string path = "prisma/migrations/20240101000000_m/migration.sql";
  dir.migrations.push_back({"20240101000000_m", path, path, sql});
  std::string out;
  for (const auto& f : lint_history(dir, {}).findings) {
    const auto& at = f.location;
    out += f.rule_id + " " + std::to_string(at.line) + ":" + std::to_string(at.column) + "-" +
           std::to_string(at.end_line) + ":" + std::to_string(at.end_column) + " " + f.message + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("a script PostgreSQL refuses gets a DG000 where PostgreSQL places the error, and the rest is linted") {
  // protobuf-c unpacks a tree with one large stack frame per level; the parser takes ten thousand
  // (a minus sign before a constant is folded into it, not before a call).
  std::string deep = "ALTER TABLE \"A\" ADD COLUMN \"b\" INTEGER DEFAULT ";
  for (int i = 0; i < 5000; ++i) deep += "- ";
  deep += "random()";
  struct Case {
    const char* bug;
    std::string sql;
    std::string findings;
  };
  const Case cases[] = {
      {"libpg_query's scanner split places no statement after a '(' never closed",
       "CREATE TABLE \"A\" (\"id\" INTEGER;\nDROP TABLE \"B\";\n",
       "DG000 1:31-2:15 statement does not parse: syntax error at or near \";\"\n"},
      {"... nor one in which no keyword comes before the ';'",
       "SET lock_timeout = '1s';\nfoo;\nDROP TABLE \"B\";\n",
       "DG000 2:1-2:4 statement does not parse: syntax error at or near \"foo\"\n"
       "DG101 3:1-3:15 dropping table \"B\" deletes all its rows; code still reading it will fail\n"},
      {"the parser's cursor counts characters, and \"ü\" is two bytes",
       "ALTER TABLE \"Bücher\" DROP COLUMN \"x\" \"y\";",
       "DG000 1:38-1:41 statement does not parse: syntax error at or near \"\"y\"\"\n"},
      {"at the end of the input is the end of the statement, not the line after the last line break",
       "CREATE TABLE \"A\" (\n\n",
       "DG000 1:19-1:19 statement does not parse: syntax error at end of input\n"},
      {"an unterminated comment after nothing but comments was taken for blank",
       "-- only comments\n/* never closed",
       "DG000 2:1-2:16 statement does not parse: unterminated /* comment at or near \"/* never closed\"\n"},
#if PG_VERSION_NUM < 160000
      {"a vertical tab was taken for blank; PostgreSQL reads it so only from version 16 on",
       "SELECT 1;\n\vSELECT 2;",
       "DG000 2:1-2:10 statement does not parse: syntax error at or near \"\v\"\n"},
#endif
      {"a tree nested too deep to unpack overflowed the stack",
       "SET lock_timeout = '1s';\n" + deep + ";\nDROP TABLE \"B\";\n",
       "DG000 2:1-2:" + std::to_string(deep.size() + 1) +
           " statement does not parse: nested more than 1000 levels deep, deeper than driftgate reads\n"
           "DG101 3:1-3:15 dropping table \"B\" deletes all its rows; code still reading it will fail\n"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.bug);
    CHECK(lint(c.sql) == c.findings);
  }
}

TEST_CASE("pg_position_offset counts characters as PostgreSQL does") {
  CHECK(pg_position_offset("aü😀b", 4) == 7);
  CHECK(pg_position_offset("a\xC3" "b", 3) == 3);  // 0xC3 announces two bytes, whatever follows
  CHECK(pg_position_offset("ab", 9) == 2);
}

TEST_CASE("a -- comment ends at a lone CR, as PostgreSQL ends it") {
  CHECK(lint("-- drop it\rDROP TABLE \"B\";") ==
        "DG101 2:1-2:15 dropping table \"B\" deletes all its rows; code still reading it will fail\n"
        "DG401 2:1-2:15 this migration locks \"B\" ACCESS EXCLUSIVE with no `SET lock_timeout` before: while it "
        "waits for the transactions using the table, every query on it queues behind the migration\n");
}
