#include "db/shadow_database.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <unistd.h>

#include "core/error.h"
#include "db/mysql8_emulation.h"
#include "db/replay_key.h"

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

// DRIFTGATE_CACHE_KEEP=always keeps every new state, whatever it saves (a job that warms the cache
// for others); unset or "auto", keep_for_later_runs() decides.
bool always_keep() {
  const char* keep = std::getenv("DRIFTGATE_CACHE_KEEP");
  std::string_view value = keep ? keep : "";
  if (value.empty() || value == "auto") return false;
  if (value == "always") return true;
  throw Error("DRIFTGATE_CACHE_KEEP=\"" + std::string(value) + "\": use auto or always");
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
    ReplayCacheRequest cache{options.use_cache, options.schema, options.replay_first};
    shadow->server_ = ShadowServer::start(options.provider, cache);
    std::size_t restored = shadow->server_->restored_migrations();
    shadow->restored_.assign(options.replay_first.begin(), options.replay_first.begin() + static_cast<std::ptrdiff_t>(restored));
    shadow->held_ = shadow->restored_;
    shadow->held_at_start_ = restored;
    ConnectionUrl url = shadow->server_->url();
    if (options.provider == Provider::MySQL) {
      // A fresh server has no database to replay into (a restored one may).
      connect(url, false)->query("CREATE DATABASE IF NOT EXISTS shadow");
      url = url.with_database("shadow");
    }
    shadow->connection_ = connect(url, false);
    shadow->use_schema(options.schema);
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
  shadow->use_schema(options.schema);
  return shadow;
}

void ShadowDatabase::use_schema(const std::string& schema) {
  Connection& c = *connection_;
  if (c.provider() != Provider::PostgreSQL || schema.empty() || schema == "public") return;
  c.execute_script("CREATE SCHEMA IF NOT EXISTS " + c.quote_identifier(schema) + "; SET search_path TO " +
                   c.quote_identifier(schema));
}

std::size_t ShadowDatabase::take_restored(const std::vector<Migration>& migrations) {
  std::size_t n = restored_.size();
  if (n == 0) return 0;
  if (migrations.size() < n)
    throw std::logic_error("the shadow holds more migrations than the first replay applies");
  for (std::size_t i = 0; i < n; ++i)
    if (migration_digest(migrations[i]) != restored_[i])
      throw std::logic_error("the first replay is not the one the shadow was opened for: " + migrations[i].name);
  restored_.clear();
  return n;
}

void ShadowDatabase::record_applied(std::span<const Migration> applied, double ms) {
  for (const auto& m : applied) held_.push_back(migration_digest(m));
  replay_ms_ += ms;
}

void ShadowDatabase::exclude_from_cache() { cacheable_ = false; }

void ShadowDatabase::keep_for_later_runs() {
  if (!server_ || !cacheable_ || held_.size() <= held_at_start_) return;
  if (!always_keep() && replay_ms_ <= ready_ms_) return;
  connection_.reset();  // a clean shutdown waits for the sessions to end
  server_->save(held_);
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
    cacheable_ = false;  // a kept state must be the history's alone
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
