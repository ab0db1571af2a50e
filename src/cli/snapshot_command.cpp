// `driftgate snapshot --from SOURCE -o FILE`: the schema as JSON, so that a later diff needs no
// database.
#include <iostream>

#include "cli/commands.h"
#include "cli/report_output.h"
#include "cli/source_options.h"
#include "core/schema_json.h"
#include "util/file_io.h"

namespace driftgate {
namespace {

struct SnapshotArgs {
  std::string from;
  std::optional<std::string> output;
  SourceArgs source;
};

int run_snapshot(const SnapshotArgs& args) {
  SourceSpec from = SourceSpec::parse(args.from);
  SourceContext context = args.source.context();
  if (from.kind == SourceSpec::Kind::Url) context.live_url = ConnectionUrl::parse(from.argument);
  LoadedSchema loaded = load_schema(from, context);
  if (!loaded.failures.empty()) return report_replay_failures(loaded, "snapshot", "text");
  std::string json = schema_to_json(loaded.schema).dump(2) + "\n";
  if (args.output && *args.output != "-") write_file(*args.output, json);
  else std::cout << json;
  return kExitClean;
}

}  // namespace

void add_snapshot_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SnapshotArgs>();
  CLI::App* cmd = app.add_subcommand("snapshot", "Write a schema as a JSON snapshot for later diffs");
  cmd->footer(
      "SOURCE is migrations:DIR, url:URL, snapshot:FILE, schema:PATH or empty. Exit status: 0 written, 1 error.");
  cmd->add_option("--from", args->from, "The schema to snapshot")->required();
  cmd->add_option("--output,-o", args->output, "File to write (- for stdout) [stdout]");
  add_source_options(*cmd, args->source);
  cmd->callback([args, &exit_code] { exit_code = run_snapshot(*args); });
}

}  // namespace driftgate
