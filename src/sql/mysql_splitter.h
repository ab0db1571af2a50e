#pragma once
// Splits a MySQL script into statements: driftgate's own lexer, since no MySQL parser is packaged
// for Debian. It knows what can hide a ';': '...' and "..." strings (with backslash and doubled-
// quote escapes), `identifiers`, -- and # line comments, /* block */ comments.
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
