#pragma once
// One parse of a SQL text by libpg_query, its tree as the protobuf-c structs of pg_query.pb-c.h.
#include <pg_query/pg_query.pb-c.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace driftgate {

// How deep the messages of a tree may nest. protobuf-c unpacks with one large stack frame per
// level, which overflows a thread's stack in the thousands of levels; the parser itself takes
// ten thousand ("- - - ... x" is as deep as it is long). Real migrations stay far below this.
constexpr std::size_t kMaxTreeDepth = 1000;

class PgParse {
 public:
  struct Error {
    std::string message;
    int cursorpos = 0;  // 1-based character position in the text; 0 when unknown
  };

  // Parses `sql`. The tree is read from libpg_query's JSON (sql/pg_json_tree.h), else, when that
  // cannot give it exactly, unpacked from its protobuf.
  explicit PgParse(const std::string& sql);

  // The parser's error, when `sql` does not parse.
  const std::optional<Error>& error() const { return error_; }
  // Whether the tree nests deeper than kMaxTreeDepth, too deep to unpack.
  bool too_deep() const { return too_deep_; }
  // The statements, in structs that share one arena, which the last holder frees; null after an
  // error or when too deep.
  const std::shared_ptr<const PgQuery__ParseResult>& tree() const { return tree_; }

 private:
  void unpack_protobuf(const std::string& sql);

  std::optional<Error> error_;
  bool too_deep_ = false;
  std::shared_ptr<const PgQuery__ParseResult> tree_;
};

}  // namespace driftgate
