// `driftgate drift --url URL`: does the live database hold what the migrations its ledger records
// as applied create? Pending migrations are never drift.
#include <chrono>
#include <ctime>

#include "cli/commands.h"
#include "cli/er_diagram.h"
#include "cli/lint_gate.h"
#include "cli/live_gate.h"
#include "cli/project_settings.h"
#include "cli/report_output.h"
#include "cli/schema_source.h"
#include "core/error.h"
#include "db/introspector.h"
#include "util/file_io.h"

namespace fs = std::filesystem;

namespace driftgate {
namespace {

struct DriftArgs {
  ProjectArgs project;
  ReportOutput output;
  std::optional<std::string> accept_file;
  std::optional<std::string> revert_script;
  std::optional<std::string> record_migration;
  bool quiet = false;
};

// A Prisma migration folder name: the UTC time as 14 digits, then the name.
std::string migration_folder_name(const std::string& name) {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[16];
  std::strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &utc);
  return std::string(stamp) + "_" + name;
}

void write_scripts(Report& report, const DriftArgs& args, const fs::path& migrations, const fs::path& root) {
  for (auto& script : report.scripts) {
    std::optional<fs::path> target;
    if (script.name == "revert" && args.revert_script) target = *args.revert_script;
    if (script.name == "record" && args.record_migration) {
      fs::path folder = migrations / migration_folder_name(*args.record_migration);
      fs::create_directories(folder);
      target = folder / "migration.sql";
    }
    if (!target) continue;
    write_file(*target, script.sql);
    script.path = relative_to(*target, root);
  }
}

int run_drift(const DriftArgs& args) {
  ProjectSettings project = resolve_project(args.project, true);
  if (!project.url)
    throw Error("drift needs the live database: pass --url, set url in driftgate.toml, or set the datasource's "
                "url variable (DATABASE_URL)");
  std::vector<DriftAcceptance> accepted = project.config.accepted;
  if (args.accept_file) {
    auto more = load_drift_allowlist(*args.accept_file);
    accepted.insert(accepted.end(), more.begin(), more.end());
  }
  LiveDatabase live = open_live_database(*project.url, project.url_origin);
  Provider provider = project.url->provider;
  MigrationDir history = load_migration_dir(project.migrations, {project.root, to_string(provider)});
  HistoryStatus status = compute_status(history, live.ledger);
  DriftBaseline baseline = drift_baseline(history, status, provider);

  Report report;
  report.command = "drift";
  report.context.push_back(live.describe());
  for (const auto& note : baseline.notes) report.context.push_back(note);
  report.ledger = ledger_rows(status);
  report.migrations_linted = baseline.applied.migrations.size();
  report.findings = baseline.not_judged;
  if (baseline.not_judged.empty()) {
    SourceContext context;
    context.provider = provider;
    context.shadow_url = project.shadow_url;
    context.live_url = project.url;
    context.namespaces = {live.schema()};
    context.quiet = args.quiet;
    context.statement_timeout_s = args.project.statement_timeout;
    Schema live_schema = introspect(*live.connection, {{live.schema()}});
    live_schema.provider = provider;
    context.use_cache = !args.project.no_cache;
    auto shadow = open_shadow_like(live, context, baseline.applied.migrations);
    LiveJudgement judged = judge_live(history, baseline, *shadow, live_schema, accepted, context, nullptr);
    shadow->keep_for_later_runs();
    report.sources = std::move(judged.sources);
    report.findings = std::move(judged.findings);
    // A pending migration that fails on top of the applied ones is check's business, not drift's.
    if (judged.replayed < baseline.applied.migrations.size())
      report.findings.insert(report.findings.end(), judged.failures.begin(), judged.failures.end());
    report.scripts = std::move(judged.scripts);
    if (!report.scripts.empty()) {  // something drifted: the tables it touched, for the summary's diagram
      ErDiagram diagram = drift_diagram(judged.schema, live_schema, report.findings);
      if (!diagram.tables.empty()) report.diagrams.push_back(std::move(diagram));
    }
    write_scripts(report, args, project.migrations, project.root);
  }
  apply_rule_settings(report.findings, project.config);
  sort_findings(report.findings);
  fingerprint_findings(report.findings);
  report.fail_on = fail_level(args.output, project.config.fail_on);
  return write_report(report, args.output);
}

}  // namespace

void add_drift_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<DriftArgs>();
  CLI::App* cmd = app.add_subcommand("drift", "Compare the live database with the migrations it has applied");
  cmd->footer(
      "Replays into a shadow database exactly the migrations the ledger records as applied, reads the\n"
      "live schema read-only, and reports every object that differs, with the SQL that reverts the\n"
      "drift and a migration that records it. Accepted drift ([[accept]] in driftgate.toml or --accept)\n"
      "is reported as accepted. Exit status: 0 no drift, 2 drift (or it cannot be judged), 1 error.");
  add_project_options(*cmd, args->project);
  cmd->add_option("--accept", args->accept_file, "A file of [[accept]] entries: drift known and accepted");
  cmd->add_option("--revert-script", args->revert_script, "Write the SQL that brings the database back to its history here");
  cmd->add_option("--record-migration", args->record_migration,
                  "Write a migration NAME recording the drift into the migrations directory (<timestamp>_NAME)");
  cmd->add_flag("--quiet,-q", args->quiet, "No replay progress on stderr");
  add_report_options(*cmd, args->output);
  cmd->callback([args, &exit_code] { exit_code = run_drift(*args); });
}

}  // namespace driftgate
