#pragma once
// Migrations parsed, and their change sets extracted, on worker threads a few migrations ahead
// of the linter, which takes them in history order. Parsing is most of lint's work and needs
// nothing from earlier migrations; the rules do (the catalogue), so they stay on one thread.
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "lint/change.h"
#include "core/schema.h"
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
  ParseAhead(const MigrationDir& dir, Provider provider, std::vector<bool> with_comments);
  ~ParseAhead();  // stops the workers, also when the linter gives up half-way
  ParseAhead(const ParseAhead&) = delete;
  ParseAhead& operator=(const ParseAhead&) = delete;

  // The next migration, in history order; call it once per migration. Rethrows what parsing it threw.
  ParsedMigration next();

 private:
  void work();
  // Parses migration i, which the caller has claimed, with `lock` released, and stores the result.
  void parse_claimed(std::size_t i, std::unique_lock<std::mutex>& lock);
  // Whether a migration is left to parse within the window (with the lock held).
  bool claimable() const { return claimed_ < dir_.migrations.size() && claimed_ < taken_ + kWindow; }

  const MigrationDir& dir_;
  Provider provider_;
  std::vector<bool> with_comments_;
  static constexpr std::size_t kWindow = 64;  // how far ahead of the linter parsing may be

  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t claimed_ = 0;  // the next migration a worker parses
  std::size_t taken_ = 0;    // the next migration next() returns
  bool stopping_ = false;
  std::vector<std::optional<ParsedMigration>> parsed_;
  std::vector<std::exception_ptr> failed_;

  std::vector<std::thread> workers_;  // last: started once everything above exists
};

}  // namespace driftgate
