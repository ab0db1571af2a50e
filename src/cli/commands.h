#pragma once
// Each command adds itself to the CLI and, when it runs, stores its exit code in `exit_code`.
#include <CLI/CLI.hpp>

namespace driftgate {

void add_lint_command(CLI::App& app, int& exit_code);
void add_rules_commands(CLI::App& app, int& exit_code);
void add_diff_command(CLI::App& app, int& exit_code);
void add_snapshot_command(CLI::App& app, int& exit_code);
void add_status_command(CLI::App& app, int& exit_code);
void add_drift_command(CLI::App& app, int& exit_code);
void add_check_command(CLI::App& app, int& exit_code);
void add_cache_command(CLI::App& app, int& exit_code);

}  // namespace driftgate
