// SqlFile::parse_mysql: a MySQL script as statements of tokens.
#include <cctype>
#include "sql/mysql_lexer.h"
#include "sql/sql_file.h"

namespace driftgate {

SqlFile SqlFile::parse_mysql(std::string text) {
  SqlFile file(std::move(text));
  MysqlScript lexed = lex_mysql(file.text());
  for (auto& s : lexed.statements) {
    Statement st;
    st.begin = s.begin;
    st.end = s.end;
    st.tokens = std::move(s.tokens);
    file.statements_.push_back(std::move(st));
  }
  if (lexed.error) {
    Statement st;
    st.begin = lexed.error->offset;
    st.end = file.text().size();
    while (st.end > st.begin && std::isspace(static_cast<unsigned char>(file.text()[st.end - 1]))) --st.end;
    st.error = ParseError{lexed.error->message, lexed.error->offset};
    file.statements_.push_back(std::move(st));
  }
  for (const auto& c : lexed.comments) file.comments_.push_back({c.begin, c.end});
  return file;
}

}  // namespace driftgate
