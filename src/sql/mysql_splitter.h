#pragma once
// A MySQL script's statement spans, as the replay sends them: the statements of lex_mysql
// (sql/mysql_lexer.h), which knows what can hide a delimiter and reads DELIMITER lines. From a
// lexical error (an unterminated string or comment) on, the rest of the script is one span, for
// the server to reject.
#include <cstddef>
#include <string_view>
#include <vector>

namespace driftgate {

struct StatementSpan {
  std::size_t begin = 0;  // first byte after leading white space and comments
  std::size_t end = 0;    // one past the last byte, before the ';'
};

std::vector<StatementSpan> split_mysql(std::string_view script);

}  // namespace driftgate
