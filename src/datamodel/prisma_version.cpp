#include "datamodel/prisma_version.h"

#include <nlohmann/json.hpp>
#include <regex>
#include <stdexcept>

#include "core/error.h"
#include "datamodel/schema_loader.h"
#include "util/file_io.h"

namespace fs = std::filesystem;

namespace driftgate::psl {
namespace {

constexpr const char* kPackages[] = {"prisma", "@prisma/client"};

std::optional<PrismaVersion> from_package_json(const fs::path& file) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(read_file(file));
  } catch (const std::exception&) {
    return std::nullopt;  // find_package_json passes over files that are no JSON too
  }
  for (const char* section : {"dependencies", "devDependencies"})
    for (const char* name : kPackages)
      if (json.contains(section) && json[section].is_object() && json[section].contains(name) &&
          json[section][name].is_string())
        if (auto major = lowest_major(json[section][name].get<std::string>()))
          return PrismaVersion{*major, file.filename().string() + " " + section + " \"" + name + "\": \"" +
                                           json[section][name].get<std::string>() + "\""};
  return std::nullopt;
}

// The version a lock file resolved the prisma package to.
std::optional<PrismaVersion> from_lock_files(const fs::path& dir) {
  struct Lock {
    const char* file;
    const char* pattern;  // the first group is the version
  };
  static const Lock kLocks[] = {
      {"package-lock.json", R"re("node_modules/prisma"\s*:\s*\{[^}]*?"version"\s*:\s*"(\d+)\.)re"},
      {"pnpm-lock.yaml", R"re((?:^|\n)\s*/?prisma@(\d+)\.)re"},
      {"yarn.lock", R"re((?:^|\n)"?prisma@[^\n]*:\n\s+version:? "?(\d+)\.)re"},
      {"bun.lock", R"re("prisma"\s*:\s*\[\s*"prisma@(\d+)\.)re"},
  };
  for (const auto& lock : kLocks) {
    fs::path file = dir / lock.file;
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) continue;
    std::string text = read_file(file);
    std::smatch m;
    if (std::regex_search(text, m, std::regex(lock.pattern)))
      return PrismaVersion{std::stoi(m[1].str()), std::string(lock.file) + " resolves prisma to " + m[1].str() + ".x"};
  }
  return std::nullopt;
}

}  // namespace

std::optional<int> lowest_major(const std::string& range) {
  // The first version number of the range: "^5.4.2", "~6", ">=4.16 <6", "5.x", "workspace:^6.1".
  static const std::regex first_version(R"((?:^|[\s:=<>^~v|])(\d+)(?:\.(?:\d+|x|\*))*)");
  std::smatch m;
  if (range.starts_with("<")) return std::nullopt;  // "<6" allows anything older: no lowest
  if (!std::regex_search(range, m, first_version)) return std::nullopt;
  return std::stoi(m[1].str());
}

PrismaVersion find_prisma_version(const fs::path& dir, const std::optional<std::string>& setting) {
  if (setting) {
    auto major = lowest_major(*setting);
    if (!major) throw Error("prisma-version must be a version such as \"5\" or \"6.19\", not \"" + *setting + "\"");
    return {*major, "driftgate.toml prisma-version = \"" + *setting + "\""};
  }
  if (auto package = find_package_json(dir)) {
    if (auto v = from_package_json(*package)) return *v;
    if (auto v = from_lock_files(package->parent_path())) return *v;
  }
  return {kNewestPrismaMajor, "no Prisma version in package.json or a lock file: the newest, " +
                                  std::to_string(kNewestPrismaMajor)};
}

// The changes of prisma-datamodel-mapping.md §0.3 between Prisma 4 and 7 that change the schema
// Migrate creates. The others there do not: the join tables' foreign key names (4.x) are never
// compared (DiffOptions::compare_join_table_fk_names), relationMode (4.5) is read under both its names
// (translate.cpp), multi-file schemas (6.7), the datasource url (7) and "public"-qualified scripts
// (6.16) create the same schema, and partial indexes and external tables are previews.
const std::vector<PrismaRule>& prisma_rules() {
  static const std::vector<PrismaRule> rules = {
      {"join-table-primary-key", 6,
       "a primary key (\"_X_AB_pkey\" on A, B) on PostgreSQL implicit many-to-many tables",
       "a unique index (\"_X_AB_unique\") there and no primary key",
       "run the upgrade migration Prisma 6 generates: ALTER TABLE \"_X\" ADD CONSTRAINT \"_X_AB_pkey\" PRIMARY KEY "
       "(\"A\", \"B\"); DROP INDEX \"_X_AB_unique\";"},
  };
  return rules;
}

bool prisma_has(int major, const std::string& rule) {
  for (const auto& r : prisma_rules())
    if (rule == r.name) return major >= r.since;
  throw std::out_of_range("no Prisma rule " + rule);
}

void explain_version_changes(SchemaDiff& diff, const PrismaVersion& version) {
  const PrismaRule* rule = nullptr;
  for (const auto& r : prisma_rules())
    if (std::string_view(r.name) == "join-table-primary-key") rule = &r;
  const bool has = version.major >= rule->since;
  for (auto& c : diff.changes) {
    if (c.note || !c.table.starts_with("_")) continue;
    bool pkey = c.kind == ObjectKind::PrimaryKey && c.name.ends_with("_AB_pkey");
    bool unique = c.kind == ObjectKind::Index && c.name.ends_with("_AB_unique");
    if (!pkey && !unique) continue;
    std::string since = std::to_string(rule->since);
    c.note = has ? "Prisma " + since + " expects " + rule->what + "; this history was made with Prisma " +
                       std::to_string(rule->since - 1) + " or earlier, which created " + rule->before + ": " +
                       rule->upgrade + " (the project's Prisma is " + std::to_string(version.major) + ": " +
                       version.reason + ")"
                 : "the project uses Prisma " + std::to_string(version.major) + " (" + version.reason +
                       "), which creates " + rule->before + ", but this history has the Prisma " + since + " form, " +
                       rule->what + ": set prisma-version in driftgate.toml if the project has moved to Prisma " + since;
  }
}

}  // namespace driftgate::psl
