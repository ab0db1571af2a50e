// `driftgate check`: the one CI gate. Lint of the migrations in scope, the whole history replayed
// into a shadow database, the history against the Prisma datamodel, and, with a live database,
// its ledger status and its drift: one process, one report, one exit code.
#include <chrono>
#include <cstdio>

#include "cli/commands.h"
#include "cli/er_diagram.h"
#include "cli/lint_gate.h"
#include "cli/live_gate.h"
#include "cli/project_settings.h"
#include "cli/report_output.h"
#include "cli/schema_source.h"
#include "core/diff_findings.h"
#include "core/error.h"
#include "core/schema_diff.h"
#include "datamodel/env.h"
#include "datamodel/locations.h"
#include "datamodel/prisma_version.h"
#include "datamodel/schema_loader.h"
#include "datamodel/translate.h"
#include "db/mysql8_emulation.h"
#include "db/introspector.h"
#include "db/replay_key.h"

namespace fs = std::filesystem;

namespace driftgate {
namespace {

struct CheckArgs {
  ProjectArgs project;
  LintScopeArgs scope;
  ReportOutput output;
  std::optional<std::string> accept_file;
  bool quiet = false;
  bool timings = false;
};

// Wall time per phase, for --timings and `make bench`.
class PhaseClock {
 public:
  // The time since the last lap, less what add() already counted of it.
  void lap(const char* phase, double counted_ms = 0) {
    auto now = std::chrono::steady_clock::now();
    phases_.emplace_back(phase, std::chrono::duration<double, std::milli>(now - last_).count() - counted_ms);
    last_ = now;
  }
  void add(const char* phase, double ms) { phases_.emplace_back(phase, ms); }
  void print() const {
    std::string line = "timings:";
    for (std::size_t i = 0; i < phases_.size(); ++i)
      line += (i ? ", " : " ") + phases_[i].first + " " + std::to_string(static_cast<long long>(phases_[i].second + 0.5)) + " ms";
    std::fprintf(stderr, "%s\n", line.c_str());
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::vector<std::pair<std::string, double>> phases_;
};

// The history's provider: the live database's, else the lock file's, else the datamodel's.
Provider history_provider(const ProjectSettings& project, const MigrationDir& history,
                          const psl::Datamodel* model) {
  if (project.url) return project.url->provider;
  if (history.lock_provider)
    if (auto p = parse_provider(*history.lock_provider)) return *p;
  if (model) return psl::datasource_provider(*model, psl::env_context(model->schema_path, fs::current_path()));
  return Provider::PostgreSQL;
}

// The history against the schema Prisma Migrate would create from the datamodel: DG611 per
// difference, at the model or field that makes it.
std::vector<Finding> datamodel_findings(const Schema& history, const psl::Datamodel& model, Provider provider,
                                        const std::vector<std::string>& namespaces, const std::string& history_dir,
                                        const psl::PrismaVersion& prisma, std::vector<ErDiagram>& diagrams) {
  psl::TranslateOptions options;
  if (!namespaces.empty()) options.default_namespace = namespaces.front();
  options.join_table_primary_key = psl::prisma_has(prisma.major, "join-table-primary-key");
  psl::Translation translation = psl::translate_datamodel(model, provider, options);
  DiffOptions diff_options = datamodel_diff_options();
  diff_options.to_dbgenerated = translation.dbgenerated_defaults;
  diff_options.to_datamodel = true;
  SchemaDiff diff = diff_schemas(history, translation.schema, diff_options);
  psl::explain_version_changes(diff, prisma);
  psl::DatamodelLocator locator(model);
  DiffFindingOptions findings;
  findings.rule_id = "DG611";
  findings.message_prefix = "the history and the datamodel differ: ";
  findings.locate = [&](const SchemaChange& c) { return locator.locate(c); };
  findings.fallback.file = model.files.empty() ? history_dir : model.files.front().path;
  std::vector<Finding> out = diff_findings(diff, findings);
  ErDiagram diagram = er_diagram(diff, kDatamodelDiagramTitle);
  if (!diagram.tables.empty()) diagrams.push_back(std::move(diagram));
  for (auto& f : out)
    f.notes.push_back("a migration is missing or was edited: `npx prisma migrate dev --create-only` writes the one "
                      "the datamodel needs");
  return out;
}

void append(std::vector<Finding>& to, std::vector<Finding> from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

int run_check(const CheckArgs& args) {
  PhaseClock clock;
  ProjectSettings project = resolve_project(args.project, true);
  std::vector<DriftAcceptance> accepted = project.config.accepted;
  if (args.accept_file) {
    auto more = load_drift_allowlist(*args.accept_file);
    accepted.insert(accepted.end(), more.begin(), more.end());
  }

  // The live database first: a wrong URL fails before anything else is started.
  std::optional<LiveDatabase> live;
  if (project.url) live = open_live_database(*project.url, project.url_origin);
  std::optional<psl::Datamodel> model;
  if (project.datamodel) model = psl::load_datamodel(*project.datamodel, {fs::current_path(), project.root});
  std::optional<std::string> expected_provider = project.config.provider;
  if (project.url) expected_provider = to_string(project.url->provider);
  MigrationDir history = load_migration_dir(project.migrations, {project.root, expected_provider});
  Provider provider = history_provider(project, history, model ? &*model : nullptr);
  clock.lap("connect and load");

  Report report;
  report.command = "check";
  report.context.push_back("migrations: " + history.relative_dir);
  if (model && !model->files.empty()) report.context.push_back("datamodel: " + model->files.front().path);
  if (live) report.context.push_back(live->describe());
  for (const auto& m : history.migrations) report.sources[m.relative_path] = m.bytes;

  // 1. Lint (its result carries the directory's own problems).
  {
    LintResult lint = lint_in_scope(history, provider, args.scope, project.config, project.root);
    report.migrations_linted = lint.migrations_linted;
    report.statements_linted = lint.statements_linted;
    report.findings = std::move(lint.findings);
  }
  clock.lap("lint");

  // 2. Status, and which migrations drift is judged against.
  std::optional<HistoryStatus> status;
  std::optional<DriftBaseline> baseline;
  if (live) {
    status = compute_status(history, live->ledger);
    std::vector<Finding> status_findings = status->findings;
    apply_rule_settings(status_findings, project.config);
    append(report.findings, std::move(status_findings));
    report.ledger = ledger_rows(*status);
    baseline = drift_baseline(history, *status, provider);
    append(report.findings, baseline->not_judged);
    for (const auto& note : baseline->notes) report.context.push_back(note);
  }

  // 3. Replay. When the applied migrations are the first N, one replay serves both: introspect
  // after them for drift, then go on with the rest for the datamodel.
  SourceContext context;
  context.provider = provider;
  context.shadow_url = project.shadow_url;
  context.live_url = project.url;
  context.quiet = args.quiet;
  context.statement_timeout_s = args.project.statement_timeout;
  context.use_cache = !args.project.no_cache;
  if (live && provider == Provider::PostgreSQL) context.namespaces = {live->schema()};
  if (model)
    for (const auto& block : model->blocks)
      if (block.kind == psl::BlockKind::Datasource)
        if (const psl::Property* listed = block.property("schemas"))
          for (const auto& s : listed->value.elements) context.namespaces.push_back(s.value);
  ReplayTimings replay_timings;
  double shadow_ms = 0;
  bool judge = baseline && baseline->not_judged.empty();
  // `replay_first`: what the shadow's first replay applies, whose cached state it may start from.
  auto open_shadow = [&](const std::vector<Migration>& replay_first) {
    std::unique_ptr<ShadowDatabase> shadow;
    if (live) {
      shadow = open_shadow_like(*live, context, replay_first);
    } else {
      ShadowOptions options = shadow_options(context, provider, std::nullopt);
      options.replay_first = migration_digests(replay_first);
      shadow = ShadowDatabase::open(options);
    }
    shadow_ms += shadow->ready_ms();
    return shadow;
  };
  std::optional<Schema> live_schema;
  if (judge) {
    live_schema = introspect(*live->connection, {{live->schema()}});
    live_schema->provider = provider;
    clock.lap("introspection (live)");
  }
  auto shadow = open_shadow(judge ? baseline->applied.migrations : history.migrations);
  LoadedSchema whole;
  std::size_t replayed = 0;
  if (judge) {
    LiveJudgement judged = judge_live(history, *baseline, *shadow, *live_schema, accepted, context, &replay_timings);
    apply_rule_settings(judged.findings, project.config);
    append(report.findings, std::move(judged.findings));
    report.scripts = std::move(judged.scripts);
    if (!report.scripts.empty()) {  // something drifted: the tables it touched, for the summary's diagram
      ErDiagram diagram = drift_diagram(judged.schema, *live_schema, report.findings);
      if (!diagram.tables.empty()) report.diagrams.push_back(std::move(diagram));
    }
    if (baseline->is_prefix) {
      // The shadow holds the first `replayed` migrations: the history goes on from there.
      replayed = judged.replayed;
      whole.schema = std::move(judged.schema);
      whole.failures = std::move(judged.failures);
    } else {
      shadow = open_shadow(history.migrations);
    }
  }
  if (whole.failures.empty() && (replayed < history.migrations.size() || replayed == 0)) {
    MigrationDir rest = history;
    rest.migrations.assign(history.migrations.begin() + static_cast<std::ptrdiff_t>(replayed), history.migrations.end());
    if (!rest.migrations.empty() || replayed == 0) whole = replay_and_introspect(rest, *shadow, provider, context, &replay_timings);
  }
  clock.add("shadow ready", shadow_ms);
  clock.add("replay", replay_timings.replay_ms);
  clock.add("introspection (history)", replay_timings.introspection_ms);
  clock.lap("drift", shadow_ms + replay_timings.replay_ms + replay_timings.introspection_ms);
  report.context.push_back(whole.failures.empty()
                               ? "replay: all " + std::to_string(history.migrations.size()) + " migrations apply to an empty database"
                               : "replay: the history stops at " + whole.failures.front().migration);
  if (!shadow->emulated_functions().empty()) report.context.push_back(mysql8_emulation_note(shadow->emulated_functions()));
  shadow->keep_for_later_runs();
  clock.lap("replay cache");
  append(report.findings, whole.failures);

  // 5. The history against the datamodel.
  if (model && whole.failures.empty()) {
    fs::path project_dir = model->schema_path.empty() ? fs::current_path() : fs::absolute(model->schema_path).parent_path();
    psl::PrismaVersion prisma = psl::find_prisma_version(project_dir, project.config.prisma_version);
    report.context.push_back("prisma version: " + std::to_string(prisma.major) + " (" + prisma.reason + ")");
    std::vector<Finding> differs = datamodel_findings(whole.schema, *model, provider, context.namespaces,
                                                     history.relative_dir, prisma, report.diagrams);
    report.context.push_back(differs.empty() ? "datamodel: the history creates what it describes"
                                             : "datamodel: " + std::to_string(differs.size()) + " difference(s) from the history");
    apply_rule_settings(differs, project.config);
    append(report.findings, std::move(differs));
    for (const auto& file : model->files) report.sources[file.path] = file.text;
  } else if (!model) {
    report.context.push_back("datamodel: none found (pass --schema to compare the history with it)");
  }
  clock.lap("datamodel");

  sort_findings(report.findings);
  fingerprint_findings(report.findings);
  report.fail_on = fail_level(args.output, project.config.fail_on);
  int code = write_report(report, args.output);
  if (args.timings) clock.print();
  return code;
}

}  // namespace

void add_check_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand("check", "The CI gate: lint, replay, datamodel, and the live database's status and drift");
  cmd->footer(
      "Lints the migrations in scope (--base, --latest), replays the whole history into a shadow\n"
      "database (every migration must apply), compares it with the Prisma datamodel, and with a live\n"
      "database (--url, driftgate.toml, or the datasource's url) reads its ledger and its drift.\n"
      "Pending migrations are warnings: a pre-deploy gate passes with them at --fail-on error.\n"
      "Exit status: 0 clean, 2 findings at or above --fail-on, 1 error (bad input, cannot connect).");
  add_project_options(*cmd, args->project);
  add_lint_scope_options(*cmd, args->scope);
  cmd->add_option("--accept", args->accept_file, "A file of [[accept]] entries: drift known and accepted");
  cmd->add_flag("--quiet,-q", args->quiet, "No replay progress on stderr");
  cmd->add_flag("--timings", args->timings, "Print the wall time of each phase on stderr");
  add_report_options(*cmd, args->output);
  cmd->callback([args, &exit_code] { exit_code = run_check(*args); });
}

}  // namespace driftgate
