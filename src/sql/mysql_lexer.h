#pragma once
// MySQL's lexical structure, read by driftgate's own lexer (no MySQL parser is packaged for
// Debian): the one splitter of MySQL scripts, for lint and for the replay alike.
//   - comments: `# ...` and `-- ...` to the end of the line (`--` only when white space or a
//     control character follows, as MySQL requires), `/* ... */`;
//   - versioned comments `/*!50001 ... */` and MariaDB's `/*M!100100 ... */` hold code: their
//     contents are lexed as code, their markers are part of the statement;
//   - strings '...' and "..." with backslash escapes and doubled quotes; `identifiers` with
//     doubled backticks; numbers; @variables and @@system_variables;
//   - `DELIMITER xx` lines, as the mysql client reads them around routines and triggers;
//   - a UTF-8 byte order mark at the start is skipped.
// Offsets are bytes into the text. An unterminated string, identifier or comment ends the script
// with an error at its start; the statements before it are kept.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace driftgate {

enum class MysqlTokenKind {
  Word,        // keywords and bare identifiers: CREATE, users, _prisma_migrations
  Identifier,  // `quoted`
  String,      // '...' or "..."
  Number,      // 42, 1.5e3, 0x1F
  Variable,    // @x, @@sql_mode
  Symbol,      // one character of punctuation: ( ) , . = ...
};

struct MysqlToken {
  MysqlTokenKind kind = MysqlTokenKind::Symbol;
  std::size_t begin = 0, end = 0;
  std::string value;  // identifiers and strings decoded; everything else as written

  // A Word equal to `keyword`, ignoring case.
  bool is(std::string_view keyword) const;
  // A Symbol that is this character.
  bool is(char symbol) const { return kind == MysqlTokenKind::Symbol && value.size() == 1 && value[0] == symbol; }
  // A Word or an Identifier: something that can name an object.
  bool names() const { return kind == MysqlTokenKind::Word || kind == MysqlTokenKind::Identifier; }
};

struct MysqlStatement {
  std::size_t begin = 0;  // the first byte of code (a versioned comment's marker included)
  std::size_t end = 0;    // one past the last byte of code, before the delimiter
  std::vector<MysqlToken> tokens;
};

struct MysqlComment {
  std::size_t begin = 0, end = 0;
};

struct MysqlLexError {
  std::string message;
  std::size_t offset = 0;
};

struct MysqlScript {
  std::vector<MysqlStatement> statements;
  std::vector<MysqlComment> comments;  // plain comments only (not versioned ones)
  std::optional<MysqlLexError> error;
};

MysqlScript lex_mysql(std::string_view text);

}  // namespace driftgate
