#include <doctest/doctest.h>

#include <string>

#include "sql/mysql_splitter.h"

using namespace driftgate;

namespace {
std::vector<std::string> statements(std::string_view script) {
  std::vector<std::string> out;
  for (const auto& s : split_mysql(script)) out.emplace_back(script.substr(s.begin, s.end - s.begin));
  return out;
}
}  // namespace

TEST_CASE("split_mysql ignores semicolons in strings, identifiers and comments") {
  std::string script =
      "-- CreateTable\n"
      "CREATE TABLE `a;b` (`x` VARCHAR(10) DEFAULT 'it''s; \\' here');\n"
      "# a hash comment; still a comment\n"
      "INSERT INTO t VALUES (\"x;y\") /* block; comment */ ;\n"
      "/*!40101 SET NAMES utf8mb4 */;\n"
      "SELECT 1";
  CHECK(statements(script) == std::vector<std::string>{
      "CREATE TABLE `a;b` (`x` VARCHAR(10) DEFAULT 'it''s; \\' here')",
      "INSERT INTO t VALUES (\"x;y\")",
      "/*!40101 SET NAMES utf8mb4 */",
      "SELECT 1",
  });
}

TEST_CASE("split_mysql reads -- as a comment only before white space") {
  CHECK(statements("SELECT 1--2;\nSELECT 3 -- c;\n;") == std::vector<std::string>{"SELECT 1--2", "SELECT 3"});
  CHECK(statements("  -- only a comment\n").empty());
}

TEST_CASE("split_mysql sends what does not lex to the server rather than dropping it") {
  CHECK(statements("SELECT 1;\nSELECT 'open;\nSELECT 2;") == std::vector<std::string>{"SELECT 1", "'open;\nSELECT 2;"});
}
