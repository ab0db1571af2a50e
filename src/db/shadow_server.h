#pragma once
// An ephemeral database server driftgate starts for a shadow replay: a private temp dir holding
// the data directory and the unix socket, no TCP port, fsync off. The object owns the server:
// its destructor stops it and removes the directory, and a SIGINT/SIGTERM/SIGHUP handler does the
// same for every live ShadowServer before the process exits; should driftgate be killed outright,
// the server still stops (the directory then stays behind, in $TMPDIR, /dev/shm or /tmp, as
// driftgate-shadow-XXXXXX).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "db/connection_url.h"

namespace driftgate {

// What a shadow server may take from the cache of data directories (db/data_dir_cache.h): a pristine
// one, and the state after the longest prefix of `migrations` that an earlier run kept.
struct ReplayCacheRequest {
  bool enabled = true;                    // false (--no-cache): the cache is neither read nor written
  std::string schema;                     // PostgreSQL: the schema the history is replayed into
  std::vector<std::uint64_t> migrations;  // digests (db/replay_key.h) of what is replayed first, in order
};

class ShadowServer {
 public:
  // Starts a server for the provider (PostgreSQL: initdb + postgres; MySQL: mariadb-install-db +
  // mariadbd, or mysqld --initialize-insecure). Throws driftgate::Error saying what to install
  // when no server binaries are found. When running as root, the server runs as an
  // unprivileged system user (postgres / mysql). The server is told to stop when the thread that
  // started it ends (Linux's parent-death signal is per thread): start it from a long-lived one.
  static std::unique_ptr<ShadowServer> start(Provider provider, const ReplayCacheRequest& cache = {});
  // True when the provider's server binaries are installed where start() looks for them.
  static bool available(Provider provider);

  virtual ~ShadowServer() = default;
  // A superuser URL for the server's default database over the socket.
  virtual ConnectionUrl url() const = 0;
  virtual const std::filesystem::path& directory() const = 0;

  // How many of the requested migrations the server already holds, restored from the cache.
  virtual std::size_t restored_migrations() const = 0;
  // Shuts the server down cleanly and keeps its data directory in the cache as the state after the
  // migrations `applied` (digests, in order, from an empty database). The server is stopped after
  // this, whether the copy could be kept or not.
  virtual void save(std::span<const std::uint64_t> applied) = 0;
};

}  // namespace driftgate
