#pragma once
#include <pg_query/pg_query.pb-c.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sql/mysql_lexer.h"
#include "util/line_index.h"

namespace driftgate {

struct ParseError {
  std::string message;
  std::size_t offset = 0;  // byte offset in the file
};

// One statement of a SQL file.
struct Statement {
  std::size_t begin = 0;  // first byte, after leading white space and comments
  std::size_t end = 0;    // one past the last byte, before the ';'
  // The parse tree of the statement, libpg_query's in the protobuf-c structs of pg_query.pb-c.h
  // (e.g. a node whose alter_table_stmt is set; sql/pg_parse.h); null when it did not parse, and
  // then `error` says why. Integers below 1 read as 0 except in type modifiers (TypeName.typmods;
  // sql/pg_json_tree.h says why). It keeps the parse result of its file alive.
  std::shared_ptr<const PgQuery__Node> tree;
  std::optional<ParseError> error;
  // Byte offset that "location" fields inside `tree` are relative to.
  std::size_t tree_base = 0;
  // MySQL: the statement's tokens (there is no parse tree); empty for PostgreSQL.
  std::vector<MysqlToken> tokens;

  // File offset of a parse-tree location (0 or -1, unknown, means the statement itself).
  std::size_t offset_of(std::int32_t location) const;
};

// A comment, as the scanner found it (comments never reach the parse tree).
struct Comment {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// A SQL file split into statements.
class SqlFile {
 public:
  std::string_view text() const { return *text_; }
  const LineIndex& lines() const { return lines_; }
  const std::vector<Statement>& statements() const { return statements_; }
  const std::vector<Comment>& comments() const { return comments_; }

  std::string_view statement_text(const Statement& s) const {
    return text().substr(s.begin, s.end - s.begin);
  }
  std::string_view comment_text(const Comment& c) const {
    return text().substr(c.begin, c.end - c.begin);
  }

  // Parses PostgreSQL with libpg_query. A statement that does not parse is kept with its error,
  // and the statements after it are still parsed (split with the scanner). Comments are
  // scanned only when `want_comments` is set, since most callers never need them.
  static SqlFile parse_postgres(std::string text, bool want_comments);
  // Splits MySQL with driftgate's lexer (sql/mysql_lexer.h): each statement carries its tokens. An
  // unterminated string or comment is a statement with an error at its start, running to the end
  // of the file. Comments are always kept (the lexer finds them anyway).
  static SqlFile parse_mysql(std::string text);

 private:
  explicit SqlFile(std::string text);

  // On the heap so that lines_ (which views it) stays valid when the SqlFile moves.
  std::unique_ptr<const std::string> text_;
  LineIndex lines_;
  std::vector<Statement> statements_;
  std::vector<Comment> comments_;

  friend class PostgresParser;
};

// The first byte at or after i in text[i, end) that is neither white space nor a comment as
// PostgreSQL reads them ("--" to the end of the line, at CR or LF; "/* */" nested); `end` if none.
// White space and comments before a statement belong to no statement.
std::size_t skip_pg_blank(std::string_view text, std::size_t i, std::size_t end);

// The byte offset in `text` of a 1-based character position as PostgreSQL reports one (an error's
// cursor): it counts UTF-8 characters by the length their lead byte announces, as its parser and
// server do. Positions past the last character give text.size().
std::size_t pg_position_offset(std::string_view text, std::size_t position);

// The statement's text with runs of white space folded to one space: what a fingerprint hashes,
// so that re-indenting or moving a statement keeps its identity.
std::string normalise_whitespace(std::string_view text);

}  // namespace driftgate
