// The MySQL lexer: every comment form, DELIMITER, both string escape styles, CRLF, BOM, errors.
#include <doctest/doctest.h>

#include <string>
#include <tuple>
#include <vector>

#include "sql/mysql_lexer.h"

using namespace driftgate;

namespace {

// Each statement's text, as the spans cut it.
std::vector<std::string> texts(std::string_view script) {
  std::vector<std::string> out;
  for (const auto& s : lex_mysql(script).statements) out.emplace_back(script.substr(s.begin, s.end - s.begin));
  return out;
}

// The tokens of the first statement: kind letter and value ("W:CREATE I:a;b S:x").
std::string tokens(std::string_view script, std::size_t statement = 0) {
  MysqlScript lexed = lex_mysql(script);
  REQUIRE(lexed.statements.size() > statement);
  std::string out;
  for (const auto& t : lexed.statements[statement].tokens) {
    const char* kind = "WISNVY" + static_cast<int>(t.kind);
    out += (out.empty() ? "" : " ") + std::string(1, *kind) + ":" + t.value;
  }
  return out;
}

}  // namespace

TEST_CASE("mysql lexer: comment forms") {
  std::string script =
      "-- a comment; with a semicolon\n"
      "--not a comment\n"
      "#hash; comment\n"
      "/* block; comment */ SELECT 1 -- trailing\n"
      ";\n"
      "SELECT 2 --\t tab after dashes is a comment too;\n"
      ";";
  CHECK(texts(script) == std::vector<std::string>{"--not a comment\n#hash; comment\n/* block; comment */ SELECT 1",
                                                  "SELECT 2"});
  // "--not" is two minus signs and a word, as in MySQL (1--1 is 2).
  CHECK(tokens(script) == "Y:- Y:- W:not W:a W:comment W:SELECT N:1");
  CHECK(lex_mysql(script).comments.size() == 5);
  CHECK(texts("SELECT 1--1;") == std::vector<std::string>{"SELECT 1--1"});
  CHECK(texts("SELECT 1 --").size() == 1);  // "--" at the very end is a comment
}

TEST_CASE("mysql lexer: versioned comments hold code and belong to the statement") {
  std::string script = "/*!40101 SET NAMES utf8mb4 */;\n/*M!100100 SET @x = 1 */;\nCREATE TABLE t (a INT) /*!50100 ENGINE=InnoDB */;";
  CHECK(texts(script) == std::vector<std::string>{"/*!40101 SET NAMES utf8mb4 */", "/*M!100100 SET @x = 1 */",
                                                  "CREATE TABLE t (a INT) /*!50100 ENGINE=InnoDB */"});
  CHECK(tokens(script) == "W:SET W:NAMES W:utf8mb4");
  CHECK(tokens(script, 1) == "W:SET V:@x Y:= N:1");
  CHECK(lex_mysql(script).comments.empty());
}

TEST_CASE("mysql lexer: strings with both escape styles, identifiers, variables, numbers") {
  std::string script = R"(INSERT INTO `we``ird;` VALUES ('it''s; \'q\' \\ \n', "dq ""x"" \"y\"", @v, @@sql_mode, @'q v', 1.5e-3, 0x1F, 1abc);)";
  CHECK(tokens(script) ==
        "W:INSERT W:INTO I:we`ird; W:VALUES Y:( S:it's; 'q' \\ \n Y:, S:dq \"x\" \"y\" Y:, V:@v Y:, V:@@sql_mode Y:, "
        "V:@'q v' Y:, N:1.5e-3 Y:, N:0x1F Y:, W:1abc Y:)");
}

TEST_CASE("mysql lexer: DELIMITER around routines and triggers") {
  std::string script =
      "DELIMITER $$\n"
      "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN\n"
      "  SET NEW.x = 1; SET NEW.y = ';';\n"
      "END$$\n"
      "delimiter ;\n"
      "SELECT 1;\n"
      "DELIMITER //\n"
      "CREATE PROCEDURE p() BEGIN SELECT 2; END //\n"
      "DELIMITER ;\n";
  CHECK(texts(script) == std::vector<std::string>{
                             "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN\n  SET NEW.x = 1; SET NEW.y = ';';\nEND",
                             "SELECT 1", "CREATE PROCEDURE p() BEGIN SELECT 2; END"});
  MysqlScript bad = lex_mysql("DELIMITER   \nSELECT 1;");
  REQUIRE(bad.error);
  CHECK(bad.error->message == "DELIMITER needs a delimiter after it");
  CHECK(bad.error->offset == 0);
}

TEST_CASE("mysql lexer: CRLF line ends and a byte order mark") {
  std::string script = "\xEF\xBB\xBF-- c\r\nCREATE TABLE a (x INT);\r\n# d\r\nDROP TABLE a;\r\n";
  MysqlScript lexed = lex_mysql(script);
  REQUIRE(lexed.statements.size() == 2);
  CHECK(lexed.statements[0].begin == 9);  // after the BOM and "-- c\r\n"
  CHECK(texts(script) == std::vector<std::string>{"CREATE TABLE a (x INT)", "DROP TABLE a"});
  CHECK(lexed.comments.size() == 2);
}

TEST_CASE("mysql lexer: unterminated strings, identifiers and comments are located errors") {
  using Case = std::tuple<const char*, const char*, std::size_t>;
  for (auto [script, message, offset] : {Case{"SELECT 1; SELECT 'x;", "unterminated 'string'", 17},
                                         Case{"SELECT `x;", "unterminated `identifier`", 7},
                                         Case{"SELECT 1; /* open", "unterminated /* comment", 10},
                                         Case{"SELECT \"x", "unterminated \"string\"", 7}}) {
    CAPTURE(script);
    MysqlScript lexed = lex_mysql(script);
    REQUIRE(lexed.error);
    CHECK(lexed.error->message == message);
    CHECK(lexed.error->offset == offset);
  }
  CHECK(texts("SELECT 1; SELECT 'x;") == std::vector<std::string>{"SELECT 1"});
}
