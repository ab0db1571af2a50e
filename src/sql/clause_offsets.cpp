#include "sql/clause_offsets.h"

#include <cctype>

#include "sql/sql_file.h"

namespace driftgate {
namespace {

bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
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
    i = skip_pg_blank(s, i, end);
    if (i < end && s[i] == '"') i = skip_quoted(s, i, end);
    else while (i < end && is_ident_char(s[i])) ++i;
    std::size_t after = skip_pg_blank(s, i, end);
    if (after < end && s[after] == '.') i = after + 1;
    else break;
  }
  std::vector<std::size_t> offsets{skip_pg_blank(s, i, end)};
  int depth = 0;
  while (i < end) {
    char c = s[i];
    if (c == '\'' || c == '"') {
      i = skip_quoted(s, i, end);
    } else if (s.substr(i, 2) == "--" || s.substr(i, 2) == "/*") {
      i = skip_pg_blank(s, i, end);
    } else {
      if (c == '(') ++depth;
      else if (c == ')') --depth;
      else if (c == ',' && depth == 0) offsets.push_back(skip_pg_blank(s, i + 1, end));
      ++i;
    }
  }
  return offsets;
}

}  // namespace driftgate
