#pragma once
// Where a database stands with a migrations directory, from its ledger alone (`driftgate
// status`): Prisma's states (applied, pending, failed, rolled back) and Flyway's (edited after it
// was applied, applied but missing locally, applied out of order), each with what to do.
#include <optional>
#include <string>
#include <vector>

#include "core/finding.h"
#include "migrations/ledger.h"
#include "migrations/migration.h"

namespace driftgate {

enum class MigrationState {
  Applied,         // finished, and the file is what was applied (line endings aside)
  Pending,         // no ledger row: `migrate deploy` applies it
  Failed,          // started, not finished, not rolled back: `migrate deploy` refuses to go on
  Running,         // started, not finished, and Prisma's migration lock is held right now
  RolledBack,      // every attempt was marked rolled back: `migrate deploy` applies it again
  Modified,        // applied, and the file was edited since
  MissingLocally,  // applied (or failed) in the database, absent from the directory
};

// "applied", "pending", "failed", "running", "rolled-back", "modified", "missing-locally": the
// `state` of JSON reports.
const char* to_string(MigrationState state);

struct MigrationStatus {
  std::string name;
  MigrationState state = MigrationState::Pending;
  const Migration* migration = nullptr;  // null when missing locally
  std::optional<LedgerEntry> entry;      // the row the state comes from
  std::size_t attempts = 0;              // ledger rows that name it
  bool line_endings_only = false;        // applied; the file differs from it in line endings only
  // Pending (or rolled back) yet sorting before a migration that is applied, or applied after a
  // migration that sorts later: the database did not, or will not, run the history in order.
  bool out_of_order = false;
  std::string out_of_order_after;        // the applied migration it comes after in the ledger
};

struct HistoryStatus {
  // The directory's migrations in order, then those only the ledger knows, in ledger order.
  std::vector<MigrationStatus> migrations;
  bool ledger_missing = false;   // no `_prisma_migrations` table
  bool baseline_needed = false;  // no ledger rows, but tables: not managed by Prisma Migrate
  bool migration_running = false;
  // One finding per state that needs action (DG501-DG508), located at the migration's file.
  std::vector<Finding> findings;

  std::size_t count(MigrationState state) const;
};

HistoryStatus compute_status(const MigrationDir& dir, const Ledger& ledger);

}  // namespace driftgate
