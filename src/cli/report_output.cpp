#include "cli/report_output.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/error.h"
#include "util/file_io.h"

namespace driftgate {
namespace {

bool stdout_wants_colour() {
  const char* term = std::getenv("TERM");
  return isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR") && !(term && std::string(term) == "dumb");
}

void render_to_file(const Report& report, const char* format, const std::string& path) {
  std::ostringstream buf;
  make_renderer(format, {})->render(report, buf);
  write_file(path, buf.str());
}

}  // namespace

void add_report_options(CLI::App& cmd, ReportOutput& output, const char* fail_on_default) {
  cmd.add_option("--format", output.format, "text, json, sarif, github, markdown, gitlab or junit")
      ->capture_default_str()
      ->check(CLI::IsMember(renderer_names()));
  cmd.add_option("--output-sarif", output.sarif_file, "Also write SARIF 2.1.0 to this file");
  cmd.add_option("--output-json", output.json_file, "Also write JSON to this file");
  cmd.add_option("--fail-on", output.fail_on, std::string("Lowest level that fails the gate [") + fail_on_default + "]")
      ->check(CLI::IsMember({"error", "warning", "notice"}));
}

Level fail_level(const ReportOutput& output, std::optional<Level> configured, Level fallback) {
  if (output.fail_on) {
    auto level = parse_level(*output.fail_on);
    if (!level) throw Error("--fail-on must be error, warning or notice");
    return *level;
  }
  return configured.value_or(fallback);
}

int write_report(const Report& report, const ReportOutput& output) {
  auto renderer = make_renderer(output.format, {.color = stdout_wants_colour()});
  if (output.sarif_file) render_to_file(report, "sarif", *output.sarif_file);
  if (output.json_file) render_to_file(report, "json", *output.json_file);
  renderer->render(report, std::cout);
  std::cout.flush();
  return count_failing(report) ? kExitGateFailed : kExitClean;
}

}  // namespace driftgate
