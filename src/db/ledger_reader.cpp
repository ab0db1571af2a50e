#include "db/ledger_reader.h"

#include "db/introspector.h"

namespace driftgate {
namespace {

using introspection::kMigrationsTable;
using introspection::Rows;

// Prisma's advisory lock key (flavour/postgres.rs): pg_advisory_lock(72707369) shows in pg_locks
// as classid 0, objid 72707369, objsubid 1, in the database it was taken in.
constexpr const char* kPostgresLockHeld =
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = 72707369 "
    "AND objsubid = 1 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) "
    "AS held";
constexpr const char* kMysqlLockHeld = "SELECT IS_USED_LOCK('prisma_migrate') IS NOT NULL AS held";

std::string columns(Provider provider) {
  // Timestamps as ISO 8601 UTC text whatever the session's time zone or date style.
  auto ts = [&](const char* column) {
    return provider == Provider::PostgreSQL
               ? "to_char(" + std::string(column) + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS " + column
               : "DATE_FORMAT(" + std::string(column) + ", '%Y-%m-%dT%H:%i:%s.%fZ') AS " + column;
  };
  return "id, migration_name, checksum, " + ts("started_at") + ", " + ts("finished_at") + ", " + ts("rolled_back_at") +
         ", logs, applied_steps_count";
}

}  // namespace

Ledger read_ledger(Connection& c, const std::string& schema) {
  const bool pg = c.provider() == Provider::PostgreSQL;
  const std::string table(kMigrationsTable);
  const std::string ns = pg ? c.quote_literal(schema) : std::string();
  Ledger ledger;
  // One read-only snapshot for the table list and the rows.
  Rows(c, "the ledger (starting a read-only transaction)",
       pg ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "START TRANSACTION READ ONLY");
  try {
    // PostgreSQL's catalogue lists every table whatever the role may read (information_schema
    // would hide those it has no privilege on); MySQL's information_schema is all there is.
    Rows tables(c, "the ledger (listing tables)",
                pg ? "SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                     "WHERE n.nspname = " + ns + " AND c.relkind IN ('r', 'p')"
                   : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() "
                     "AND table_type = 'BASE TABLE'");
    for (std::size_t i = 0; i < tables.size(); ++i) {
      if (tables.str(i, "name") == table) ledger.table_exists = true;
      else ++ledger.user_tables;
    }
    if (ledger.table_exists) {
      std::string qualified = pg ? c.quote_identifier(schema) + "." + c.quote_identifier(table) : c.quote_identifier(table);
      Rows rows(c, "the ledger (" + table + ")",
                "SELECT " + columns(c.provider()) + " FROM " + qualified + " ORDER BY started_at, id");
      for (std::size_t i = 0; i < rows.size(); ++i) {
        LedgerEntry e;
        e.id = rows.str(i, "id");
        e.migration_name = rows.str(i, "migration_name");
        e.checksum = rows.str(i, "checksum");
        e.started_at = rows.str(i, "started_at");
        e.finished_at = rows.opt(i, "finished_at");
        e.rolled_back_at = rows.opt(i, "rolled_back_at");
        e.logs = rows.opt(i, "logs");
        e.applied_steps_count = rows.integer(i, "applied_steps_count");
        ledger.entries.push_back(std::move(e));
      }
    }
    Rows lock(c, "the ledger (Prisma's migration lock)", pg ? kPostgresLockHeld : kMysqlLockHeld);
    ledger.migration_running = lock.flag(0, "held");
  } catch (...) {
    try {
      c.query("ROLLBACK");
    } catch (...) {
      // The connection is already failing: the error that got us here is the one to report.
    }
    throw;
  }
  Rows(c, "the ledger (ending the read-only transaction)", "COMMIT");
  return ledger;
}

}  // namespace driftgate
