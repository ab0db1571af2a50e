#pragma once
// Finding and reading a Prisma schema the way Prisma 6's CLI does (packages/internals
// getSchema.ts): an explicit path is a file or a folder of .prisma files; without one, the
// "prisma": {"schema": ...} entry of the nearest package.json (relative to that package.json),
// then ./schema.prisma, then ./prisma/schema.prisma. Prisma's docs list the last two the other
// way round; the CLI's code checks ./schema.prisma first, and so do we. (prisma.config.ts, Prisma
// 6's other source of the path, is TypeScript and is not read: pass its path explicitly.)
#include <filesystem>
#include <optional>

#include "datamodel/ast.h"

namespace driftgate::psl {

struct DatamodelLoadOptions {
  std::filesystem::path cwd = ".";        // relative paths, package.json and the default files start here
  std::filesystem::path repo_root = ".";  // locations name files relative to this
};

// Reads and parses the schema at `path` (a .prisma file, or a folder whose .prisma files are
// read recursively: each folder's entries in byte order of their names, subfolders in place,
// which is the order Prisma's loader sees them in), or, when `path` is empty, the schema the
// CLI would find. Throws driftgate::Error when nothing is found or a file does not parse.
Datamodel load_datamodel(const std::filesystem::path& path, const DatamodelLoadOptions& options = {});

// The schema the CLI would find without a path (see above), or nullopt when there is none. Throws
// driftgate::Error when package.json names one that does not exist.
std::optional<std::filesystem::path> find_datamodel(const DatamodelLoadOptions& options = {});

// The nearest package.json at or above `dir` (Prisma's "project root"); a package.json named
// ".prisma/client" (the generated client's) or one that is not JSON is passed over.
std::optional<std::filesystem::path> find_package_json(const std::filesystem::path& dir);

}  // namespace driftgate::psl
