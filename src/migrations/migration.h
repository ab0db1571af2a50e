#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/finding.h"

namespace driftgate {

// One migration script of a history.
struct Migration {
  std::string name;              // folder name (Prisma layout) or file name (plain layout)
  std::filesystem::path path;    // the script on disk
  std::string relative_path;     // relative to the repository root, for reports and SARIF
  std::string bytes;             // the script exactly as stored

  // Prisma's checksum of `bytes` (prisma_checksum), computed when asked: lint never needs it.
  std::string checksum() const;
};

enum class MigrationLayout {
  Prisma,  // <dir>/<timestamp>_<name>/migration.sql, plus migration_lock.toml
  Plain,   // <dir>/*.sql in lexical order
};

// A migrations directory as read from disk, in apply order (byte order of the names).
struct MigrationDir {
  std::filesystem::path dir;
  std::string relative_dir;  // `dir` relative to the repository root, for reports
  MigrationLayout layout = MigrationLayout::Prisma;
  std::optional<std::string> lock_provider;  // from migration_lock.toml
  std::vector<Migration> migrations;
  // Problems with the layout itself (missing or empty scripts, a lock naming another provider,
  // stray files, names Prisma orders differently). The readable migrations are still loaded.
  std::vector<Finding> problems;
};

struct LoadOptions {
  std::filesystem::path repo_root;      // report paths relative to this
  std::optional<std::string> provider;  // expected provider, checked against the lock file
};

// Reads a migrations directory. Throws driftgate::Error when the directory does not exist.
MigrationDir load_migration_dir(const std::filesystem::path& dir, const LoadOptions& options);

// Prisma's migration checksum (SHA-256 of the script bytes, 64 lower-case hex digits).
std::string prisma_checksum(std::string_view script);

}  // namespace driftgate
