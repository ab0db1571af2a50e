#include "db/replayer.h"

#include <regex>

#include "sql/mysql_splitter.h"
#include "sql/sql_file.h"
#include "util/interrupt.h"
#include "util/line_index.h"

namespace driftgate {
namespace {

// Statement spans of a migration for the provider.
std::vector<StatementSpan> split(Provider provider, const std::string& script) {
  if (provider == Provider::MySQL) return split_mysql(script);
  std::vector<StatementSpan> spans;
  SqlFile file = SqlFile::parse_postgres(script, false);
  for (const auto& st : file.statements()) spans.push_back({st.begin, st.end});
  return spans;
}

// Byte offset of a 1-based character position (PostgreSQL counts characters) in `text`.
std::size_t byte_offset(std::string_view text, std::size_t position) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    if (++chars == position) return i;
  }
  return 0;
}

// What to do about failures a shadow server causes rather than the migration itself.
std::string advice(Provider provider, const ServerError& e) {
  std::smatch m;
  static const std::regex missing_extension(R"re(extension "([^"]+)" is not available|control file "[^"]*/([^/"]+)\.control")re");
  static const std::regex missing_function(R"re(FUNCTION (?:\S+\.)?(\w+) does not exist)re");
  if (provider == Provider::PostgreSQL && std::regex_search(e.message, m, missing_extension)) {
    std::string name = m[1].matched ? m[1].str() : m[2].str();
    return "the shadow server lacks the extension \"" + name +
           "\"; point --shadow-url at a PostgreSQL server that has it installed";
  }
  if (provider == Provider::MySQL && e.code == "1305" && std::regex_search(e.message, m, missing_function)) {
    static const std::regex mysql8_only(R"(^(BIN_TO_UUID|UUID_TO_BIN|IS_UUID|JSON_TABLE|REGEXP_LIKE|GROUPING)$)", std::regex::icase);
    if (std::regex_match(m[1].str(), mysql8_only))
      return m[1].str() + " is a MySQL 8 function that MariaDB lacks; pass --shadow-url with a MySQL 8 server";
    return "the shadow server has no function " + m[1].str() + "; pass --shadow-url with a server that has it";
  }
  return "";
}

Finding failure(const Migration& m, const StatementSpan& span, const DatabaseError& error, Provider provider) {
  const ServerError& e = error.server();
  std::size_t offset = span.begin;
  std::string_view statement = std::string_view(m.bytes).substr(span.begin, span.end - span.begin);
  if (e.position && *e.position > 0) offset += byte_offset(statement, *e.position);
  LineIndex lines(m.bytes);
  auto at = lines.position(offset);
  auto end = lines.position(span.end);
  Finding f;
  f.rule_id = "DG001";
  f.level = Level::Error;
  f.message = "migration fails to apply: " + std::string(provider == Provider::PostgreSQL ? "SQLSTATE " : "error ") +
              e.code + ": " + e.message;
  if (!e.detail.empty()) f.notes.push_back(e.detail);
  if (std::string hint = advice(provider, e); !hint.empty()) f.notes.push_back(hint);
  f.location = {m.relative_path, at.line, at.column, end.line, end.column};
  f.migration = m.name;
  f.fingerprint_basis = normalise_whitespace(statement);
  return f;
}

}  // namespace

ReplayResult replay_history(const MigrationDir& history, Connection& c, const ReplayProgress& progress) {
  ReplayResult result;
  const std::size_t total = history.migrations.size();
  for (std::size_t i = 0; i < total; ++i) {
    throw_if_interrupted();
    const Migration& m = history.migrations[i];
    if (progress) progress(i, total, m);
    std::vector<StatementSpan> spans = split(c.provider(), m.bytes);
    // PostgreSQL runs the multi-statement query Prisma sends as one transaction; MySQL commits
    // DDL as it goes, so a transaction would change nothing there.
    bool transaction = c.provider() == Provider::PostgreSQL && spans.size() > 1;
    if (transaction) c.query("BEGIN");
    for (const auto& span : spans) {
      try {
        c.query(m.bytes.substr(span.begin, span.end - span.begin));
      } catch (const DatabaseError& e) {
        if (transaction) c.query("ROLLBACK");
        result.failures.push_back(failure(m, span, e, c.provider()));
        return result;
      }
    }
    if (transaction) c.query("COMMIT");
    ++result.applied;
  }
  return result;
}

}  // namespace driftgate
