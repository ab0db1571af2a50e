// `driftgate lint`: static checks of a migration history, no database needed.
#include <iostream>

#include "cli/commands.h"
#include "cli/project_config.h"
#include "cli/report_output.h"
#include "core/error.h"
#include "core/rule_doc.h"
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
  std::optional<std::string> base;
  std::optional<std::size_t> latest;
  std::string config = "driftgate.toml";
  std::vector<std::string> disable;
  ReportOutput output;
};

std::string normalise_provider(const std::string& p) { return p == "postgres" ? "postgresql" : p; }

std::vector<bool> scope(const MigrationDir& dir, const LintArgs& args, const fs::path& root,
                        std::vector<Finding>& findings) {
  std::size_t n = dir.migrations.size();
  std::vector<bool> in_scope(n, true);
  if (args.base) {
    BaseComparison base = compare_with_git_base(dir, *args.base, root);
    for (std::size_t i = 0; i < n; ++i) in_scope[i] = base.status[i] != BaseStatus::Unchanged;
    findings.insert(findings.end(), base.findings.begin(), base.findings.end());
  }
  if (args.latest) {
    std::size_t first = n > *args.latest ? n - *args.latest : 0;
    for (std::size_t i = 0; i < first; ++i) in_scope[i] = false;
  }
  return in_scope;
}

int run_lint(const LintArgs& args) {
  ProjectConfig config = load_project_config(args.config);
  fs::path dir = args.migrations.value_or(config.migrations.value_or("prisma/migrations"));
  std::optional<std::string> expected = args.provider ? args.provider : config.provider;
  if (expected) expected = normalise_provider(*expected);

  fs::path root = args.root ? fs::path(*args.root) : git_toplevel(fs::exists(dir) ? dir : fs::current_path());
  if (root.empty()) root = fs::current_path();

  MigrationDir history = load_migration_dir(dir, {root, expected});
  std::string provider = expected.value_or(normalise_provider(history.lock_provider.value_or("postgresql")));
  if (provider != "postgresql")
    throw Error("lint reads PostgreSQL migrations; provider \"" + provider +
                "\" is not supported yet (MySQL linting comes with driftgate's MySQL lexer)");

  LintOptions options;
  options.levels = config.levels;
  options.disabled = config.disabled;
  for (const auto& name : args.disable) {
    const RuleDoc* doc = find_rule_doc(name);
    if (!doc) throw Error("--disable " + name + ": unknown rule (see `driftgate rules`)");
    options.disabled.insert(doc->id);
  }
  std::vector<Finding> scope_findings;
  options.in_scope = scope(history, args, root, scope_findings);
  history.problems.insert(history.problems.end(), scope_findings.begin(), scope_findings.end());

  LintResult result = lint_history(history, options);
  Report report;
  report.command = "lint";
  report.findings = std::move(result.findings);
  report.migrations_linted = result.migrations_linted;
  report.statements_linted = result.statements_linted;
  for (const auto& m : history.migrations) report.sources[m.relative_path] = m.bytes;
  std::optional<std::string> fail_on = args.output.fail_on;
  if (fail_on) {
    auto level = parse_level(*fail_on);
    if (!level) throw Error("--fail-on must be error, warning or notice");
    report.fail_on = *level;
  } else {
    report.fail_on = config.fail_on.value_or(Level::Error);
  }
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
  cmd->add_option("--latest", args->latest, "Lint only the last N migrations (the rest still feed the catalogue)");
  cmd->add_option("--base", args->base, "Lint only migrations new or changed since this git revision");
  cmd->add_option("--config", args->config, "Project settings file")->capture_default_str();
  cmd->add_option("--disable", args->disable, "Rule to skip (id or name); repeatable");
  cmd->add_option("--format", args->output.format, "text, json, sarif, github or markdown")
      ->capture_default_str()
      ->check(CLI::IsMember(renderer_names()));
  cmd->add_option("--output-sarif", args->output.sarif_file, "Also write SARIF 2.1.0 to this file");
  cmd->add_option("--output-json", args->output.json_file, "Also write JSON to this file");
  cmd->add_option("--fail-on", args->output.fail_on, "Lowest level that fails the gate [error]")
      ->check(CLI::IsMember({"error", "warning", "notice"}));
  cmd->callback([args, &exit_code] { exit_code = run_lint(*args); });
}

}  // namespace driftgate
