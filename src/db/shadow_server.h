#pragma once
// An ephemeral database server driftgate starts for a shadow replay: a private temp dir holding
// the data directory and the unix socket, no TCP port, fsync off. The object owns the server:
// its destructor stops it and removes the directory, and a SIGINT/SIGTERM/SIGHUP handler does the
// same for every live ShadowServer before the process exits; should driftgate be killed outright,
// the server still stops (the directory then stays behind, in $TMPDIR, /dev/shm or /tmp, as
// driftgate-shadow-XXXXXX).
#include <filesystem>
#include <memory>
#include <string>

#include "db/connection_url.h"

namespace driftgate {

class ShadowServer {
 public:
  // Starts a server for the provider (PostgreSQL: initdb + postgres; MySQL: mariadb-install-db +
  // mariadbd, or mysqld --initialize-insecure). Throws driftgate::Error saying what to install
  // when no server binaries are found. When running as root, the server runs as an
  // unprivileged system user (postgres / mysql). The server is told to stop when the thread that
  // started it ends (Linux's parent-death signal is per thread): start it from a long-lived one.
  static std::unique_ptr<ShadowServer> start(Provider provider);
  // True when the provider's server binaries are installed where start() looks for them.
  static bool available(Provider provider);

  virtual ~ShadowServer() = default;
  // A superuser URL for the server's default database over the socket.
  virtual ConnectionUrl url() const = 0;
  virtual const std::filesystem::path& directory() const = 0;
};

}  // namespace driftgate
