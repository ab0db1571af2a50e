#pragma once
// The keys under which the DataDirCache keeps a shadow server's data directory after the first
// migrations of a history were replayed into it. A key chains, in order, a content hash of each
// migration's bytes onto everything else that decides the state: driftgate's version (how it
// replays), the server (its programs and how its data directory was initialised) and the schema
// replayed into. So the key of a prefix changes with any migration in it, edited or moved, and
// never with one after it: a history that gains a migration finds its old state, and nothing
// stale is ever reused.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "migrations/migration.h"

namespace driftgate {

// xxHash64 of the migration's bytes as stored.
std::uint64_t migration_digest(const Migration& migration);
std::vector<std::uint64_t> migration_digests(const std::vector<Migration>& migrations);

class ReplayKeys {
 public:
  // `server_key`: the pristine data directory's key (DataDirCache::key); `server_identity`: what
  // else names the server's build (its binary's size and time); `schema`: where the history runs.
  ReplayKeys(std::string server_key, std::string_view server_identity, std::string_view schema);

  // The key after each prefix: result[k] is the key after digests[0..k], k + 1 migrations.
  std::vector<std::string> prefixes(std::span<const std::uint64_t> digests) const;
  // The key after all of them; the server key for none.
  std::string after(std::span<const std::uint64_t> digests) const;

 private:
  std::string server_key_;
  std::uint64_t seed_;
};

}  // namespace driftgate
