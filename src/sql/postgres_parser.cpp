// PostgreSQL statements through libpg_query, the PostgreSQL server's own parser.
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "sql/pg_parse.h"
#include "sql/sql_file.h"

namespace driftgate {
namespace {

std::size_t trim_end(std::string_view text, std::size_t begin, std::size_t end) {
  while (end > begin && std::string_view(" \t\r\n\f\v;").find(text[end - 1]) != std::string_view::npos)
    --end;
  return end;
}

// Where in `sql` the parser's error is: `cursorpos` counts characters from 1.
std::size_t error_offset(std::string_view sql, int cursorpos) {
  return pg_position_offset(sql, static_cast<std::size_t>(std::max(cursorpos, 0)));
}

struct SplitResult {
  PgQuerySplitResult r;
  explicit SplitResult(const std::string& sql) : r(pg_query_split_with_scanner(sql.c_str())) {}
  ~SplitResult() { pg_query_free_split_result(r); }
};

}  // namespace

std::size_t skip_pg_blank(std::string_view text, std::size_t i, std::size_t end) {
  while (i < end) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
    } else if (c == '-' && i + 1 < end && text[i + 1] == '-') {
      while (i < end && text[i] != '\n' && text[i] != '\r') ++i;  // PostgreSQL ends it at either
    } else if (c == '/' && i + 1 < end && text[i + 1] == '*') {
      int depth = 0;  // PostgreSQL block comments nest
      while (i < end) {
        if (text.substr(i, 2) == "/*") {
          ++depth;
          i += 2;
        } else if (text.substr(i, 2) == "*/") {
          i += 2;
          if (--depth == 0) break;
        } else {
          ++i;
        }
      }
    } else {
      break;
    }
  }
  return i;
}

std::size_t pg_position_offset(std::string_view text, std::size_t position) {
  std::size_t offset = 0;
  for (std::size_t character = 1; character < position && offset < text.size(); ++character) {
    auto lead = static_cast<unsigned char>(text[offset]);
    // pg_utf_mblen: the length a lead byte announces; any other byte is a character of its own.
    offset += lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 1;
  }
  return std::min(offset, text.size());
}

std::size_t Statement::offset_of(std::int32_t location) const {
  if (location <= 0) return begin;
  return tree_base + static_cast<std::size_t>(location);
}

class PostgresParser {
 public:
  explicit PostgresParser(SqlFile& file) : file_(file), text_(*file.text_) {}

  void parse() {
    if (text_.find('\0') != std::string::npos) {
      add_error(0, text_.size(), "the file contains a NUL byte; it is not a SQL script", 0);
      return;
    }
    PgParse whole(*file_.text_);
    if (whole.tree()) {
      add_tree(whole.tree(), 0, text_.size());
      return;
    }
    // Somewhere a statement does not parse (or nests too deep): split with the scanner and
    // parse one by one, so that the error is located and every other statement is still linted.
    SplitResult split(*file_.text_);
    if (split.r.error) {
      std::string message = whole.error() ? whole.error()->message : split.r.error->message;
      int cursorpos = whole.error() ? whole.error()->cursorpos : split.r.error->cursorpos;
      add_error(0, text_.size(), std::move(message), error_offset(text_, cursorpos));
      return;
    }
    // The scanner's split leaves out what it cannot place: everything after a '(' that is never
    // closed (or a ')' never opened), and a statement without a keyword ("foo;"). Those parts
    // are parsed on their own too, so that their error is reported instead of lost.
    std::size_t covered = 0;
    for (int i = 0; i < split.r.n_stmts; ++i) {
      auto loc = static_cast<std::size_t>(split.r.stmts[i]->stmt_location);
      auto len = static_cast<std::size_t>(split.r.stmts[i]->stmt_len);
      if (len == 0) len = text_.size() - loc;
      if (loc > covered) parse_piece(covered, loc);
      parse_piece(loc, loc + len);
      covered = std::max(covered, loc + len);
    }
    if (covered < text_.size()) parse_piece(covered, text_.size());
  }

