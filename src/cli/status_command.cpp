// `driftgate status --url URL`: where the live database stands with the migrations directory,
// from Prisma's ledger alone (read-only; no shadow database).
#include "cli/commands.h"
#include "cli/lint_gate.h"
#include "cli/live_gate.h"
#include "cli/project_settings.h"
#include "cli/report_output.h"
#include "core/error.h"
#include "migrations/migration.h"

namespace driftgate {
namespace {

struct StatusArgs {
  ProjectArgs project;
  ReportOutput output;
};

int run_status(const StatusArgs& args) {
  ProjectSettings project = resolve_project(args.project, true);
  if (!project.url)
    throw Error("status needs the live database: pass --url, set url in driftgate.toml, or set the datasource's "
                "url variable (DATABASE_URL)");
  LiveDatabase live = open_live_database(*project.url, project.url_origin);
  MigrationDir history = load_migration_dir(project.migrations, {project.root, to_string(project.url->provider)});
  HistoryStatus status = compute_status(history, live.ledger);

  Report report;
  report.command = "status";
  report.context.push_back(live.describe());
  report.findings = history.problems;
  report.findings.insert(report.findings.end(), status.findings.begin(), status.findings.end());
  apply_rule_settings(report.findings, project.config);
  sort_findings(report.findings);
  fingerprint_findings(report.findings);
  report.migrations_linted = history.migrations.size();
  report.ledger = ledger_rows(status);
  // `status` asks whether the database is up to date: a pending migration (a warning) fails it.
  report.fail_on = fail_level(args.output, project.config.fail_on, Level::Warning);
  return write_report(report, args.output);
}

}  // namespace

void add_status_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<StatusArgs>();
  CLI::App* cmd = app.add_subcommand("status", "Compare the live database's migration ledger with the directory");
  cmd->footer(
      "Reads _prisma_migrations (read-only) and reports each migration as applied, pending, failed,\n"
      "running, rolled-back, modified (edited after it was applied) or missing-locally; also migrations\n"
      "applied out of order, a lock file for another provider, and a database that needs a baseline.\n"
      "Exit status: 0 up to date, 2 not (anything at or above --fail-on, by default warning: a pending\n"
      "migration counts), 1 error (bad input, cannot connect).");
  add_project_options(*cmd, args->project);
  add_report_options(*cmd, args->output, "warning");
  cmd->callback([args, &exit_code] { exit_code = run_status(*args); });
}

}  // namespace driftgate
