#pragma once
// The database a history is replayed into, always one driftgate created and owns: by default a
// whole throwaway server (ShadowServer); with --shadow-url, a uniquely named database on that
// server. Destroying the object drops that database or stops that server, and nothing else.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"
#include "db/shadow_server.h"
#include "util/interrupt.h"

namespace driftgate {

struct ShadowOptions {
  Provider provider = Provider::PostgreSQL;
  std::optional<ConnectionUrl> shadow_url;  // an existing server; empty starts one
  std::optional<ConnectionUrl> live_url;    // the live database, which the shadow must never be
  // How long one statement of the replay may run (PostgreSQL: one migration file, which Prisma
  // sends as one message; MariaDB: one statement; MySQL 8: one SELECT). 0: no limit.
  int statement_timeout_s = kDefaultStatementTimeout;
  static constexpr int kDefaultStatementTimeout = 600;
};

class ShadowDatabase {
 public:
  // Throws driftgate::Error when the shadow cannot be made, or would be the live database.
  static std::unique_ptr<ShadowDatabase> open(const ShadowOptions& options);
  ~ShadowDatabase();
  ShadowDatabase(const ShadowDatabase&) = delete;
  ShadowDatabase& operator=(const ShadowDatabase&) = delete;

  Connection& connection() { return *connection_; }
  // MySQL: defines in the shadow database the emulations (db/mysql8_emulation.h) of those of
  // `functions` that the server lacks, and returns every function emulated so far (MySQL's names).
  // Nothing is defined on a server that has them, nor outside the database driftgate created.
  const std::vector<std::string>& emulate_mysql8_functions(const std::vector<std::string>& functions);
  const std::vector<std::string>& emulated_functions() const { return emulated_; }
  // How long open() took: the server start (or database creation) and the connection.
  double ready_ms() const { return ready_ms_; }

 private:
  ShadowDatabase() = default;
  static std::unique_ptr<ShadowDatabase> open_unmeasured(const ShadowOptions& options);
  void limit_statements(int seconds);

  InterruptScope interruptible_;             // Ctrl-C unwinds, so that the members below clean up
  std::unique_ptr<ShadowServer> server_;     // embedded shadow
  std::unique_ptr<Connection> admin_;        // --shadow-url: where the database was created
  std::string created_database_;             // --shadow-url: what to drop
  std::unique_ptr<Connection> connection_;   // the shadow database itself
  std::vector<std::string> emulated_;        // MySQL 8 functions emulated in it
  double ready_ms_ = 0;
};

// Who a server is, independent of how it was reached: PostgreSQL's system_identifier, or MySQL's
// server_uuid (MariaDB: host name and data directory), plus the database connected to.
struct ServerIdentity {
  std::string server;
  std::string database;
  bool operator==(const ServerIdentity&) const = default;
};
ServerIdentity identify_server(Connection& connection);

}  // namespace driftgate
