#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "core/level.h"

namespace driftgate {

// driftgate.toml, the project's settings. Command-line flags override every key.
//
//   migrations = "prisma/migrations"
//   provider = "postgresql"
//   fail-on = "error"
//   disable = ["DG401"]
//   [rules]
//   DG301 = "error"        # a level, or "off"
//   drop-column = "warning"
struct ProjectConfig {
  std::optional<std::string> migrations;
  std::optional<std::string> provider;
  std::optional<Level> fail_on;
  std::set<std::string> disabled;       // rule ids
  std::map<std::string, Level> levels;  // rule id -> level
};

// Reads the file; a missing file gives an empty config. Throws driftgate::Error with
// file:line:col for a syntax error, an unknown key, an unknown rule or a bad level.
ProjectConfig load_project_config(const std::filesystem::path& path);

}  // namespace driftgate
