// Prisma's checksum comparison and the states `status` derives from a ledger.
#include <doctest/doctest.h>

#include "migrations/history_status.h"
#include "migrations/ledger.h"

using namespace driftgate;

namespace {

Migration migration(const std::string& name, const std::string& sql) {
  Migration m;
  m.name = name;
  m.relative_path = "prisma/migrations/" + name + "/migration.sql";
  m.bytes = sql;
  return m;
}

MigrationDir directory(std::vector<Migration> migrations) {
  MigrationDir dir;
  dir.relative_dir = "prisma/migrations";
  dir.migrations = std::move(migrations);
  return dir;
}

int seconds = 0;
LedgerEntry applied(const Migration& m) {
  LedgerEntry e;
  e.migration_name = m.name;
  e.checksum = m.checksum();
  e.started_at = "2024-01-01T00:00:" + std::to_string(10 + seconds++) + ".000Z";
  e.finished_at = e.started_at;
  return e;
}

// "name=state" per migration, and the rule ids, for exact comparison.
std::string states(const HistoryStatus& s) {
  std::string out;
  for (const auto& m : s.migrations) out += (out.empty() ? "" : " ") + m.name + "=" + to_string(m.state);
  return out;
}
std::string rules(const HistoryStatus& s) {
  std::string out;
  for (const auto& f : s.findings) out += (out.empty() ? "" : " ") + f.rule_id + ":" + std::string(to_string(f.level));
  return out;
}

}  // namespace

