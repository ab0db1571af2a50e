#pragma once
#include <string>
#include <string_view>

namespace driftgate {

// `text` with every occurrence of `from` (not empty) replaced by `to`, left to right.
inline std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  for (std::size_t next; (next = text.find(from, at)) != std::string_view::npos; at = next + from.size()) {
    out.append(text.substr(at, next - at));
    out.append(to);
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace driftgate
