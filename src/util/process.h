#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace driftgate {

struct ProcessResult {
  int exit_code = -1;   // -1 when the process could not be started or was killed by a signal
  std::string out;      // standard output
  std::string err;      // standard error
};

// Runs argv[0] (looked up in PATH) with the arguments, no shell involved, standard input from
// /dev/null, and captures both outputs. Throws driftgate::Error when it cannot be started.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::filesystem::path& cwd = {});

}  // namespace driftgate
