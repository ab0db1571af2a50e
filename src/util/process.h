#pragma once
#include <filesystem>
#include <optional>
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

// The executable file `name` would run as, searched in PATH the way a shell does; a name with a
// '/' is taken as a path. Nothing when it is absent or not executable.
std::optional<std::filesystem::path> find_executable(const std::string& name);

}  // namespace driftgate
