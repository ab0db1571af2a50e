#include "cli/live_gate.h"

#include <algorithm>

#include "core/diff_findings.h"
#include "core/schema_diff.h"
#include "db/ledger_reader.h"
#include "db/replay_key.h"
#include "sql/migration_script.h"

namespace driftgate {
namespace {

Finding not_judged(const MigrationDir& history, std::string message, std::vector<std::string> notes = {}) {
  Finding f;
  f.rule_id = "DG604";
  f.level = Level::Error;
  f.location.file = history.relative_dir;
  f.message = "drift cannot be judged: " + std::move(message);
  f.notes = std::move(notes);
  f.fingerprint_basis = f.message;
  return f;
}

// The changes of `diff` that no entry accepts, as a diff of their own (for the scripts). Entries
// speak of drift (history -> live); a `reversed` diff (live -> history) is matched mirrored.
SchemaDiff unaccepted(const SchemaDiff& diff, const std::vector<DriftAcceptance>& accepted, bool reversed) {
  SchemaDiff out{diff.from, diff.to, {}};
  for (const auto& c : diff.changes) {
    SchemaChange as_drift = c;
    if (reversed && c.type != ChangeType::Changed)
      as_drift.type = c.type == ChangeType::Added ? ChangeType::Removed : ChangeType::Added;
    if (!find_acceptance(accepted, as_drift)) out.changes.push_back(c);
  }
  return out;
}

std::string entry_summary(const DriftAcceptance& a) {
  std::string out;
  auto add = [&](const char* key, const std::string& value) {
    if (!value.empty()) out += (out.empty() ? "" : ", ") + std::string(key) + " \"" + value + "\"";
  };
  if (a.kind) add("kind", to_string(*a.kind));
  if (a.change) add("change", to_string(*a.change));
  add("schema", a.schema);
  add("table", a.table);
  add("name", a.name);
  return out;
}

}  // namespace

std::string LiveDatabase::schema() const {
  if (url.provider == Provider::MySQL) return url.database;
  return url.schema.empty() ? "public" : url.schema;
}

std::string LiveDatabase::describe() const { return "live database: " + url.redacted() + " (from " + origin + ")"; }

LiveDatabase open_live_database(const ConnectionUrl& url, const std::string& origin) {
  LiveDatabase live{url, origin, connect(url, true), {}};
  live.ledger = read_ledger(*live.connection, live.schema());
  return live;
}

std::unique_ptr<ShadowDatabase> open_shadow_like(const LiveDatabase& live, const SourceContext& context,
                                                 const std::vector<Migration>& replay_first) {
  ShadowOptions options = shadow_options(context, live.url.provider, live.url);
  if (live.url.provider == Provider::PostgreSQL) options.schema = live.schema();
  options.replay_first = migration_digests(replay_first);
  return ShadowDatabase::open(options);
}

std::vector<MigrationStateRow> ledger_rows(const HistoryStatus& status) {
  std::vector<MigrationStateRow> rows;
  for (const auto& s : status.migrations) {
    MigrationStateRow r;
    r.migration = s.name;
    r.state = to_string(s.state);
    if (s.entry) {
      r.started_at = s.entry->started_at;
      r.finished_at = s.entry->finished_at;
      r.rolled_back_at = s.entry->rolled_back_at;
      r.logs = s.entry->logs;
      r.applied_steps_count = s.entry->applied_steps_count;
    }
    r.out_of_order = s.out_of_order;
    r.line_endings_only = s.line_endings_only;
    rows.push_back(std::move(r));
  }
  return rows;
}

DriftBaseline drift_baseline(const MigrationDir& history, const HistoryStatus& status, Provider provider) {
  DriftBaseline b;
  b.applied.dir = history.dir;
  b.applied.relative_dir = history.relative_dir;
  b.applied.layout = history.layout;
  b.applied.lock_provider = history.lock_provider;
  if (status.baseline_needed)
    b.not_judged.push_back(not_judged(history, "the database has tables but no Prisma ledger, so which migrations it "
                                               "reflects is unknown; baseline it first (DG508)"));
  bool gap = false;  // a migration before this one is not applied
  for (const auto& s : status.migrations) {
    switch (s.state) {
      case MigrationState::Applied:
      case MigrationState::Modified:
        if (gap) b.is_prefix = false;
        b.applied.migrations.push_back(*s.migration);
        if (s.state == MigrationState::Modified)
          b.notes.push_back("migration " + s.name + " was modified after it was applied; it is replayed as it is now");
        break;
      case MigrationState::Failed:
        if (provider == Provider::MySQL) {
          b.not_judged.push_back(not_judged(
              history, "migration " + s.name + " failed on MySQL, where each statement commits on its own: the statements "
                       "before the failure are applied, and the ledger does not say how many",
              {"resolve it (`npx prisma migrate resolve --applied` or `--rolled-back " + s.name + "`), then run drift again"}));
        } else {
          // Prisma sends a PostgreSQL migration as one implicit transaction: a failure rolls all of it back.
          b.notes.push_back("migration " + s.name + " failed; PostgreSQL rolled back its transaction, so none of it is "
                            "expected in the database");
        }
        gap = true;
        break;
      case MigrationState::Running:
        b.not_judged.push_back(not_judged(history, "migration " + s.name + " is being applied right now"));
        gap = true;
        break;
      case MigrationState::MissingLocally:
        b.not_judged.push_back(not_judged(history, "the database applied migration " + s.name +
                                                       ", which is not in the migrations directory"));
        break;
      case MigrationState::Pending:
      case MigrationState::RolledBack:
        gap = true;
        break;
    }
  }
  return b;
}

DriftResult judge_drift(const Schema& history, const Schema& live, const std::vector<DriftAcceptance>& accepted,
                        const SourceLocation& where) {
  DriftResult result;
  SchemaDiff drift = diff_schemas(history, live);
  DiffFindingOptions options;
  options.rule_id = "DG601";
  options.message_prefix = "drift: ";
  options.fallback = where;
  result.findings = diff_findings(drift, options);
  std::vector<bool> used(accepted.size(), false);
  for (std::size_t i = 0; i < drift.changes.size(); ++i) {
    const DriftAcceptance* a = find_acceptance(accepted, drift.changes[i]);
    if (!a) {
      ++result.drifted;
      continue;
    }
    ++result.accepted;
    used[static_cast<std::size_t>(a - accepted.data())] = true;
    result.findings[i].suppression = Suppression{a->reason, a->where};
    result.findings[i].message = "accepted " + result.findings[i].message;
  }
  for (std::size_t i = 0; i < accepted.size(); ++i) {
    if (used[i]) continue;
    Finding f;
    f.rule_id = "DG603";
    f.level = Level::Warning;
    f.location = accepted[i].where;
    f.message = "[[accept]] entry matches no drift (" + entry_summary(accepted[i]) + ")";
    f.fingerprint_basis = f.message;
    result.findings.push_back(std::move(f));
  }
  if (result.drifted) {
    SchemaDiff record = unaccepted(drift, accepted, false);
    SchemaDiff revert = unaccepted(diff_schemas(live, history), accepted, true);
    result.scripts.push_back({"revert", "SQL that brings the live database back to its history (review before running)",
                              "", write_migration_script(revert, live.provider)});
    result.scripts.push_back({"record", "a migration that records the hand-made change in the history", "",
                              write_migration_script(record, live.provider)});
  }
  return result;
}

LiveJudgement judge_live(const MigrationDir& history, const DriftBaseline& baseline, ShadowDatabase& shadow,
                         const Schema& live, const std::vector<DriftAcceptance>& accepted, const SourceContext& context,
                         ReplayTimings* timings) {
  LiveJudgement j;
  const Provider provider = live.provider;
  const SourceLocation where{history.relative_dir, 0, 0, 0, 0};
  LoadedSchema applied = replay_and_introspect(baseline.applied, shadow, provider, context, timings);
  j.sources = applied.sources;
  if (!applied.failures.empty()) {
    j.failures = std::move(applied.failures);
    j.findings.push_back(
        not_judged(history, "the migrations the database applied do not replay into the shadow database"));
    return j;
  }
  j.replayed = baseline.applied.migrations.size();
  j.schema = std::move(applied.schema);
  DriftResult drift = judge_drift(j.schema, live, accepted, where);
  if (drift.drifted && baseline.is_prefix) {
    SourceContext quiet = context;
    quiet.quiet = true;
    MigrationDir one = baseline.applied;
    const std::size_t first_pending = j.replayed;
    for (std::size_t k = first_pending; k < history.migrations.size(); ++k) {
      one.migrations = {history.migrations[k]};
      LoadedSchema next = replay_and_introspect(one, shadow, provider, quiet, timings);
      j.sources.insert(next.sources.begin(), next.sources.end());
      if (!next.failures.empty()) {
        j.failures = std::move(next.failures);
        break;
      }
      ++j.replayed;
      j.schema = std::move(next.schema);
      DriftResult further = judge_drift(j.schema, live, accepted, where);
      if (further.drifted) continue;
      drift = std::move(further);
      for (std::size_t u = first_pending; u <= k; ++u) {
        const Migration& m = history.migrations[u];
        Finding f;
        f.rule_id = "DG509";
        f.level = Level::Warning;
        f.location.file = m.relative_path;
        f.migration = m.name;
        f.message = "migration " + m.name + " is pending in the ledger, but the database already holds its changes: it "
                    "was applied without its ledger row, and `migrate deploy` will run it again";
        f.notes.push_back("if the database is right, record it: `npx prisma migrate resolve --applied " + m.name + "`");
        f.fingerprint_basis = "DG509 " + m.name;
        j.findings.push_back(std::move(f));
      }
      break;
    }
  }
  j.findings.insert(j.findings.end(), std::make_move_iterator(drift.findings.begin()),
                    std::make_move_iterator(drift.findings.end()));
  j.scripts = std::move(drift.scripts);
  return j;
}

}  // namespace driftgate
