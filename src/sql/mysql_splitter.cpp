#include "sql/mysql_splitter.h"

#include "sql/mysql_lexer.h"

namespace driftgate {

std::vector<StatementSpan> split_mysql(std::string_view script) {
  std::vector<StatementSpan> out;
  MysqlScript lexed = lex_mysql(script);
  for (const auto& s : lexed.statements) out.push_back({s.begin, s.end});
  // What does not lex is still sent, so that the server rejects it rather than nobody seeing it.
  if (lexed.error) out.push_back({lexed.error->offset, script.size()});
  return out;
}

}  // namespace driftgate
