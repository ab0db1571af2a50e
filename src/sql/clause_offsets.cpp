#include "sql/clause_offsets.h"

#include <cctype>

namespace driftgate {
namespace {

bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Skips white space and comments.
std::size_t skip_blank(std::string_view s, std::size_t i, std::size_t end) {
  while (i < end) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) {
      ++i;
    } else if (s.substr(i, 2) == "--") {
      while (i < end && s[i] != '\n' && s[i] != '\r') ++i;  // PostgreSQL ends it at either
    } else if (s.substr(i, 2) == "/*") {
      std::size_t close = s.find("*/", i + 2);
      i = close == std::string_view::npos || close + 2 > end ? end : close + 2;
    } else {
      break;
    }
  }
  return i;
}

// Skips a quoted token ('...' or "...", where a doubled quote escapes itself).
std::size_t skip_quoted(std::string_view s, std::size_t i, std::size_t end) {
  char quote = s[i++];
  while (i < end) {
    if (s[i] == quote) {
      if (i + 1 < end && s[i + 1] == quote) i += 2;
      else return i + 1;
    } else {
      ++i;
    }
  }
  return end;
}

}  // namespace

std::vector<std::size_t> alter_table_clause_offsets(std::string_view s, std::size_t i, std::size_t end) {
  end = std::min(end, s.size());
  // The (possibly qualified, possibly quoted) table name.
  while (i < end) {
    i = skip_blank(s, i, end);
    if (i < end && s[i] == '"') i = skip_quoted(s, i, end);
    else while (i < end && is_ident_char(s[i])) ++i;
    std::size_t after = skip_blank(s, i, end);
    if (after < end && s[after] == '.') i = after + 1;
    else break;
  }
  std::vector<std::size_t> offsets{skip_blank(s, i, end)};
  int depth = 0;
  while (i < end) {
    char c = s[i];
    if (c == '\'' || c == '"') {
      i = skip_quoted(s, i, end);
    } else if (s.substr(i, 2) == "--" || s.substr(i, 2) == "/*") {
      i = skip_blank(s, i, end);
    } else {
      if (c == '(') ++depth;
      else if (c == ')') --depth;
      else if (c == ',' && depth == 0) offsets.push_back(skip_blank(s, i + 1, end));
      ++i;
    }
  }
  return offsets;
}

}  // namespace driftgate
