#pragma once
// Internal to src/db: pristine data directories, as initdb or mariadb-install-db leave them, kept
// so that the next shadow server copies one (about 0.1 s) instead of initialising it again
// (initdb alone takes about 0.8 s). An entry is keyed by everything that decides its content: the
// initialising program (path, size, modification time) and its arguments, so an upgraded server
// or changed options make a new entry. Entries are written once, under a temporary name renamed
// into place, and never changed: concurrent driftgate runs can share the cache.
//
// Location: $DRIFTGATE_CACHE_DIR, else $XDG_CACHE_HOME/driftgate, else ~/.cache/driftgate; an empty
// DRIFTGATE_CACHE_DIR turns the cache off. The cache only ever saves time: whatever goes wrong
// with it, the server is initialised as if it were absent.
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace driftgate {

class DataDirCache {
 public:
  // Nothing when the cache is turned off or there is no home directory.
  static std::optional<DataDirCache> open();

  // The key of the data directory `init_argv` creates; `scratch` (the temp directory the
  // arguments mention) is left out, since it differs from one run to the next.
  static std::string key(const std::vector<std::string>& init_argv, const std::filesystem::path& scratch);

  // Copies the entry to `target` (which must not exist), owned by `owner` when given; false when
  // there is no usable entry (then `target` does not exist either).
  bool restore(const std::string& key, const std::filesystem::path& target,
               std::optional<std::pair<uid_t, gid_t>> owner) const;
  // Keeps a copy of `source` as the entry; a failure only means the next run initialises again.
  void store(const std::string& key, const std::filesystem::path& source) const;

 private:
  explicit DataDirCache(std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path root_;
};

}  // namespace driftgate
