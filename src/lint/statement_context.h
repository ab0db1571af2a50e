#pragma once
#include <span>
#include <string_view>
#include <vector>

#include "core/schema.h"
#include "lint/change.h"
#include "lint/history_catalog.h"
#include "sql/sql_file.h"

namespace driftgate {

struct Migration;

// A statement of the migration being linted with the changes it makes.
struct StatementChanges {
  const Statement* statement = nullptr;
  std::vector<Change> changes;
};

// The migration being linted: its parsed file and every statement's changes, so that a rule
// can look at what comes before or after the statement it checks.
struct MigrationScript {
  const Migration* migration = nullptr;
  int index = 0;  // position in the history
  const SqlFile* file = nullptr;
  std::vector<StatementChanges> statements;
  // PostgreSQL runs a multi-statement script (what Prisma sends) as one implicit transaction.
  bool runs_as_one_transaction = false;
  Provider provider = Provider::PostgreSQL;
};

// Everything a rule may read about one statement.
class StatementContext {
 public:
  StatementContext(const MigrationScript& script, std::size_t statement, const HistoryCatalog& catalog)
      : script_(script), index_(statement), catalog_(catalog) {}

  const MigrationScript& script() const { return script_; }
  // Whose SQL this is: rules word their advice for it.
  Provider provider() const { return script_.provider; }
  std::size_t statement_index() const { return index_; }
  const Statement& statement() const { return *script_.statements[index_].statement; }
  std::string_view text() const { return script_.file->statement_text(statement()); }
  std::span<const Change> changes() const { return script_.statements[index_].changes; }
  // The statements before this one in the same migration.
  std::span<const StatementChanges> earlier() const {
    return std::span(script_.statements).first(index_);
  }
  std::span<const StatementChanges> later() const {
    return std::span(script_.statements).subspan(index_ + 1);
  }

  // The catalogue just before this statement.
  const HistoryCatalog& catalog() const { return catalog_; }

  // True when the table was created by this migration, so it holds no rows of users yet.
  bool is_new_table(const QualifiedName& table) const;
  // True when the column was added to an existing table by this migration (or its table is new).
  bool is_new_column(const QualifiedName& table, const std::string& column) const;
  // True when the statement runs inside a transaction: an explicit BEGIN before it, or a
  // multi-statement script, which PostgreSQL runs as one transaction.
  bool in_transaction() const;
  // True when `SET lock_timeout` ran earlier in this migration.
  bool lock_timeout_set() const;
  // True when an earlier statement of this migration emptied the table (TRUNCATE, or DELETE
  // without WHERE): a step that fails only on existing rows cannot fail after it.
  bool table_emptied_earlier(const QualifiedName& table) const;
  // True when an earlier UPDATE of this migration (with or without WHERE) set the column: a backfill.
  bool column_updated_earlier(const QualifiedName& table, const std::string& column) const;

 private:
  const MigrationScript& script_;
  std::size_t index_;
  const HistoryCatalog& catalog_;
};

}  // namespace driftgate
