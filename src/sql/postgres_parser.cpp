// PostgreSQL statements through libpg_query, the PostgreSQL server's own parser.
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <memory>
#include <memory_resource>

#include "sql/sql_file.h"

namespace driftgate {
namespace {

// White space and comments before a statement belong to no statement.
std::size_t skip_blank(std::string_view text, std::size_t i, std::size_t end) {
  while (i < end) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
    } else if (c == '-' && i + 1 < end && text[i + 1] == '-') {
      while (i < end && text[i] != '\n') ++i;
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

std::size_t trim_end(std::string_view text, std::size_t begin, std::size_t end) {
  while (end > begin && std::string_view(" \t\r\n\f\v;").find(text[end - 1]) != std::string_view::npos)
    --end;
  return end;
}

struct ParseResult {
  PgQueryProtobufParseResult r;
  explicit ParseResult(const std::string& sql) : r(pg_query_parse_protobuf(sql.c_str())) {}
  ~ParseResult() { pg_query_free_protobuf_parse_result(r); }
  ParseResult(const ParseResult&) = delete;
  ParseResult& operator=(const ParseResult&) = delete;

  // The statements, unpacked into structs that the statements' trees share; null when
  // protobuf-c cannot unpack them (out of memory).
  std::shared_ptr<const PgQuery__ParseResult> unpack() const;
};

// An unpacked parse result and the arena its messages live in. A tree is thousands of small
// messages: allocated one by one and freed one by one, they cost as much as the parse itself.
// The arena frees them all at once, with the last statement that uses the tree.
struct UnpackedTree {
  explicit UnpackedTree(std::size_t packed_size) : arena(packed_size + 1024) {}
  static void* allocate(void* self, std::size_t size) {
    return static_cast<UnpackedTree*>(self)->arena.allocate(size, alignof(std::max_align_t));
  }
  static void release(void*, void*) {}

  std::pmr::monotonic_buffer_resource arena;
  ProtobufCAllocator allocator{&allocate, &release, this};
  PgQuery__ParseResult* result = nullptr;
};

std::shared_ptr<const PgQuery__ParseResult> ParseResult::unpack() const {
  auto tree = std::make_shared<UnpackedTree>(r.parse_tree.len);
  tree->result = pg_query__parse_result__unpack(&tree->allocator, r.parse_tree.len,
                                                reinterpret_cast<const uint8_t*>(r.parse_tree.data));
  if (!tree->result) return nullptr;
  return {tree, tree->result};  // shares the arena's ownership
}

struct SplitResult {
  PgQuerySplitResult r;
  explicit SplitResult(const std::string& sql) : r(pg_query_split_with_scanner(sql.c_str())) {}
  ~SplitResult() { pg_query_free_split_result(r); }
};

}  // namespace

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
    ParseResult whole(*file_.text_);
    if (!whole.r.error) {
      add_tree(whole, 0, text_.size());
      return;
    }
    // Somewhere a statement does not parse: split with the scanner and parse one by one, so
    // that the error is located and every other statement is still linted.
    SplitResult split(*file_.text_);
    if (split.r.error) {
      add_error(0, text_.size(), whole.r.error->message,
                static_cast<std::size_t>(std::max(whole.r.error->cursorpos - 1, 0)));
      return;
    }
    for (int i = 0; i < split.r.n_stmts; ++i) {
      auto loc = static_cast<std::size_t>(split.r.stmts[i]->stmt_location);
      auto len = static_cast<std::size_t>(split.r.stmts[i]->stmt_len);
      if (len == 0) len = text_.size() - loc;
      std::string piece = file_.text_->substr(loc, len);
      ParseResult one(piece);
      if (one.r.error) {
        add_error(loc, loc + len, one.r.error->message,
                  loc + static_cast<std::size_t>(std::max(one.r.error->cursorpos - 1, 0)));
      } else {
        add_tree(one, loc, loc + len);
      }
    }
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
  // Adds the statements of a parse that covers text_[from, to); locations are relative to base.
  void add_tree(const ParseResult& parsed, std::size_t base, std::size_t to) {
    std::shared_ptr<const PgQuery__ParseResult> tree = parsed.unpack();
    if (!tree) throw std::bad_alloc();
    for (std::size_t i = 0; i < tree->n_stmts; ++i) {
      const PgQuery__RawStmt* s = tree->stmts[i];
      std::size_t loc = base + static_cast<std::size_t>(std::max(s->stmt_location, 0));
      auto len = static_cast<std::size_t>(std::max(s->stmt_len, 0));
      std::size_t end = len == 0 ? to : loc + len;
      Statement st;
      st.begin = skip_blank(text_, loc, end);
      st.end = trim_end(text_, st.begin, end);
      if (st.begin >= st.end) continue;
      if (s->stmt) st.tree = std::shared_ptr<const PgQuery__Node>(tree, s->stmt);  // shares the parse result
      st.tree_base = base;
      file_.statements_.push_back(std::move(st));
    }
  }

  void add_error(std::size_t from, std::size_t to, std::string message, std::size_t at) {
    Statement st;
    st.begin = skip_blank(text_, from, to);
    st.end = trim_end(text_, st.begin, to);
    if (st.begin >= st.end) return;
    st.error = ParseError{std::move(message), std::max(at, st.begin)};
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
