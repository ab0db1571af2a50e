// `driftgate diff --from SOURCE --to SOURCE`: what differs between two schemas, and the SQL
// that turns one into the other.
#include <filesystem>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/report_output.h"
#include "cli/source_options.h"
#include "core/diff_findings.h"
#include "core/error.h"
#include "core/schema_diff.h"
#include "datamodel/locations.h"
#include "report/diff_report.h"
#include "sql/migration_script.h"

namespace driftgate {
namespace {

struct DiffArgs {
  std::string from;
  std::string to;
  bool exit_code = false;
  bool script = false;
  std::string format = "text";
  SourceArgs source;
};

// The differences as findings, for the report formats (sarif, github, markdown): DG601 when one
// side is a live database (drift), else DG611; pointing at the datamodel declaration when a side is
// a datamodel, else at the migrations directory when a side is one.
Report diff_report(const SchemaDiff& diff, const SourceSpec& from, const SourceSpec& to, const LoadedSchema& a,
                   const LoadedSchema& b) {
  bool live = from.kind == SourceSpec::Kind::Url || to.kind == SourceSpec::Kind::Url;
  DiffFindingOptions options;
  options.rule_id = live ? "DG601" : "DG611";
  options.level = Level::Error;
  options.message_prefix = live ? "drift: " : "";
  for (const SourceSpec* s : {&to, &from})
    if (s->kind == SourceSpec::Kind::Migrations && options.fallback.file.empty()) {
      std::string dir = std::filesystem::path(s->argument).lexically_normal().generic_string();
      while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
      options.fallback.file = dir;
    }
  // The side that arrives first: a change is more often about what TO declares.
  std::vector<psl::DatamodelLocator> locators;
  for (const LoadedSchema* side : {&b, &a})
    if (side->datamodel) locators.emplace_back(*side->datamodel);
  if (!locators.empty())
    options.locate = [&locators](const SchemaChange& c) {
      for (const auto& l : locators)
        if (SourceLocation where = l.locate(c); !where.file.empty()) return where;
      return SourceLocation{};
    };
  Report report;
  report.command = "diff";
  report.findings = diff_findings(diff, options);
  for (const LoadedSchema* side : {&a, &b})
    if (side->datamodel)
      for (const auto& f : side->datamodel->files) report.sources.emplace(f.path, f.text);
  for (const LoadedSchema* side : {&a, &b}) {
    report.context.insert(report.context.end(), side->notes.begin(), side->notes.end());
    if (side->prisma_version)
      report.context.push_back("prisma version: " + std::to_string(side->prisma_version->major) + " (" +
                               side->prisma_version->reason + ")");
  }
  sort_findings(report.findings);
  fingerprint_findings(report.findings);
  return report;
}

int run_diff(const DiffArgs& args) {
  SourceSpec from = SourceSpec::parse(args.from), to = SourceSpec::parse(args.to);
  SourceContext context = args.source.context();
  // Whichever side is a live database, a shadow must never be it.
  for (const SourceSpec* s : {&from, &to})
    if (s->kind == SourceSpec::Kind::Url) context.live_url = ConnectionUrl::parse(s->argument);

  // A datamodel's multiSchema `schemas` are what both sides compare, unless --schema says otherwise.
  for (const SourceSpec* s : {&from, &to})
    if (context.namespaces.empty()) context.namespaces = datamodel_schemas(*s);

  // `empty` takes the other side's provider: load that side first.
  bool to_first = from.kind == SourceSpec::Kind::Empty;
  LoadedSchema first = load_schema(to_first ? to : from, context);
  if (!first.failures.empty()) return report_replay_failures(first, "diff", args.format);
  if (!context.provider) context.provider = first.schema.provider;
  LoadedSchema second = load_schema(to_first ? from : to, context);
  if (!second.failures.empty()) return report_replay_failures(second, "diff", args.format);
  const LoadedSchema& a = to_first ? second : first;
  const LoadedSchema& b = to_first ? first : second;
  if (a.schema.provider != b.schema.provider)
    throw Error("cannot compare a " + std::string(to_string(a.schema.provider)) + " schema with a " +
                to_string(b.schema.provider) + " schema");

  // Prisma's own equivalences apply when a datamodel is compared, never to history-vs-live drift.
  bool datamodel = from.kind == SourceSpec::Kind::Datamodel || to.kind == SourceSpec::Kind::Datamodel;
  DiffOptions options = datamodel ? datamodel_diff_options() : DiffOptions{};
  // Two datamodels: no database whose spelling Prisma could trip over.
  if (from.kind == SourceSpec::Kind::Datamodel && to.kind == SourceSpec::Kind::Datamodel)
    options.note_prisma_drift = false;
  options.from_dbgenerated = a.dbgenerated_defaults;
  options.to_dbgenerated = b.dbgenerated_defaults;
  options.from_datamodel = from.kind == SourceSpec::Kind::Datamodel;
  options.to_datamodel = to.kind == SourceSpec::Kind::Datamodel;
  SchemaDiff diff = diff_schemas(a.schema, b.schema, options);
  const std::optional<psl::PrismaVersion>& prisma = a.prisma_version ? a.prisma_version : b.prisma_version;
  if (prisma) {
    psl::explain_version_changes(diff, *prisma);
    if (args.source.verbose) std::fprintf(stderr, "prisma version: %d (%s)\n", prisma->major, prisma->reason.c_str());
  }
  // How a side was obtained, when a report should say so (MySQL 8 functions a shadow emulated).
  std::vector<std::string> notes = a.notes;
  notes.insert(notes.end(), b.notes.begin(), b.notes.end());
  if (args.script) {
    std::cout << write_migration_script(diff, a.schema.provider);
  } else if (args.format == "json") {
    nlohmann::ordered_json json = diff_to_json(diff, from.display(), to.display());
    if (!notes.empty()) json["notes"] = notes;
    if (prisma) json["prisma_version"] = {{"major", prisma->major}, {"reason", prisma->reason}};
    std::cout << json.dump(2) << "\n";
  } else if (args.format == "text") {
    render_diff_text(diff, from.display(), to.display(), std::cout);
    for (const auto& note : notes) std::cout << "note: " << note << "\n";
  } else write_report(diff_report(diff, from, to, a, b), {args.format, {}, {}, {}});  // its exit code is the gate's, not diff's
  return args.exit_code && !diff.empty() ? kExitGateFailed : kExitClean;
}

}  // namespace

void add_diff_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<DiffArgs>();
  CLI::App* cmd = app.add_subcommand("diff", "Compare two schemas: migrations, a live database, a snapshot or empty");
  cmd->footer(
      "SOURCE is migrations:DIR (replayed into a shadow database), url:URL (read-only),\n"
      "snapshot:FILE (from `driftgate snapshot`), schema:PATH (a Prisma datamodel) or empty.\n"
      "Exit status: with --exit-code 0 no difference, 2 a difference, 1 error; without it 0 unless an error.");
  cmd->add_option("--from", args->from, "The schema to start from")->required();
  cmd->add_option("--to", args->to, "The schema to arrive at")->required();
  cmd->add_flag("--exit-code", args->exit_code, "Exit 2 when the schemas differ");
  cmd->add_flag("--script", args->script, "Print the SQL that turns FROM into TO instead of a summary");
  cmd->add_option("--format", args->format,
                  "text or json (the changes), or sarif, github or markdown (each change a finding: DG601 "
                  "against a live database, else DG611)")
      ->capture_default_str()
      ->check(CLI::IsMember(renderer_names()));
  add_source_options(*cmd, args->source);
  cmd->callback([args, &exit_code] { exit_code = run_diff(*args); });
}

}  // namespace driftgate
