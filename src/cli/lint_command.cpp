// `driftgate lint`: static checks of a migration history, no database needed.
#include <iostream>

#include "cli/commands.h"
#include "cli/lint_gate.h"
#include "cli/project_config.h"
#include "cli/report_output.h"
#include "core/error.h"
#include "lint/lint_engine.h"
#include "migrations/git_base.h"
#include "migrations/migration.h"

namespace fs = std::filesystem;

namespace driftgate {
namespace {

struct LintArgs {
  std::optional<std::string> migrations;
  std::optional<std::string> provider;
  std::optional<std::string> root;
  std::string config = "driftgate.toml";
  LintScopeArgs scope;
  ReportOutput output;
};

std::string normalise_provider(const std::string& p) { return p == "postgres" ? "postgresql" : p; }

int run_lint(const LintArgs& args) {
  ProjectConfig config = load_project_config(args.config);
  fs::path dir = args.migrations.value_or(config.migrations.value_or("prisma/migrations"));
  std::optional<std::string> expected = args.provider ? args.provider : config.provider;
  if (expected) expected = normalise_provider(*expected);

  fs::path root = args.root ? fs::path(*args.root) : git_toplevel(fs::exists(dir) ? dir : fs::current_path());
  if (root.empty()) root = fs::current_path();

  MigrationDir history = load_migration_dir(dir, {root, expected});
  std::string provider = expected.value_or(normalise_provider(history.lock_provider.value_or("postgresql")));
  auto dialect = parse_provider(provider);
  if (!dialect) throw Error("unknown provider \"" + provider + "\": lint reads postgresql and mysql migrations");

  LintResult result = lint_in_scope(history, *dialect, args.scope, config, root);
  Report report;
  report.command = "lint";
  report.findings = std::move(result.findings);
  report.migrations_linted = result.migrations_linted;
  report.statements_linted = result.statements_linted;
  for (const auto& m : history.migrations) report.sources[m.relative_path] = m.bytes;
  report.fail_on = fail_level(args.output, config.fail_on);
  return write_report(report, args.output);
}

}  // namespace

void add_lint_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<LintArgs>();
  CLI::App* cmd = app.add_subcommand("lint", "Flag migration statements that destroy data or lock tables");
  cmd->footer(
      "Reads the migrations directory (Prisma layout, or a folder of *.sql files) and checks every\n"
      "statement against the rule catalogue (`driftgate rules`). No database is needed.\n"
      "Exit status: 0 nothing at or above --fail-on, 2 findings at or above it, 1 bad input.");
  cmd->add_option("--migrations", args->migrations, "Migrations directory [prisma/migrations]");
  cmd->add_option("--provider", args->provider, "postgresql or mysql [from migration_lock.toml]");
  cmd->add_option("--root", args->root, "Repository root that report paths are relative to [git top level]");
  add_lint_scope_options(*cmd, args->scope);
  cmd->add_option("--config", args->config, "Project settings file")->capture_default_str();
  add_report_options(*cmd, args->output);
  cmd->callback([args, &exit_code] { exit_code = run_lint(*args); });
}

}  // namespace driftgate
