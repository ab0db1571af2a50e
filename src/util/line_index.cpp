#include "util/line_index.h"

#include <algorithm>

namespace driftgate {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      starts_.push_back(i + 1);
    } else if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      starts_.push_back(i + 1);
    }
  }
}

LineIndex::Position LineIndex::position(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  std::size_t line = static_cast<std::size_t>(it - starts_.begin());  // 1-based
  std::size_t start = starts_[line - 1];
  int column = 1;
  for (std::size_t i = start; i < offset; ++i) {
    auto byte = static_cast<unsigned char>(text_[i]);
    if ((byte & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    column += byte >= 0xF0 ? 2 : 1;       // 4-byte sequences are surrogate pairs in UTF-16
  }
  return {static_cast<int>(line), column};
}

std::string_view LineIndex::line_text(int line) const {
  if (line < 1 || line > line_count()) return {};
  std::size_t start = starts_[line - 1];
  std::size_t end = line < line_count() ? starts_[line] : text_.size();
  while (end > start && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return text_.substr(start, end - start);
}

}  // namespace driftgate
