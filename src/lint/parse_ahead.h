#pragma once
// Migrations parsed, and their change sets extracted, on worker threads a few migrations ahead
// of the linter, which takes them in history order. Parsing is most of lint's work and needs
// nothing from earlier migrations; the rules do (the catalogue), so they stay on one thread.
#include <cstddef>
#include <deque>
#include <future>
#include <vector>

#include "lint/change.h"
#include "migrations/migration.h"
#include "sql/sql_file.h"

namespace driftgate {

struct ParsedMigration {
  SqlFile file;
  std::vector<std::vector<Change>> changes;  // per statement of `file`
};

class ParseAhead {
 public:
  // `with_comments[i]`: whether migration i's comments are needed (for ignore directives).
  ParseAhead(const MigrationDir& dir, std::vector<bool> with_comments);
  // The next migration, in history order; call it once per migration.
  ParsedMigration next();

 private:
  void launch();

  const MigrationDir& dir_;
  std::vector<bool> with_comments_;
  std::size_t window_;
  std::size_t launched_ = 0;
  std::deque<std::future<ParsedMigration>> pending_;
};

}  // namespace driftgate
