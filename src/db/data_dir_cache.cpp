#include "db/data_dir_cache.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "core/error.h"
#include "util/file_io.h"
#include "util/hash.h"
#include "util/tree_archive.h"

namespace driftgate {
namespace {

namespace fs = std::filesystem;

// A partial entry this old belongs to a run that died while writing it.
constexpr auto kAbandonedAfter = std::chrono::hours(1);

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

std::uintmax_t max_bytes_from_env() {
  const char* text = std::getenv("DRIFTGATE_CACHE_SIZE");
  if (!text || !*text) return DataDirCache::kDefaultMaxBytes;
  std::string_view s(text);
  std::uintmax_t value = 0;
  auto [end, err] = std::from_chars(s.data(), s.data() + s.size(), value);
  std::string_view unit(end, static_cast<std::size_t>(s.data() + s.size() - end));
  int shift = unit.empty() ? 0 : unit == "K" ? 10 : unit == "M" ? 20 : unit == "G" ? 30 : -1;
  if (err != std::errc() || shift < 0)
    throw Error("DRIFTGATE_CACHE_SIZE=\"" + std::string(s) + "\" is not a size: give bytes, or a number with K, M or G");
  return value << shift;
}

// A server runs whatever its data directory's configuration says: only use an entry that this
// user wrote and nobody else can change.
bool trusted(const fs::path& entry) {
  struct stat st{};
  return lstat(entry.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
         (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

void chown_tree(const fs::path& root, uid_t uid, gid_t gid) {
  auto give = [&](const fs::path& p) {
    if (lchown(p.c_str(), uid, gid) != 0) throw fs::filesystem_error("chown", p, std::error_code(errno, std::generic_category()));
  };
  give(root);
  for (const auto& entry : fs::recursive_directory_iterator(root)) give(entry.path());
}

std::string random_suffix() {
  std::random_device rd;
  return std::to_string(rd());
}

// Takes an entry out of the cache at once (a rename), then deletes it.
void remove_entry(const fs::path& entry) {
  std::error_code ec;
  fs::path doomed = entry.parent_path() / (".removing-" + entry.filename().string() + "-" + random_suffix());
  fs::rename(entry, doomed, ec);
  fs::remove_all(ec ? entry : doomed, ec);
}

// flock() on the cache's lock file for the object's lifetime; without a lock file (a cache that
// cannot be written), no lock, which only readers are then left to need.
class CacheLock {
 public:
  CacheLock(const fs::path& root, int operation) {
    fd_ = ::open((root / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ >= 0)
      while (::flock(fd_, operation) != 0 && errno == EINTR) {
      }
  }
  ~CacheLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
  }
  CacheLock(const CacheLock&) = delete;
  CacheLock& operator=(const CacheLock&) = delete;

 private:
  int fd_ = -1;
};

std::optional<CacheEntry> read_entry(const fs::directory_entry& file) {
  std::string name = file.path().filename().string();
  std::error_code ec;
  if (name.starts_with(".") || !file.is_regular_file(ec)) return std::nullopt;
  CacheEntry entry{name, file.file_size(ec), file.last_write_time(ec)};
  if (ec) return std::nullopt;  // removed meanwhile
  return entry;
}

}  // namespace

std::optional<DataDirCache> DataDirCache::open() {
  auto root = cache_root();
  if (!root) return std::nullopt;
  return DataDirCache(*root, max_bytes_from_env());
}

std::string DataDirCache::program_stamp(const fs::path& program) {
  struct stat st{};
  if (stat(program.c_str(), &st) != 0) return "";
  return std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec);
}

std::string DataDirCache::key(const std::vector<std::string>& init_argv, const fs::path& scratch) {
  std::string basis;
  if (!init_argv.empty()) basis += program_stamp(init_argv[0]) + "\n";
  const std::string scratch_path = scratch.string();
  for (std::string arg : init_argv) {
    for (std::size_t at; (at = arg.find(scratch_path)) != std::string::npos;) arg.replace(at, scratch_path.size(), "$DIR");
    basis += arg + '\n';
  }
  return fs::path(init_argv.empty() ? "data" : init_argv[0]).filename().string() + "-" + hex64(hash64(basis));
}

bool DataDirCache::contains(const std::string& key) const {
  std::error_code ec;
  return fs::is_regular_file(root_ / key, ec);
}

bool DataDirCache::restore(const std::string& key, const fs::path& target,
                           std::optional<std::pair<uid_t, gid_t>> owner) const {
  fs::path entry = root_ / key;
  if (!trusted(entry)) return false;
  {
    CacheLock shared(root_, LOCK_SH);  // not evicted while it is being read
    try {
      if (unpack_tree(entry, target)) {
        if (owner) chown_tree(target, owner->first, owner->second);
        std::error_code ignored;  // marks it used; if that fails, it is only evicted sooner
        fs::last_write_time(entry, fs::file_time_type::clock::now(), ignored);
        return true;
      }
    } catch (const fs::filesystem_error&) {  // reading or writing failed (no room?): the entry may be sound
      std::error_code ignored;
      fs::remove_all(target, ignored);
      return false;
    }
  }
  std::fprintf(stderr, "driftgate: warning: the cache entry %s is damaged: discarded, and made again\n", entry.c_str());
  CacheLock exclusive(root_, LOCK_EX);
  remove_entry(entry);
  return false;
}

void DataDirCache::store(const std::string& key, const fs::path& source) const {
  std::error_code ec;
  fs::create_directories(root_, ec);
  if (ec) return;
  fs::permissions(root_, fs::perms::owner_all, ec);  // server configuration: private to this user
  fs::path partial = root_ / (".partial-" + key + "-" + random_suffix());
  try {
    pack_tree(source, partial);  // created private to this user; restore() hands the copy to the server's account
  } catch (const fs::filesystem_error&) {  // the run goes on; a later one does the work again
    fs::remove(partial, ec);
    return;
  }
  // Another run may have stored the same entry meanwhile: then either copy is as good.
  fs::rename(partial, root_ / key, ec);
  if (ec) fs::remove(partial, ec);
  evict();
}

std::vector<CacheEntry> DataDirCache::entries() const {
  std::vector<CacheEntry> found;
  std::error_code ec;
  for (const auto& dir : fs::directory_iterator(root_, ec))
    if (auto entry = read_entry(dir)) found.push_back(std::move(*entry));
  std::sort(found.begin(), found.end(), [](const CacheEntry& a, const CacheEntry& b) { return a.last_used > b.last_used; });
  return found;
}

void DataDirCache::evict() const {
  CacheLock exclusive(root_, LOCK_EX);
  std::error_code ec;
  auto now = fs::file_time_type::clock::now();
  for (const auto& dir : fs::directory_iterator(root_, ec)) {
    std::string name = dir.path().filename().string();
    // Also directories: the entries of earlier builds, data directories copied as they are.
    bool leftover = name.starts_with(".removing-") || (!name.starts_with(".") && dir.is_directory(ec)) ||
                    (name.starts_with(".partial-") && now - fs::last_write_time(dir.path(), ec) > kAbandonedAfter);
    if (leftover) fs::remove_all(dir.path(), ec);
  }
  std::uintmax_t total = 0;
  for (const auto& entry : entries()) {
    total += entry.bytes;
    if (total > max_bytes_) remove_entry(root_ / entry.key);  // the oldest, beyond the limit
  }
}

std::uintmax_t DataDirCache::clear() const {
  CacheLock exclusive(root_, LOCK_EX);
  std::uintmax_t freed = 0;
  for (const auto& entry : entries()) {
    freed += entry.bytes;
    remove_entry(root_ / entry.key);
  }
  return freed;
}

}  // namespace driftgate
