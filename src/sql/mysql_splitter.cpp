#include "sql/mysql_splitter.h"

#include <cctype>

namespace driftgate {
namespace {

bool blank(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// MySQL reads "--" as a comment only when white space (or the end) follows it.
bool line_comment_at(std::string_view s, std::size_t i) {
  if (s[i] == '#') return true;
  return s.substr(i, 2) == "--" && (i + 2 >= s.size() || blank(s[i + 2]));
}

std::size_t skip_line(std::string_view s, std::size_t i) {
  auto eol = s.find('\n', i);
  return eol == std::string_view::npos ? s.size() : eol + 1;
}

std::size_t skip_block(std::string_view s, std::size_t i) {
  auto close = s.find("*/", i + 2);
  return close == std::string_view::npos ? s.size() : close + 2;
}

std::size_t skip_quoted(std::string_view s, std::size_t i) {
  char quote = s[i++];
  while (i < s.size()) {
    if (s[i] == '\\' && quote != '`') {
      i += 2;
    } else if (s[i] == quote) {
      if (i + 1 < s.size() && s[i + 1] == quote) i += 2;
      else return i + 1;
    } else {
      ++i;
    }
  }
  return s.size();
}

}  // namespace

std::vector<StatementSpan> split_mysql(std::string_view s) {
  std::vector<StatementSpan> out;
  std::size_t i = 0;
  while (i < s.size()) {
    // Leading white space and comments belong to no statement.
    if (blank(s[i]) || s[i] == ';') { ++i; continue; }
    if (line_comment_at(s, i)) { i = skip_line(s, i); continue; }
    if (s.substr(i, 2) == "/*" && s.substr(i, 3) != "/*!") { i = skip_block(s, i); continue; }

    std::size_t begin = i, last = i;  // `last`: one past the last byte of code seen
    while (i < s.size() && s[i] != ';') {
      char c = s[i];
      if (c == '\'' || c == '"' || c == '`') i = skip_quoted(s, i), last = i;
      else if (line_comment_at(s, i)) i = skip_line(s, i);
      else if (s.substr(i, 2) == "/*" && s.substr(i, 3) != "/*!") i = skip_block(s, i);
      else if (blank(c)) ++i;
      else last = ++i;
    }
    out.push_back({begin, last});
    if (i < s.size()) ++i;  // the ';'
  }
  return out;
}

}  // namespace driftgate
