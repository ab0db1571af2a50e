#include <doctest/doctest.h>

#include <filesystem>

#include "cli/project_config.h"
#include "core/error.h"
#include "util/file_io.h"

namespace fs = std::filesystem;
using namespace driftgate;

namespace {
ProjectConfig load(const std::string& toml) {
  fs::path file = fs::temp_directory_path() / "driftgate-unit-config.toml";
  write_file(file, toml);
  struct Remove { fs::path p; ~Remove() { fs::remove(p); } } remove{file};
  return load_project_config(file);
}

// The one-line message the CLI prints for a bad file.
std::string error_of(const std::string& toml) {
  try {
    load(toml);
  } catch (const Error& e) {
    return e.located_message();
  }
  return "no error";
}
}  // namespace

TEST_CASE("driftgate.toml sets paths, levels by id or name, and disabled rules") {
  ProjectConfig c = load(
      "migrations = \"db/migrations\"\nfail-on = \"warning\"\ndisable = [\"drop-table\"]\n"
      "[rules]\ndrop-column = \"warning\"\nDG000 = \"off\"\n");
  CHECK(c.migrations == "db/migrations");
  CHECK(c.fail_on == Level::Warning);
  CHECK(c.disabled.count("DG101") == 1);
  CHECK(c.disabled.count("DG000") == 1);
  CHECK(c.levels.at("DG102") == Level::Warning);
}

TEST_CASE("a missing driftgate.toml is an empty configuration") {
  ProjectConfig c = load_project_config("/nonexistent/driftgate.toml");
  CHECK_FALSE(c.migrations.has_value());
  CHECK(c.levels.empty());
}

TEST_CASE("driftgate.toml errors are located") {
  CHECK(error_of("fail-on = \"fatal\"\n").find("driftgate-unit-config.toml:1:11: fail-on must be") != std::string::npos);
  CHECK(error_of("\n[rules]\nDG999 = \"error\"\n").find(":3:9: unknown rule \"DG999\"") != std::string::npos);
  CHECK(error_of("migrations = \n").find("driftgate-unit-config.toml:1:14: ") != std::string::npos);
  CHECK(error_of("colour = true\n").find("unknown setting \"colour\"") != std::string::npos);
}
