#include <algorithm>
#include <sstream>
#include <toml++/toml.h>

#include "core/error.h"
#include "migrations/locale_order.h"
#include "migrations/migration.h"
#include "util/file_io.h"
#include "util/hash.h"

namespace fs = std::filesystem;

namespace driftgate {
namespace {

constexpr std::string_view kLockFile = "migration_lock.toml";
constexpr std::string_view kScript = "migration.sql";

class Loader {
 public:
  Loader(const fs::path& dir, const LoadOptions& options)
      : options_(options), dir_relative_(relative_to(dir, options.repo_root)) {
    result_.dir = dir;
    result_.relative_dir = dir_relative_;
  }

  MigrationDir load() {
    const fs::path& dir = result_.dir;
    std::vector<fs::path> folders, sql_files, stray;
    for (const auto& entry : fs::directory_iterator(dir)) {
      std::string name = entry.path().filename().string();
      if (name.starts_with(".")) continue;  // .gitkeep, .DS_Store
      if (entry.is_directory()) {
        folders.push_back(entry.path());
      } else if (name == kLockFile) {
        read_lock_file(entry.path());
      } else if (entry.path().extension() == ".sql") {
        sql_files.push_back(entry.path());
      } else {
        stray.push_back(entry.path());
      }
    }
    // Prisma's layout wins when there are migration folders; a plain folder is *.sql only.
    if (!folders.empty() || sql_files.empty()) {
      result_.layout = MigrationLayout::Prisma;
      for (const auto& f : sql_files) stray.push_back(f);
      load_folders(folders);
    } else {
      result_.layout = MigrationLayout::Plain;
      load_plain(sql_files);
    }
    for (const auto& s : stray)
      problem("DG006", Level::Warning, s,
              "stray file in the migrations directory; Prisma ignores it, so it is never applied");
    check_prisma_order();
    return std::move(result_);
  }

 private:
  // A path under the directory, relative to the repository root. Only the directory itself is
  // resolved (weakly_canonical reads every component's link), once; the rest is lexical.
  std::string rel(const fs::path& p) const {
    fs::path inside = p.lexically_relative(result_.dir);
    if (inside.empty() || inside == ".") return dir_relative_;
    if (dir_relative_ == ".") return inside.generic_string();
    return (fs::path(dir_relative_) / inside).generic_string();
  }

  void problem(const char* rule, Level level, const fs::path& where, std::string message,
               int line = 0, int column = 0) {
    Finding f;
    f.rule_id = rule;
    f.level = level;
    f.location.file = rel(where);
    f.location.line = line;
    f.location.column = column;
    f.message = std::move(message);
    result_.problems.push_back(std::move(f));
  }

  void read_lock_file(const fs::path& path) {
    try {
      toml::table lock = toml::parse_file(path.string());
      if (auto provider = lock["provider"].value<std::string>()) {
        result_.lock_provider = *provider;
      } else {
        problem("DG005", Level::Error, path, "migration_lock.toml has no provider");
      }
    } catch (const toml::parse_error& e) {
      problem("DG005", Level::Error, path,
              std::string("migration_lock.toml does not parse: ") + std::string(e.description()),
              static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column));
      return;
    }
    if (result_.lock_provider && options_.provider && *result_.lock_provider != *options_.provider)
      problem("DG005", Level::Error, path,
              "migration_lock.toml names provider \"" + *result_.lock_provider +
                  "\" but the project uses \"" + *options_.provider +
                  "\" (Prisma refuses this with P3019)");
  }

  void load_folders(std::vector<fs::path>& folders) {
    std::sort(folders.begin(), folders.end(), by_name);
    for (const auto& folder : folders) {
      fs::path script = folder / kScript;
      std::error_code ec;
      fs::file_status status = fs::status(script, ec);
      if (!fs::exists(status)) {
        problem("DG002", Level::Error, folder,
                "migration folder has no migration.sql (Prisma refuses this history with P3015)");
        result_.problems.back().migration = folder.filename().string();  // a migration, if an empty one
        continue;
      }
      for (const auto& entry : fs::directory_iterator(folder)) {
        std::string name = entry.path().filename().string();
        if (name != kScript && !name.starts_with("."))
          problem("DG006", Level::Warning, entry.path(),
                  "stray file in a migration folder; only migration.sql is applied");
      }
      add(folder.filename().string(), script, status);
    }
  }

  void load_plain(std::vector<fs::path>& files) {
    std::sort(files.begin(), files.end(), by_name);
    std::error_code ec;
    for (const auto& file : files) add(file.filename().string(), file, fs::status(file, ec));
  }

  void add(std::string name, const fs::path& script, fs::file_status status) {
    Migration m;
    m.name = std::move(name);
    m.path = script;
    m.relative_path = rel(script);
    // A FIFO would block the read until something writes to it; a device or folder is no script.
    if (!fs::is_regular_file(status)) {
      problem("DG003", Level::Error, script, "migration cannot be read: it is not a regular file");
      return;
    }
    try {
      m.bytes = read_file(script);
    } catch (const Error& e) {
      problem("DG003", Level::Error, script, std::string("migration cannot be read: ") + e.what());
      return;
    }
    if (m.bytes.find_first_not_of(" \t\r\n") == std::string::npos)
      problem("DG004", Level::Warning, script, "migration is empty; it changes nothing");
    result_.migrations.push_back(std::move(m));
  }

  static bool by_name(const fs::path& a, const fs::path& b) {
    return a.filename().string() < b.filename().string();
  }

  // Prisma orders folders with localeCompare; driftgate, git and every shell use byte order.
  // Where the two disagree, the tools apply the history in different orders.
  void check_prisma_order() {
    if (result_.layout != MigrationLayout::Prisma) return;
    auto& ms = result_.migrations;
    std::vector<std::size_t> prisma_order(ms.size());
    for (std::size_t i = 0; i < ms.size(); ++i) prisma_order[i] = i;
    std::stable_sort(prisma_order.begin(), prisma_order.end(), [&](std::size_t a, std::size_t b) {
      return locale_compare(ms[a].name, ms[b].name) < 0;
    });
    for (std::size_t pos = 0; pos < ms.size(); ++pos) {
      std::size_t i = prisma_order[pos];
      if (i == pos) continue;
      std::ostringstream msg;
      msg << "Prisma orders migration folders with localeCompare and would apply \"" << ms[i].name
          << "\" as migration " << pos + 1 << " of " << ms.size() << ", but in byte order it is "
          << i + 1 << "; rename it so both orders agree";
      problem("DG007", Level::Warning, ms[i].path, msg.str());
    }
  }

  const LoadOptions& options_;
  std::string dir_relative_;  // the directory, relative to the repository root
  MigrationDir result_;
};

}  // namespace

std::string prisma_checksum(std::string_view script) { return sha256_hex(script); }

std::string Migration::checksum() const { return prisma_checksum(bytes); }

MigrationDir load_migration_dir(const fs::path& dir, const LoadOptions& options) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error(dir.string() + ": migrations directory not found (set it with --migrations)");
  return Loader(dir, options).load();
}

}  // namespace driftgate
