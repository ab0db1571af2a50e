#include "db/replayer.h"

#include <algorithm>
#include <optional>
#include <regex>

#include "db/mysql8_emulation.h"
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
  // MariaDB allows no stored function in a DEFAULT, generated column or CHECK expression, and the
  // emulated MySQL 8 functions are stored functions there.
  static const std::regex stored_in_expression(R"re(Function or expression '`?(\w+)`?\(\)' cannot be used in the (.+) clause)re");
  if (provider == Provider::MySQL && e.code == "1901" && std::regex_search(e.message, m, stored_in_expression))
    if (auto name = emulated_mysql8_function(m[1].str()))
      return *name + " is a MySQL 8 function that the MariaDB shadow emulates as a stored function, which MariaDB "
             "does not allow in the " + m[2].str() + " clause; pass --shadow-url with a MySQL 8 server";
  static const std::regex mysql8_collation(R"re(Unknown collation: '(\w+_0900_\w+)')re");
  if (provider == Provider::MySQL && e.code == "1273" && std::regex_search(e.message, m, mysql8_collation))
    return "the collation " + m[1].str() + " is MySQL 8's, which MariaDB lacks; pass --shadow-url with a MySQL 8 server";
  static const std::regex near(R"re(near '((?:[^']|'')*)')re");
  if (provider == Provider::MySQL && e.code == "1064" && std::regex_search(e.message, m, near))
    return "if the syntax near '" + m[1].str().substr(0, 40) +
           "' is MySQL 8's, which a MariaDB shadow lacks, pass --shadow-url with a MySQL 8 server";
  return "";
}

// DG001 at `span`, the failing statement; `position` is the server's 1-based character position
// in `sent`, the text that began at byte `sent_begin` of the file.
Finding failure(const Migration& m, const StatementSpan& span, const DatabaseError& error, Provider provider,
                std::size_t sent_begin, std::string_view sent) {
  const ServerError& e = error.server();
  std::size_t offset = span.begin;
  if (e.position && *e.position > 0) offset = sent_begin + pg_position_offset(sent, *e.position);
  std::string_view statement = std::string_view(m.bytes).substr(span.begin, span.end - span.begin);
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

// Sends the statements one by one (PostgreSQL: in a transaction when there are several, as the
// file as a whole would run) and returns DG001 for the first that fails; with `rollback`, undoes
// them all either way.
std::optional<Finding> apply_statements(const Migration& m, Connection& c, bool rollback,
                                        const StatementRewrite& rewrite = {}) {
  std::vector<StatementSpan> spans = split(c.provider(), m.bytes);
  bool transaction = c.provider() == Provider::PostgreSQL && spans.size() > 1;
  if (transaction) c.query("BEGIN");
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const StatementSpan& span = spans[i];
    std::string_view statement = std::string_view(m.bytes).substr(span.begin, span.end - span.begin);
    try {
      std::optional<std::string> rewritten = rewrite ? rewrite(statement) : std::nullopt;
      c.query(rewritten ? *rewritten : std::string(statement));
    } catch (const ConnectionLost& e) {
      throw ConnectionLost(e.what(), i);  // the statement in flight
    } catch (const DatabaseError& e) {
      if (transaction) c.query("ROLLBACK");
      return failure(m, span, e, c.provider(), span.begin, statement);
    }
  }
  if (transaction) c.query(rollback ? "ROLLBACK" : "COMMIT");
  return std::nullopt;
}

// The statement of a file that holds byte `offset`, when there is one.
std::optional<StatementSpan> statement_at(Provider provider, const std::string& file, std::size_t offset) {
  for (const auto& span : split(provider, file))
    if (offset >= span.begin && offset < span.end) return span;
  return std::nullopt;
}

// PostgreSQL: the whole file in one round trip, as Prisma sends it (one implicit transaction).
// A failure is placed by the server's position when it gives one, else by running the file
// again statement by statement, rolled back.
std::optional<Finding> apply_file(const Migration& m, Connection& c) {
  try {
    c.execute_script(m.bytes);
    return std::nullopt;
  } catch (const DatabaseError& e) {
    if (e.server().position) {
      std::size_t at = pg_position_offset(m.bytes, *e.server().position);
      if (auto span = statement_at(c.provider(), m.bytes, at)) return failure(m, *span, e, c.provider(), 0, m.bytes);
    }
    // The statements that completed before the failure say which one failed, without running the
    // file again (which would take a statement that timed out as long again).
    if (auto done = e.server().completed_statements) {
      std::vector<StatementSpan> spans = split(c.provider(), m.bytes);
      if (*done < spans.size()) return failure(m, spans[*done], e, c.provider(), 0, m.bytes);
    }
    if (std::optional<Finding> located = apply_statements(m, c, true)) return located;
    // One by one it applies: the failure needed the statements in one transaction.
    return failure(m, {0, m.bytes.size()}, e, c.provider(), 0, m.bytes);
  }
}

// The shadow server died or the connection dropped while `m` was being applied: an error at the
// statement in flight when known (the first one that had not completed), else at the migration.
Error lost_during(const Migration& m, Provider provider, const ConnectionLost& e) {
  SourceLocation where{m.relative_path, 0, 0, 0, 0};
  std::vector<StatementSpan> spans = split(provider, m.bytes);
  std::string statement;
  if (e.completed_statements && *e.completed_statements < spans.size()) {
    const StatementSpan& span = spans[*e.completed_statements];
    LineIndex lines(m.bytes);
    auto at = lines.position(span.begin);
    where.line = at.line;
    where.column = at.column;
    statement = ", statement " + std::to_string(*e.completed_statements + 1) + " of " + std::to_string(spans.size());
  } else if (provider == Provider::PostgreSQL) {
    statement = ", sent whole as one script of " + std::to_string(spans.size()) + " statement(s),";
  }
  return Error(where, std::string(e.what()) + " (while replaying migration " + m.name + statement +
                          " into the shadow database)");
}

}  // namespace

ReplayResult replay_history(const MigrationDir& history, Connection& c, const ReplayProgress& progress,
                            const StatementRewrite& rewrite, std::size_t first) {
  ReplayResult result;
  const std::size_t total = history.migrations.size();
  result.applied = std::min(first, total);
  for (std::size_t i = result.applied; i < total; ++i) {
    throw_if_interrupted();
    const Migration& m = history.migrations[i];
    if (progress) progress(i, total, m);
    // MySQL commits DDL as it goes: a file is sent statement by statement, and a failure leaves
    // what came before it applied, as with Prisma.
    std::optional<Finding> failed;
    try {
      failed = c.provider() == Provider::PostgreSQL ? apply_file(m, c) : apply_statements(m, c, false, rewrite);
    } catch (const ConnectionLost& e) {
      throw lost_during(m, c.provider(), e);
    }
    if (failed) {
      result.failures.push_back(std::move(*failed));
      return result;
    }
    ++result.applied;
  }
  return result;
}

}  // namespace driftgate
