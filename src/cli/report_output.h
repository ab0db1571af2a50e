#pragma once
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "report/report.h"

namespace driftgate {

// Where a command's report goes: one format on stdout, plus files, so that one CI run gives
// the log, the SARIF for code scanning and the JSON.
struct ReportOutput {
  std::string format = "text";
  std::optional<std::string> sarif_file;
  std::optional<std::string> json_file;
  std::optional<std::string> fail_on;  // as given on the command line
};

// --format, --output-sarif, --output-json, --fail-on [the default named in --help].
void add_report_options(CLI::App& command, ReportOutput& output, const char* fail_on_default = "error");

// --fail-on, else driftgate.toml's fail-on, else `fallback`. Throws driftgate::Error for a bad level.
Level fail_level(const ReportOutput& output, std::optional<Level> configured, Level fallback = Level::Error);

// Renders `report` as asked and returns the exit code: 2 when findings at or above the fail
// level remain, else 0.
int write_report(const Report& report, const ReportOutput& output);

}  // namespace driftgate
