#include "db/data_dir_cache.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <random>

#include "util/hash.h"

namespace driftgate {
namespace {

namespace fs = std::filesystem;

std::optional<fs::path> cache_root() {
  if (const char* dir = std::getenv("DRIFTGATE_CACHE_DIR")) {
    if (!*dir) return std::nullopt;
    return fs::path(dir);
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "driftgate";
  const char* home = std::getenv("HOME");
  if (!home || !*home) {
    const passwd* account = getpwuid(geteuid());
    if (!account || !account->pw_dir || !*account->pw_dir) return std::nullopt;
    home = account->pw_dir;
  }
  return fs::path(home) / ".cache" / "driftgate";
}

// A server runs whatever its data directory's configuration says: only use an entry that this
// user wrote and nobody else can change.
bool trusted(const fs::path& entry) {
  struct stat st{};
  return lstat(entry.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() &&
         (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

void chown_tree(const fs::path& root, uid_t uid, gid_t gid) {
  auto give = [&](const fs::path& p) {
    if (lchown(p.c_str(), uid, gid) != 0) throw fs::filesystem_error("chown", p, std::error_code(errno, std::generic_category()));
  };
  give(root);
  for (const auto& entry : fs::recursive_directory_iterator(root)) give(entry.path());
}

}  // namespace

std::optional<DataDirCache> DataDirCache::open() {
  auto root = cache_root();
  if (!root) return std::nullopt;
  return DataDirCache(*root);
}

std::string DataDirCache::key(const std::vector<std::string>& init_argv, const fs::path& scratch) {
  std::string basis;
  struct stat st{};
  if (!init_argv.empty() && stat(init_argv[0].c_str(), &st) == 0)
    basis += std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "\n";
  const std::string scratch_path = scratch.string();
  for (std::string arg : init_argv) {
    for (std::size_t at; (at = arg.find(scratch_path)) != std::string::npos;) arg.replace(at, scratch_path.size(), "$DIR");
    basis += arg + '\n';
  }
  return fs::path(init_argv.empty() ? "data" : init_argv[0]).filename().string() + "-" + hex64(hash64(basis));
}

bool DataDirCache::restore(const std::string& key, const fs::path& target,
                           std::optional<std::pair<uid_t, gid_t>> owner) const {
  fs::path entry = root_ / key;
  if (!trusted(entry)) return false;
  try {
    fs::copy(entry, target, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    if (owner) chown_tree(target, owner->first, owner->second);
    return true;
  } catch (const fs::filesystem_error&) {
    std::error_code ignored;  // a half copy is worth nothing: initialise instead
    fs::remove_all(target, ignored);
    return false;
  }
}

void DataDirCache::store(const std::string& key, const fs::path& source) const {
  std::error_code ec;
  fs::create_directories(root_, ec);
  if (ec) return;
  fs::permissions(root_, fs::perms::owner_all, ec);  // server configuration: private to this user
  std::random_device rd;
  fs::path partial = root_ / (".partial-" + key + "-" + std::to_string(rd()));
  fs::copy(source, partial, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
  // The copy is this user's (restore() hands it to the server's account) and private to it.
  if (!ec) fs::permissions(partial, fs::perms::owner_all, ec);
  if (!ec) fs::rename(partial, root_ / key, ec);  // fails when another run stored it first: fine
  if (ec) fs::remove_all(partial, ec);
}

}  // namespace driftgate
