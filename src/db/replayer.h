#pragma once
// Applies a migration history to a shadow database the way Prisma Migrate does: migrations in
// order, each PostgreSQL migration file sent whole, which makes it one transaction; MySQL files
// statement by statement. A failure is reported at its statement (DG001).
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "db/connection.h"
#include "migrations/migration.h"

namespace driftgate {

struct ReplayResult {
  std::size_t applied = 0;        // migrations the database holds completely, `first` included
  std::vector<Finding> failures;  // DG001 for the migration that failed; replay stops there

  bool complete() const { return failures.empty(); }
};

// Called before each migration: its index, the number of migrations, the migration.
using ReplayProgress = std::function<void(std::size_t, std::size_t, const Migration&)>;

// What the shadow is sent instead of a MySQL statement, when it is not the statement itself (the
// calls of emulated MySQL 8 functions, db/mysql8_emulation.h); nullopt: the statement as written.
using StatementRewrite = std::function<std::optional<std::string>(std::string_view)>;

// `first`: how many of the history's migrations the database already holds (restored from the
// replay cache); replay starts after them.
ReplayResult replay_history(const MigrationDir& history, Connection& connection, const ReplayProgress& progress,
                            const StatementRewrite& rewrite = {}, std::size_t first = 0);

}  // namespace driftgate
