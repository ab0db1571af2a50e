#pragma once
// The Prisma major version a project uses, and what in the schema Prisma Migrate creates depends
// on it. Where the expected schema changed between versions (prisma-datamodel-mapping.md §0.3),
// the rule is keyed by version here, in one table, so that a history is judged by the Prisma that
// made it.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/schema_diff.h"

namespace driftgate::psl {

// The newest Prisma major driftgate knows; a project that names none is taken to use it.
inline constexpr int kNewestPrismaMajor = 7;

struct PrismaVersion {
  int major = kNewestPrismaMajor;
  std::string reason;  // "package.json devDependencies \"prisma\": \"^5.4.2\"", for --verbose and reports
};

// The version, in this order: `setting` (driftgate.toml prisma-version), the `prisma` or
// `@prisma/client` dependency of the nearest package.json at or above `dir` (a range gives the
// lowest major it allows), the lock files beside it (package-lock.json, pnpm-lock.yaml,
// yarn.lock, bun.lock), else the newest. Throws driftgate::Error for a setting that is no version.
PrismaVersion find_prisma_version(const std::filesystem::path& dir, const std::optional<std::string>& setting);

// The lowest major version a semver range allows ("^5.4.2" -> 5, ">=4.16 <6" -> 4, "6.x" -> 6);
// nullopt for "latest", "*", a tag or a URL.
std::optional<int> lowest_major(const std::string& range);

// One change of the expected schema between Prisma versions.
struct PrismaRule {
  const char* name;   // "join-table-primary-key"
  int since;          // the first major with the new behaviour
  const char* what;   // the new behaviour, in words
  const char* before; // the old one
  const char* upgrade;  // what a history made before `since` needs to match a later Prisma
};

// Every rule keyed by version, oldest first.
const std::vector<PrismaRule>& prisma_rules();
// Whether `major` has the behaviour `rule` introduced. Throws std::out_of_range for an unknown rule.
bool prisma_has(int major, const std::string& rule);

// Where a difference between a history and its datamodel is the history having been made by a
// Prisma on the other side of a rule's change (an upgrade without its upgrade migration), says so
// on the change (SchemaChange::note), in words, with what to do.
void explain_version_changes(SchemaDiff& diff, const PrismaVersion& version);

}  // namespace driftgate::psl
