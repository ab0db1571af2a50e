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

int write_report(const Report& report, const ReportOutput& output) {
  auto renderer = make_renderer(output.format, {.color = stdout_wants_colour()});
  if (output.sarif_file) render_to_file(report, "sarif", *output.sarif_file);
  if (output.json_file) render_to_file(report, "json", *output.json_file);
  renderer->render(report, std::cout);
  std::cout.flush();
  return count_failing(report) ? kExitGateFailed : kExitClean;
}

}  // namespace driftgate
