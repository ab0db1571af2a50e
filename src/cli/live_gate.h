#pragma once
// The live side of `status`, `drift` and `check`: one read-only session on the live database, its
// ledger, what the ledger says the database should hold, and the drift from it.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/drift_allowlist.h"
#include "core/finding.h"
#include "core/schema.h"
#include "cli/schema_source.h"
#include "db/connection.h"
#include "db/shadow_database.h"
#include "migrations/history_status.h"
#include "migrations/ledger.h"
#include "report/report.h"

namespace driftgate {

struct LiveDatabase {
  ConnectionUrl url;
  std::string origin;  // where the URL came from, for the report
  std::unique_ptr<Connection> connection;  // read-only, with lock and statement timeouts
  Ledger ledger;

  // PostgreSQL: the URL's ?schema=, else "public"; MySQL: the database.
  std::string schema() const;
  // "live database: postgresql://app:***@db/app (from --url)"
  std::string describe() const;
};

// Connects read-only and reads the ledger: the first thing a live command does, so that a wrong
// URL fails before any shadow is started. Throws driftgate::Error.
LiveDatabase open_live_database(const ConnectionUrl& url, const std::string& origin);

// A shadow database to replay what the live database applied: on PostgreSQL, in a schema named
// like the live one, as Prisma ran the migrations there with ?schema= as the search path.
// `replay_first`: the migrations its first replay applies (ShadowOptions::replay_first).
std::unique_ptr<ShadowDatabase> open_shadow_like(const LiveDatabase& live, const SourceContext& context,
                                                 const std::vector<Migration>& replay_first);

// Every migration's state, for Report::ledger.
std::vector<MigrationStateRow> ledger_rows(const HistoryStatus& status);

// The migrations whose replay the live database should equal: those the ledger records as
// applied (modified ones as they are now, which their findings say), in directory order. When the
// ledger cannot say (a migration missing locally, one failed on MySQL or running now, a database
// that needs a baseline), `not_judged` holds DG604 findings and drift must not be compared.
struct DriftBaseline {
  MigrationDir applied;
  std::vector<Finding> not_judged;
  std::vector<std::string> notes;  // what was assumed, for the report's context
  bool is_prefix = true;  // the applied migrations are the first N of the directory
};
DriftBaseline drift_baseline(const MigrationDir& history, const HistoryStatus& status, Provider provider);

// Drift between the replayed applied history and the live schema: DG601 per change (accepted ones
// suppressed with the entry's reason), DG603 per allowlist entry that matched nothing, and the two
// scripts (revert: live -> history; record: history -> live) over the unaccepted changes.
struct DriftResult {
  std::vector<Finding> findings;
  std::vector<ReportScript> scripts;  // empty when nothing drifted
  std::size_t drifted = 0;            // changes not accepted
  std::size_t accepted = 0;
};
DriftResult judge_drift(const Schema& history, const Schema& live, const std::vector<DriftAcceptance>& accepted,
                        const SourceLocation& where);

// The live database judged against what its ledger says it applied, replayed into `shadow`
// (which must be fresh). When it drifted and the applied migrations are the first N of the
// directory, the pending ones are replayed after them one by one: a database equal to the history a
// few migrations further on applied those without their ledger rows (a deploy cut off between the
// DDL and the bookkeeping, a row deleted, SQL run by hand). That is DG509, not drift.
struct LiveJudgement {
  std::vector<Finding> findings;  // DG604 when the applied part does not replay; else DG601, DG603, DG509
  std::vector<ReportScript> scripts;
  std::map<std::string, std::string> sources;  // the replayed files, for excerpts
  // The first `replayed` migrations of the directory are in the shadow and `schema` is what they
  // make (only meaningful when the baseline is a prefix and `failures` is empty); a pending
  // migration that failed to replay after them, or an applied one that failed, is in `failures` (DG001).
  std::size_t replayed = 0;
  Schema schema;
  std::vector<Finding> failures;
};
LiveJudgement judge_live(const MigrationDir& history, const DriftBaseline& baseline, ShadowDatabase& shadow,
                         const Schema& live, const std::vector<DriftAcceptance>& accepted, const SourceContext& context,
                         ReplayTimings* timings);

}  // namespace driftgate
