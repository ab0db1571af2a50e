#pragma once
// Data directories of shadow servers kept for later runs, keyed by everything that decides their
// content: pristine ones as initdb or mariadb-install-db leave them (copying one takes about 0.1 s,
// initdb alone about 0.8 s), and ones holding a replayed history prefix (db/replay_key.h), from
// which the next replay of that history resumes.
//
// Each entry is one file, the data directory packed with a hash of every file (util/tree_archive.h),
// and checked as it is unpacked: one that differs in any way is discarded and never used, and the
// server is initialised or the history replayed as if it were absent. The cache only ever saves time.
//
// Concurrent driftgate runs share it: an entry is written under a temporary name and renamed into
// place, never changed after; restores hold a shared lock on `.lock`, eviction and clearing an
// exclusive one. Entries are evicted least recently used first (a restore marks an entry used)
// when the cache holds more than its size limit.
//
// Location: $DRIFTGATE_CACHE_DIR, else $XDG_CACHE_HOME/driftgate, else ~/.cache/driftgate; an empty
// DRIFTGATE_CACHE_DIR turns the cache off. Size limit: $DRIFTGATE_CACHE_SIZE (bytes, or with a
// K, M or G suffix), 1G by default.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace driftgate {

struct CacheEntry {
  std::string key;
  std::uintmax_t bytes = 0;
  std::filesystem::file_time_type last_used;
};

class DataDirCache {
 public:
  static constexpr std::uintmax_t kDefaultMaxBytes = 1ULL << 30;

  // Nothing when the cache is turned off or there is no home directory. Throws driftgate::Error
  // for a DRIFTGATE_CACHE_SIZE that is not a size.
  static std::optional<DataDirCache> open();
  DataDirCache(std::filesystem::path root, std::uintmax_t max_bytes) : root_(std::move(root)), max_bytes_(max_bytes) {}

  // The key of the pristine data directory `init_argv` creates; `scratch` (the temp directory the
  // arguments mention) is left out, since it differs from one run to the next.
  static std::string key(const std::vector<std::string>& init_argv, const std::filesystem::path& scratch);

  // "size:mtime" of a program, which an upgrade changes: part of the keys of what it made.
  static std::string program_stamp(const std::filesystem::path& program);

  // Whether an entry of that key is there (it may still fail its check when restored).
  bool contains(const std::string& key) const;
  // Copies the entry to `target` (which must not exist), owned by `owner` when given, and marks it
  // used; false when there is no intact entry (then `target` does not exist either).
  bool restore(const std::string& key, const std::filesystem::path& target,
               std::optional<std::pair<uid_t, gid_t>> owner) const;
  // Keeps a copy of `source` as the entry, then evicts down to the size limit; a failure only
  // means that a later run does the work again.
  void store(const std::string& key, const std::filesystem::path& source) const;

  // Most recently used first.
  std::vector<CacheEntry> entries() const;
  // Removes every entry; returns the bytes freed.
  std::uintmax_t clear() const;

  const std::filesystem::path& root() const { return root_; }
  std::uintmax_t max_bytes() const { return max_bytes_; }

 private:
  void evict() const;
  std::filesystem::path root_;
  std::uintmax_t max_bytes_;
};

}  // namespace driftgate