TEST_CASE("compare_checksum accepts Prisma's line-ending variants and legacy unpadded hex") {
  const std::string script = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n";
  const std::string crlf = "CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n";
  CHECK(compare_checksum(prisma_checksum(script), script) == ChecksumMatch::Same);
  CHECK(compare_checksum(prisma_checksum(crlf), script) == ChecksumMatch::LineEndingsOnly);
  CHECK(compare_checksum(prisma_checksum(script), crlf) == ChecksumMatch::LineEndingsOnly);
  CHECK(compare_checksum(prisma_checksum(script + "-- edit\n"), script) == ChecksumMatch::Differs);
  // sha256("hello") = 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824: its 0a, 0e and
  // 04 bytes lose their zero in the legacy form.
  CHECK(prisma_checksum("hello") == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  CHECK(compare_checksum("2cf24dba5fb0a3e26e83b2ac5b9e29e1b161e5c1fa7425e7343362938b9824", "hello") ==
        ChecksumMatch::Same);
  CHECK(compare_checksum("2cf24dba5fb0a3e26e83b2ac5b9e29e1b161e5c1fa7425e7343362938b982", "hello") ==
        ChecksumMatch::Differs);
  CHECK(compare_checksum("", "") == ChecksumMatch::Differs);
}

TEST_CASE("compute_status: each ledger state, with its finding") {
  Migration m1 = migration("20240101000000_init", "CREATE TABLE a (id int);\n");
  Migration m2 = migration("20240201000000_two", "CREATE TABLE b (id int);\n");
  Migration m3 = migration("20240301000000_three", "CREATE TABLE c (id int);\n");
  MigrationDir dir = directory({m1, m2, m3});
  Ledger ledger;
  ledger.table_exists = true;

  SUBCASE("all applied: in sync, no finding") {
    ledger.entries = {applied(m1), applied(m2), applied(m3)};
    HistoryStatus s = compute_status(dir, ledger);
    CHECK(states(s) == "20240101000000_init=applied 20240201000000_two=applied 20240301000000_three=applied");
    CHECK(rules(s) == "");
  }
  SUBCASE("pending") {
    ledger.entries = {applied(m1), applied(m2)};
    HistoryStatus s = compute_status(dir, ledger);
    CHECK(states(s) == "20240101000000_init=applied 20240201000000_two=applied 20240301000000_three=pending");
    CHECK(rules(s) == "DG501:warning");
    CHECK(s.findings[0].location.file == m3.relative_path);
  }
  SUBCASE("failed, then running while Prisma's lock is held") {
    LedgerEntry failed = applied(m3);
    failed.finished_at.reset();
    failed.logs = "Database error code: 42P01\nmore";
    ledger.entries = {applied(m1), applied(m2), failed};
    HistoryStatus s = compute_status(dir, ledger);
    CHECK(s.migrations[2].state == MigrationState::Failed);
    CHECK(rules(s) == "DG502:error");
    REQUIRE(s.findings[0].notes.size() == 3);
    CHECK(s.findings[0].notes[1] == "logs: Database error code: 42P01");
    ledger.migration_running = true;
    s = compute_status(dir, ledger);
    CHECK(s.migrations[2].state == MigrationState::Running);
    CHECK(rules(s) == "DG507:warning");
  }
  SUBCASE("rolled back, and a retry applied after the rollback") {
    LedgerEntry rolled = applied(m3);
    rolled.finished_at.reset();
    rolled.rolled_back_at = "2024-01-02T00:00:00.000Z";
    ledger.entries = {applied(m1), applied(m2), rolled};
    CHECK(compute_status(dir, ledger).migrations[2].state == MigrationState::RolledBack);
    ledger.entries.push_back(applied(m3));
    HistoryStatus s = compute_status(dir, ledger);
    CHECK(s.migrations[2].state == MigrationState::Applied);
    CHECK(s.migrations[2].attempts == 2);
    CHECK(rules(s) == "");
  }
  SUBCASE("modified, and line endings only") {
    LedgerEntry edited = applied(m1);
    edited.checksum = prisma_checksum("CREATE TABLE a (id bigint);\n");
    ledger.entries = {edited, applied(m2), applied(m3)};
    HistoryStatus s = compute_status(dir, ledger);
    CHECK(s.migrations[0].state == MigrationState::Modified);
    CHECK(rules(s) == "DG503:error");
    ledger.entries[0].checksum = prisma_checksum("CREATE TABLE a (id int);\r\n");
    s = compute_status(dir, ledger);
    CHECK(s.migrations[0].state == MigrationState::Applied);
    CHECK(s.migrations[0].line_endings_only);
    CHECK(rules(s) == "DG503:notice");
  }
  SUBCASE("applied but missing locally; only rolled back rows of a missing one are ignored") {
    Migration gone = migration("20240115000000_hotfix", "SELECT 1;");
    LedgerEntry rolled = applied(migration("20240116000000_tried", "SELECT 2;"));
    rolled.rolled_back_at = rolled.finished_at;
    rolled.finished_at.reset();
    ledger.entries = {applied(m1), applied(gone), rolled, applied(m2), applied(m3)};
    HistoryStatus s = compute_status(dir, ledger);
    CHECK(states(s) == "20240101000000_init=applied 20240201000000_two=applied 20240301000000_three=applied "
                       "20240115000000_hotfix=missing-locally");
    CHECK(rules(s) == "DG504:error");
    CHECK(s.findings[0].location.file == "prisma/migrations");
  }
  SUBCASE("out of order: pending before an applied one, and applied after a later one") {
    ledger.entries = {applied(m1), applied(m3)};
    HistoryStatus s = compute_status(dir, ledger);
    CHECK(states(s) == "20240101000000_init=applied 20240201000000_two=pending 20240301000000_three=applied");
    CHECK(s.migrations[1].out_of_order);
    CHECK(s.migrations[1].out_of_order_after == m3.name);
    CHECK(rules(s) == "DG501:warning DG505:warning");
    ledger.entries.push_back(applied(m2));
    s = compute_status(dir, ledger);
    CHECK(s.migrations[1].state == MigrationState::Applied);
    CHECK(s.migrations[2].out_of_order == false);
    CHECK(s.migrations[1].out_of_order);  // finished after 20240301000000_three
    CHECK(rules(s) == "DG505:warning");
  }
  SUBCASE("no ledger: a fresh database is all pending; one with tables needs a baseline") {
    ledger.table_exists = false;
    HistoryStatus s = compute_status(dir, ledger);
    CHECK(s.ledger_missing);
    CHECK(rules(s) == "DG501:warning DG501:warning DG501:warning");
    ledger.user_tables = 4;
    s = compute_status(dir, ledger);
    CHECK(s.baseline_needed);
    CHECK(rules(s) == "DG508:error DG501:warning DG501:warning DG501:warning");
    CHECK(s.findings[0].notes[0].find("npx prisma migrate resolve --applied 20240101000000_init") != std::string::npos);
  }
}
