#include "db/shadow_database.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <unistd.h>

#include "core/error.h"
#include "db/mysql8_emulation.h"

namespace driftgate {
namespace {

std::string unique_database_name() {
  std::random_device rd;
  char suffix[9];
  std::snprintf(suffix, sizeof suffix, "%08x", rd());
  return "driftgate_shadow_" + std::to_string(::getpid()) + "_" + suffix;
}

std::string value(const QueryResult& r, std::size_t column) {
  return r.rows.empty() || !r.rows[0][column] ? std::string() : *r.rows[0][column];
}

}  // namespace

ServerIdentity identify_server(Connection& c) {
  if (c.provider() == Provider::PostgreSQL) {
    QueryResult r = c.query("SELECT system_identifier::text, current_database() FROM pg_control_system()");
    return {value(r, 0), value(r, 1)};
  }
  // MariaDB has no server_uuid: SHOW VARIABLES then returns no row rather than failing.
  QueryResult uuid = c.query("SHOW VARIABLES LIKE 'server_uuid'");
  QueryResult r = c.query("SELECT CONCAT(@@hostname, ':', @@datadir), DATABASE()");
  std::string server = uuid.rows.empty() ? value(r, 0) : uuid.rows[0][1].value_or("");
  return {server, value(r, 1)};
}

std::unique_ptr<ShadowDatabase> ShadowDatabase::open(const ShadowOptions& options) {
  auto started = std::chrono::steady_clock::now();
  std::unique_ptr<ShadowDatabase> shadow = open_unmeasured(options);
  shadow->limit_statements(options.statement_timeout_s);
  shadow->ready_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return shadow;
}

std::unique_ptr<ShadowDatabase> ShadowDatabase::open_unmeasured(const ShadowOptions& options) {
  std::unique_ptr<ShadowDatabase> shadow(new ShadowDatabase());
  if (!options.shadow_url) {
    shadow->server_ = ShadowServer::start(options.provider);
    ConnectionUrl url = shadow->server_->url();
    if (options.provider == Provider::MySQL) {
      // A fresh server has no database to replay into.
      connect(url, false)->query("CREATE DATABASE shadow");
      url = url.with_database("shadow");
    }
    shadow->connection_ = connect(url, false);
    return shadow;
  }

  const ConnectionUrl& url = *options.shadow_url;
  if (url.provider != options.provider)
    throw Error("--shadow-url is a " + std::string(to_string(url.provider)) + " server but the history is " +
                to_string(options.provider));
  shadow->admin_ = connect(url, false);
  if (options.live_url) {
    ServerIdentity shadow_id = identify_server(*shadow->admin_);
    ServerIdentity live_id = identify_server(*connect(*options.live_url, true));
    if (shadow_id == live_id)
      throw Error("refusing to use " + url.redacted() + " as the shadow database: it is the live database " +
                  options.live_url->redacted() + " (same server and database)");
  }
  std::string name = unique_database_name();
  try {
    shadow->admin_->query("CREATE DATABASE " + shadow->admin_->quote_identifier(name));
  } catch (const DatabaseError& e) {
    throw Error("cannot create a shadow database on " + url.redacted() + ": " + e.what() +
                "; give the user the right to create databases, or pass --shadow-url with a server "
                "reserved for driftgate");
  }
  shadow->created_database_ = name;
  shadow->connection_ = connect(url.with_database(name), false);
  return shadow;
}

const std::vector<std::string>& ShadowDatabase::emulate_mysql8_functions(const std::vector<std::string>& functions) {
  if (connection_->provider() != Provider::MySQL) return emulated_;
  for (const auto& f : functions) {
    if (std::find(emulated_.begin(), emulated_.end(), f) != emulated_.end()) continue;
    if (!mysql_lacks_function(*connection_, f)) continue;  // MySQL 8, or a server that has it
    try {
      define_mysql8_function(*connection_, f);
    } catch (const DatabaseError& e) {
      throw Error("cannot define " + f + ", a MySQL 8 function the shadow server lacks, in the shadow database: " +
                  e.what() + "; pass --shadow-url with a MySQL 8 server");
    }
    emulated_.push_back(f);
  }
  return emulated_;
}

void ShadowDatabase::limit_statements(int seconds) {
  if (seconds <= 0) return;
  Connection& c = *connection_;
  std::string n = std::to_string(seconds);
  if (c.provider() == Provider::PostgreSQL) {
    c.execute_script("SET statement_timeout = '" + n + "s'");
    return;
  }
  try {
    c.query("SET SESSION max_statement_time = " + n);  // MariaDB, seconds
  } catch (const DatabaseError&) {
    c.query("SET SESSION max_execution_time = " + n + "000");  // MySQL: milliseconds, SELECTs only
  }
}

ShadowDatabase::~ShadowDatabase() {
  connection_.reset();  // PostgreSQL cannot drop a database while a session uses it
  if (admin_ && !created_database_.empty()) {
    try {
      admin_->query("DROP DATABASE IF EXISTS " + admin_->quote_identifier(created_database_));
    } catch (const std::exception& e) {
      // A destructor cannot throw: say what is left behind so that the user can drop it.
      std::fprintf(stderr, "driftgate: warning: could not drop the shadow database %s: %s\n",
                   created_database_.c_str(), e.what());
    }
  }
}

}  // namespace driftgate
