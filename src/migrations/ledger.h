#pragma once
// Prisma Migrate's ledger, the `_prisma_migrations` table, as rows; and Prisma's checksum
// comparison. Reading the table is src/db/ledger_reader.h's job: this knows no database.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace driftgate {

// One row of `_prisma_migrations`. Several rows may name one migration (a failed attempt, rolled
// back, then applied again). Timestamps are ISO 8601 text in UTC, as read.
struct LedgerEntry {
  std::string id;
  std::string migration_name;
  std::string checksum;
  std::string started_at;
  std::optional<std::string> finished_at;
  std::optional<std::string> rolled_back_at;
  std::optional<std::string> logs;
  long long applied_steps_count = 0;

  // Prisma's own definitions (diagnose_migration_history.rs): finished and not rolled back is
  // applied; neither finished nor rolled back is failed, which blocks `migrate deploy`.
  bool applied() const { return finished_at && !rolled_back_at; }
  bool failed() const { return !finished_at && !rolled_back_at; }
};

// What a database's ledger says, as read in one read-only session.
struct Ledger {
  bool table_exists = false;
  std::vector<LedgerEntry> entries;  // in the order they were started
  // Prisma's migration lock (PostgreSQL advisory lock 72707369, MySQL GET_LOCK('prisma_migrate'))
  // is held by another session: a `migrate deploy` is running right now.
  bool migration_running = false;
  std::size_t user_tables = 0;  // tables other than the ledger in the database's schema
};

enum class ChecksumMatch {
  Same,             // the file is what was applied
  LineEndingsOnly,  // only CRLF/LF differ: Prisma accepts it as the same
  Differs,          // the file was edited after it was applied
};

// Compares a stored checksum with a script as Prisma does (checksum.rs): the text as it is, with
// CRLF turned into LF and with LF turned into CRLF; a stored value that is not 64 characters long
// is the legacy form without zero padding.
ChecksumMatch compare_checksum(std::string_view stored, std::string_view script);

}  // namespace driftgate
