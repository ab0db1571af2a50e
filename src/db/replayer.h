#pragma once
// Applies a migration history to a shadow database the way Prisma Migrate does: migrations in
// order, each PostgreSQL migration file sent whole, which makes it one transaction; MySQL files
// statement by statement. A failure is reported at its statement (DG001).
#include <cstddef>
#include <functional>
#include <vector>

#include "core/finding.h"
#include "db/connection.h"
#include "migrations/migration.h"

namespace driftgate {

struct ReplayResult {
  std::size_t applied = 0;        // migrations applied completely
  std::vector<Finding> failures;  // DG001 for the migration that failed; replay stops there

  bool complete() const { return failures.empty(); }
};

// Called before each migration: its index, the number of migrations, the migration.
using ReplayProgress = std::function<void(std::size_t, std::size_t, const Migration&)>;

ReplayResult replay_history(const MigrationDir& history, Connection& connection, const ReplayProgress& progress);

}  // namespace driftgate
