#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "core/drift_allowlist.h"
#include "core/level.h"

namespace driftgate {

// driftgate.toml, the project's settings. Command-line flags override every key.
//
//   migrations = "prisma/migrations"
//   schema = "prisma/schema.prisma"
//   url = "env(DATABASE_URL)"          # a URL, or env(NAME): the live database
//   shadow-url = "env(SHADOW_DATABASE_URL)"
//   provider = "postgresql"
//   prisma-version = "5"               # else package.json's prisma / @prisma/client, else lock files
//   fail-on = "error"
//   disable = ["DG401"]
//   [rules]
//   DG301 = "error"        # a level, or "off"
//   drop-column = "warning"
//   [[accept]]             # known drift (core/drift_allowlist.h); reason is required
//   kind = "index"
//   table = "Document"
//   name = "Document_embedding_idx"
//   reason = "HNSW index created by hand: Prisma cannot express it"
struct ProjectConfig {
  std::filesystem::path file;  // where it was read from (empty: no file)
  std::optional<std::string> migrations;
  std::optional<std::string> schema;
  std::optional<std::string> url;         // as written: a URL or env(NAME)
  std::optional<std::string> shadow_url;  // likewise
  std::optional<std::string> prisma_version;  // prisma-version = "5": the project's Prisma, else package.json
  std::optional<std::string> provider;
  std::optional<Level> fail_on;
  std::set<std::string> disabled;       // rule ids
  std::map<std::string, Level> levels;  // rule id -> level
  std::vector<DriftAcceptance> accepted;
};

// Reads the file; a missing file gives an empty config. Throws driftgate::Error with
// file:line:col for a syntax error, an unknown key, an unknown rule or a bad level.
ProjectConfig load_project_config(const std::filesystem::path& path);

// The `[[accept]]` entries of an allowlist file of their own (nothing else may be in it). Throws
// driftgate::Error with file:line:col for a missing file, an unknown key, a bad kind or change, and
// an entry without a reason.
std::vector<DriftAcceptance> load_drift_allowlist(const std::filesystem::path& path);

}  // namespace driftgate
