#include "db/replay_key.h"

#include "core/version.h"
#include "util/hash.h"

namespace driftgate {

std::uint64_t migration_digest(const Migration& migration) { return hash64(migration.bytes); }

std::vector<std::uint64_t> migration_digests(const std::vector<Migration>& migrations) {
  std::vector<std::uint64_t> digests;
  digests.reserve(migrations.size());
  for (const auto& m : migrations) digests.push_back(migration_digest(m));
  return digests;
}

ReplayKeys::ReplayKeys(std::string server_key, std::string_view server_identity, std::string_view schema)
    : server_key_(std::move(server_key)),
      seed_(hash64(std::string("driftgate ") + kVersion + "\n" + server_key_ + "\n" + std::string(server_identity) +
                   "\nschema " + std::string(schema))) {}

std::vector<std::string> ReplayKeys::prefixes(std::span<const std::uint64_t> digests) const {
  std::vector<std::string> keys;
  keys.reserve(digests.size());
  std::uint64_t chain = seed_;
  for (std::size_t i = 0; i < digests.size(); ++i) {
    chain = hash64(hex64(chain) + hex64(digests[i]));
    keys.push_back(server_key_ + "-replay-" + std::to_string(i + 1) + "-" + hex64(chain));
  }
  return keys;
}

std::string ReplayKeys::after(std::span<const std::uint64_t> digests) const {
  if (digests.empty()) return server_key_;
  return prefixes(digests).back();
}

}  // namespace driftgate
