#pragma once
// The database a history is replayed into, always one driftgate created and owns: by default a
// whole throwaway server (ShadowServer); with --shadow-url, a uniquely named database on that
// server. Destroying the object drops that database or stops that server, and nothing else.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "db/connection.h"
#include "db/shadow_server.h"
#include "migrations/migration.h"
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
  // PostgreSQL: the schema the history is replayed into (created, and made the search path);
  // empty: public.
  std::string schema;
  // The embedded shadow's replay cache (db/data_dir_cache.h): `replay_first` are the digests
  // (db/replay_key.h) of the migrations the first replay will apply, whose longest cached prefix
  // the server starts from. false (--no-cache): nothing is read from or written to the cache.
  bool use_cache = true;
  std::vector<std::uint64_t> replay_first;
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

  // The replay cache. The shadow may start out holding the first migrations of `replay_first`:
  // the first call returns how many of `migrations` (which must begin with those) are already
  // applied, and later calls 0.
  std::size_t take_restored(const std::vector<Migration>& migrations);
  // Tells the shadow what it now holds: `applied` were applied after everything before, in `ms`.
  void record_applied(std::span<const Migration> applied, double ms);
  // What the shadow holds is no longer a history prefix as replayed (a failed migration, emulated
  // MySQL 8 functions): it is not kept.
  void exclude_from_cache();
  // Keeps what the shadow holds in the replay cache for a later replay to resume from, when that
  // saves time: when replaying what it adds to the state it started from took longer than starting
  // took (which is about what restoring it would cost; a migration or two on top of a kept state
  // are cheaper to replay again than to keep), or always with DRIFTGATE_CACHE_KEEP=always. This
  // ends the shadow: call it after the last use. Throws driftgate::Error for another
  // DRIFTGATE_CACHE_KEEP value.
  void keep_for_later_runs();

 private:
  ShadowDatabase() = default;
  static std::unique_ptr<ShadowDatabase> open_unmeasured(const ShadowOptions& options);
  void limit_statements(int seconds);
  void use_schema(const std::string& schema);

  InterruptScope interruptible_;             // Ctrl-C unwinds, so that the members below clean up
  std::unique_ptr<ShadowServer> server_;     // embedded shadow
  std::unique_ptr<Connection> admin_;        // --shadow-url: where the database was created
  std::string created_database_;             // --shadow-url: what to drop
  std::unique_ptr<Connection> connection_;   // the shadow database itself
  std::vector<std::string> emulated_;        // MySQL 8 functions emulated in it
  double ready_ms_ = 0;
  std::vector<std::uint64_t> restored_;      // digests of what it was restored with, until taken
  std::vector<std::uint64_t> held_;          // digests of every migration it holds, in order
  std::size_t held_at_start_ = 0;
  double replay_ms_ = 0;                     // spent replaying since the start
  bool cacheable_ = true;
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
