#include "migrations/history_status.h"

#include <algorithm>
#include <map>

namespace driftgate {
namespace {

// The row that decides a migration's state among its attempts: a failed one blocks deploy
// whatever came before it; else the applied one; else the last (rolled back).
const LedgerEntry* deciding_entry(const std::vector<const LedgerEntry*>& rows) {
  const LedgerEntry* applied = nullptr;
  for (const LedgerEntry* r : rows) {
    if (r->failed()) return r;
    if (r->applied()) applied = r;
  }
  return applied ? applied : rows.empty() ? nullptr : rows.back();
}

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.size() > 300 ? line.substr(0, 300) + "..." : line;
}

class StatusBuilder {
 public:
  StatusBuilder(const MigrationDir& dir, const Ledger& ledger) : dir_(dir), ledger_(ledger) {}

  HistoryStatus build() {
    status_.ledger_missing = !ledger_.table_exists;
    status_.migration_running = ledger_.migration_running;
    std::map<std::string, std::vector<const LedgerEntry*>> rows;
    std::vector<std::string> ledger_order;  // names in the order first started
    for (const auto& e : ledger_.entries) {
      auto& list = rows[e.migration_name];
      if (list.empty()) ledger_order.push_back(e.migration_name);
      list.push_back(&e);
    }
    for (const auto& m : dir_.migrations) {
      auto it = rows.find(m.name);
      status_.migrations.push_back(local(m, it == rows.end() ? std::vector<const LedgerEntry*>{} : it->second));
    }
    for (const auto& name : ledger_order) {
      bool local = std::any_of(dir_.migrations.begin(), dir_.migrations.end(), [&](const Migration& m) { return m.name == name; });
      const LedgerEntry* row = deciding_entry(rows[name]);
      if (local || !row || row->rolled_back_at) continue;  // only rolled back: nothing of it is in the database
      MigrationStatus s;
      s.name = name;
      s.state = MigrationState::MissingLocally;
      s.entry = *row;
      s.attempts = rows[name].size();
      status_.migrations.push_back(std::move(s));
    }
    mark_out_of_order();
    status_.baseline_needed = ledger_.entries.empty() && ledger_.user_tables > 0;
    report();
    return std::move(status_);
  }

 private:
  MigrationStatus local(const Migration& m, const std::vector<const LedgerEntry*>& rows) {
    MigrationStatus s;
    s.name = m.name;
    s.migration = &m;
    s.attempts = rows.size();
    const LedgerEntry* row = deciding_entry(rows);
    if (!row) return s;  // pending
    s.entry = *row;
    if (row->failed()) {
      s.state = ledger_.migration_running ? MigrationState::Running : MigrationState::Failed;
    } else if (row->applied()) {
      ChecksumMatch match = compare_checksum(row->checksum, m.bytes);
      s.state = match == ChecksumMatch::Differs ? MigrationState::Modified : MigrationState::Applied;
      s.line_endings_only = match == ChecksumMatch::LineEndingsOnly;
    } else {
      s.state = MigrationState::RolledBack;
    }
    return s;
  }

  // A migration the ledger has not applied that sorts before one it has; and an applied migration
  // that was finished after one sorting later in the directory.
  void mark_out_of_order() {
    std::string last_applied;  // in directory order, the latest applied so far (scanning backwards)
    const std::size_t local_count = dir_.migrations.size();
    for (std::size_t i = local_count; i-- > 0;) {
      MigrationStatus& s = status_.migrations[i];
      bool in_db = s.state == MigrationState::Applied || s.state == MigrationState::Modified;
      bool waiting = s.state == MigrationState::Pending || s.state == MigrationState::RolledBack;
      if (waiting && !last_applied.empty()) {
        s.out_of_order = true;
        s.out_of_order_after = last_applied;
      }
      if (in_db && last_applied.empty()) last_applied = s.name;
    }
    // Applied after a migration that sorts later: scanning backwards, the earliest finish among the
    // later ones is what each must precede.
    const MigrationStatus* earliest_later = nullptr;
    for (std::size_t i = local_count; i-- > 0;) {
      MigrationStatus& s = status_.migrations[i];
      if (!s.entry || !s.entry->applied()) continue;
      if (earliest_later && *s.entry->finished_at > *earliest_later->entry->finished_at) {
        s.out_of_order = true;
        s.out_of_order_after = earliest_later->name;
      }
      if (!earliest_later || *s.entry->finished_at < *earliest_later->entry->finished_at) earliest_later = &s;
    }
  }

  void add(const MigrationStatus& s, const char* rule, Level level, std::string message,
           std::vector<std::string> notes = {}) {
    Finding f;
    f.rule_id = rule;
    f.level = level;
    f.migration = s.name;
    f.location.file = s.migration ? s.migration->relative_path : dir_.relative_dir;
    f.message = "migration " + s.name + " " + std::move(message);
    f.notes = std::move(notes);
    f.fingerprint_basis = std::string(rule) + " " + s.name;
    status_.findings.push_back(std::move(f));
  }

