#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "core/version.h"
#include "report/report.h"
#include "util/interrupt.h"

namespace {

// Runs the command; returns the exit status.
int run(int argc, char** argv) {
  using namespace driftgate;
  CLI::App app{"driftgate: the gate a database schema change must pass"};
  app.set_version_flag("--version", std::string("driftgate ") + kVersion);
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 clean, 2 gate failed (findings at or above --fail-on, a difference, drift),\n"
      "1 error (bad input, cannot connect). Run `driftgate <command> --help` for a command's options.");
  int exit_code = kExitClean;
  add_lint_command(app, exit_code);
  add_diff_command(app, exit_code);
  add_snapshot_command(app, exit_code);
  add_status_command(app, exit_code);
  add_drift_command(app, exit_code);
  add_check_command(app, exit_code);
  add_rules_commands(app, exit_code);
  add_cache_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitError;  // CLI11's own codes (100+) would break the 0/1/2 contract
  } catch (const Error& e) {
    // Interrupted, or a consequence of the interrupt (a cancelled query): main() dies of the signal.
    if (interrupt_signal()) return kExitError;
    std::cerr << "driftgate: error: " << e.located_message() << "\n";
    return kExitError;
  } catch (const std::exception& e) {
    std::cerr << "driftgate: internal error: " << e.what() << "\n";
    return kExitError;
  }
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  driftgate::SignalWatch signals;
  int exit_code = run(argc, argv);
  // Everything driftgate created is gone by now: die of the signal, as the shell expects.
  if (int sig = driftgate::interrupt_signal()) driftgate::SignalWatch::die_of(sig);
  return exit_code;
}
