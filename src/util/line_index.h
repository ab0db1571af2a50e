#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

namespace driftgate {

// Maps byte offsets in a text to 1-based line and column. Lines end at LF, CRLF or a lone CR;
// columns count UTF-16 code units (SARIF's default column kind), so a multi-byte character
// advances the column by one (two outside the Basic Multilingual Plane).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  struct Position {
    int line;
    int column;
  };
  Position position(std::size_t offset) const;
  // The text of a 1-based line, without its line break.
  std::string_view line_text(int line) const;
  int line_count() const { return static_cast<int>(starts_.size()); }

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;  // byte offset where each line begins
};

}  // namespace driftgate
