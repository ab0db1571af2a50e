#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/finding.h"
#include "migrations/migration.h"

namespace driftgate {

enum class BaseStatus { New, Changed, Unchanged };

struct BaseComparison {
  std::vector<BaseStatus> status;  // one per migration of the directory
  // A migration edited or deleted after it was committed on the base: the mistake Prisma warns
  // about, since databases that applied it will never run the new text.
  std::vector<Finding> findings;
};

// Compares the history with the same directory at git revision `ref`. `repo_root` must be the
// top of the git work tree (Migration::relative_path is relative to it). Throws driftgate::Error
// when git is missing or `ref` is no commit.
BaseComparison compare_with_git_base(const MigrationDir& dir, const std::string& ref,
                                     const std::filesystem::path& repo_root);

// The top of the git work tree that holds `path`, or an empty path when it is in none.
std::filesystem::path git_toplevel(const std::filesystem::path& path);

}  // namespace driftgate