  void report() {
    if (status_.baseline_needed) {
      Finding f;
      f.rule_id = "DG508";
      f.level = Level::Error;
      f.location.file = dir_.relative_dir;
      std::string first = dir_.migrations.empty() ? "<migration>" : dir_.migrations.front().name;
      f.message = std::string("the database has ") + std::to_string(ledger_.user_tables) + " table(s) but " +
                  (ledger_.table_exists ? "an empty _prisma_migrations table" : "no _prisma_migrations table") +
                  ": it is not managed by Prisma Migrate, and `migrate deploy` would fail on it (P3005)";
      f.notes.push_back("baseline it: for each migration whose changes the database already holds, oldest first, run "
                        "`npx prisma migrate resolve --applied " + first + "` (and so on), then `migrate deploy` applies the rest");
      f.fingerprint_basis = "DG508";
      status_.findings.push_back(std::move(f));
    }
    // A running migration the ledger names says it at that migration; else the lock alone says it.
    if (status_.migration_running && !count_running()) {
      Finding f;
      f.rule_id = "DG507";
      f.level = Level::Warning;
      f.location.file = dir_.relative_dir;
      f.message = "a migration is being applied right now (another session holds Prisma's migration lock); "
                  "run status again when it has finished";
      f.fingerprint_basis = "DG507";
      status_.findings.push_back(std::move(f));
    }
    for (const auto& s : status_.migrations) {
      const LedgerEntry* e = s.entry ? &*s.entry : nullptr;
      switch (s.state) {
        case MigrationState::Pending:
          add(s, "DG501", Level::Warning, "is not applied yet: `prisma migrate deploy` applies it");
          break;
        case MigrationState::RolledBack:
          add(s, "DG506", Level::Warning,
              "was rolled back (`migrate resolve --rolled-back`) and is not applied: `prisma migrate deploy` applies it again");
          break;
        case MigrationState::Failed: {
          std::vector<std::string> notes{"started at " + e->started_at + ", applied_steps_count " +
                                         std::to_string(e->applied_steps_count)};
          if (e->logs && !e->logs->empty()) notes.push_back("logs: " + first_line(*e->logs));
          notes.push_back("if its changes are in the database, fix what is missing and run `npx prisma migrate resolve --applied " +
                          s.name + "`; if they are not, undo any part applied and run `npx prisma migrate resolve --rolled-back " +
                          s.name + "`");
          add(s, "DG502", Level::Error, "failed when it was applied: `prisma migrate deploy` refuses to apply anything until it is resolved (P3009)",
              std::move(notes));
          break;
        }
        case MigrationState::Running:
          add(s, "DG507", Level::Warning, "is being applied right now (started at " + e->started_at + ")");
          break;
        case MigrationState::Modified:
          add(s, "DG503", Level::Error,
              "was modified after it was applied (on " + e->finished_at.value_or(e->started_at) +
                  "): databases that applied it ran other SQL than the file now holds",
              {"revert the edit and make the change in a new migration; Prisma's `migrate dev` would ask to reset the database"});
          break;
        case MigrationState::MissingLocally:
          add(s, e->failed() ? "DG502" : "DG504", Level::Error,
              std::string(e->failed() ? "failed in the database" : "was applied to the database") +
                  " but is not in the migrations directory: restore its folder from version control "
                  "(a migration deleted or renamed after it was applied)");
          break;
        case MigrationState::Applied:
          if (s.line_endings_only)
            add(s, "DG503", Level::Notice,
                "differs from what was applied only in its line endings (CRLF/LF); Prisma accepts it as unchanged");
          break;
      }
      if (s.out_of_order) {
        bool waiting = s.state == MigrationState::Pending || s.state == MigrationState::RolledBack;
        add(s, "DG505", Level::Warning,
            waiting ? "sorts before " + s.out_of_order_after +
                          ", which is already applied: `migrate deploy` will apply it after later migrations; "
                          "rename it to sort last if it depends on them"
                    : "was applied after " + s.out_of_order_after +
                          ", which sorts later: this database ran the history in another order than a fresh one will");
      }
    }
  }

  std::size_t count_running() const { return status_.count(MigrationState::Running); }

  const MigrationDir& dir_;
  const Ledger& ledger_;
  HistoryStatus status_;
};

}  // namespace

const char* to_string(MigrationState state) {
  switch (state) {
    case MigrationState::Applied: return "applied";
    case MigrationState::Pending: return "pending";
    case MigrationState::Failed: return "failed";
    case MigrationState::Running: return "running";
    case MigrationState::RolledBack: return "rolled-back";
    case MigrationState::Modified: return "modified";
    case MigrationState::MissingLocally: return "missing-locally";
  }
  return "";
}

std::size_t HistoryStatus::count(MigrationState state) const {
  return static_cast<std::size_t>(
      std::count_if(migrations.begin(), migrations.end(), [&](const MigrationStatus& s) { return s.state == state; }));
}

HistoryStatus compute_status(const MigrationDir& dir, const Ledger& ledger) { return StatusBuilder(dir, ledger).build(); }

}  // namespace driftgate