  void scan_comments() {
    PgQueryScanResult scan = pg_query_scan(file_.text_->c_str());
    std::unique_ptr<PgQueryScanResult, void (*)(PgQueryScanResult*)> guard(
        &scan, [](PgQueryScanResult* s) { pg_query_free_scan_result(*s); });
    if (scan.error) return;  // the statements already carry the error
    PgQuery__ScanResult* tokens = pg_query__scan_result__unpack(
        nullptr, scan.pbuf.len, reinterpret_cast<const uint8_t*>(scan.pbuf.data));
    if (!tokens) return;
    for (std::size_t i = 0; i < tokens->n_tokens; ++i) {
      const auto* t = tokens->tokens[i];
      if (t->token == PG_QUERY__TOKEN__SQL_COMMENT || t->token == PG_QUERY__TOKEN__C_COMMENT)
        file_.comments_.push_back({static_cast<std::size_t>(t->start), static_cast<std::size_t>(t->end)});
    }
    pg_query__scan_result__free_unpacked(tokens, nullptr);
  }

 private:
  // Parses text_[from, to) on its own, unless it holds nothing but blanks, comments and ';'.
  void parse_piece(std::size_t from, std::size_t to) {
    std::size_t code = from;
    while ((code = skip_pg_blank(text_, code, to)) < to && text_[code] == ';') ++code;
    if (code >= to) return;
    std::string piece = file_.text_->substr(from, to - from);
    PgParse one(piece);
    if (one.error()) {
      add_error(from, to, one.error()->message, from + error_offset(piece, one.error()->cursorpos));
    } else if (one.too_deep()) {
      add_error(from, to,
                "nested more than " + std::to_string(kMaxTreeDepth) + " levels deep, deeper than driftgate reads",
                code);
    } else {
      add_tree(one.tree(), from, to);
    }
  }

  // Adds the statements of a parse that covers text_[from, to); locations are relative to base.
  void add_tree(const std::shared_ptr<const PgQuery__ParseResult>& tree, std::size_t base, std::size_t to) {
    for (std::size_t i = 0; i < tree->n_stmts; ++i) {
      const PgQuery__RawStmt* s = tree->stmts[i];
      std::size_t loc = base + static_cast<std::size_t>(std::max(s->stmt_location, 0));
      auto len = static_cast<std::size_t>(std::max(s->stmt_len, 0));
      std::size_t end = len == 0 ? to : loc + len;
      Statement st;
      st.begin = skip_pg_blank(text_, loc, end);
      st.end = trim_end(text_, st.begin, end);
      if (st.begin >= st.end) continue;
      if (s->stmt) st.tree = std::shared_ptr<const PgQuery__Node>(tree, s->stmt);  // shares the parse result
      st.tree_base = base;
      file_.statements_.push_back(std::move(st));
    }
  }

  // A statement of text_[from, to) that does not parse; the error is at `at`, or at the
  // statement's end when the parser ran out of input (`at` is `to` then, maybe past blank lines).
  // Never dropped: it is what fails the migration.
  void add_error(std::size_t from, std::size_t to, std::string message, std::size_t at) {
    Statement st;
    st.begin = skip_pg_blank(text_, from, to);
    // The error lies in what skip_pg_blank took for blanks and comments: an unterminated /* comment,
    // or a vertical tab, which PostgreSQL reads as white space only from version 16 on.
    if (at < st.begin) st.begin = std::max(at, from);
    st.end = trim_end(text_, st.begin, to);
    if (st.begin >= st.end) {
      st.begin = from;
      st.end = to;
    }
    st.error = ParseError{std::move(message), at >= to ? st.end : std::max(at, st.begin)};
    st.tree_base = from;
    file_.statements_.push_back(std::move(st));
  }

  SqlFile& file_;
  std::string_view text_;
};

SqlFile::SqlFile(std::string text)
    : text_(std::make_unique<const std::string>(std::move(text))), lines_(*text_) {}

SqlFile SqlFile::parse_postgres(std::string text, bool want_comments) {
  SqlFile file(std::move(text));
  PostgresParser parser(file);
  parser.parse();
  if (want_comments) parser.scan_comments();
  return file;
}

std::string normalise_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

}  // namespace driftgate
