#pragma once
// One connection interface over libpq and the mysqlclient API (libmariadb). Introspection and
// replay are written against this, never against a driver.
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "db/connection_url.h"

namespace driftgate {

// A result set, every value as text (NULL as nullopt), which is all introspection needs.
struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;

  // Index of a column by name; throws driftgate::Error when absent.
  std::size_t column(std::string_view name) const;
};

// What the server said when a statement failed.
struct ServerError {
  std::string code;      // SQLSTATE ("42P01") or MySQL errno ("1146")
  std::string message;   // the server's primary message
  std::string detail;    // detail/hint when the server gave one
  std::optional<std::size_t> position;  // PostgreSQL: 1-based character position in the query
  // PostgreSQL, for a script of several statements: how many ran before the one that failed.
  std::optional<std::size_t> completed_statements;
};

// Thrown when the server rejects a statement; what() is "SQLSTATE 42P01: relation ... does not exist"
// (MySQL: "error 1146: Table ... doesn't exist"), followed by the detail in parentheses when given.
class DatabaseError : public std::runtime_error {
 public:
  explicit DatabaseError(ServerError error);
  const ServerError& server() const { return error_; }

 private:
  ServerError error_;
};

// Thrown when the connection itself fails (the server died, the network dropped): the message
// names the redacted URL; for a script, how many of its statements had completed, when known.
class ConnectionLost : public Error {
 public:
  ConnectionLost(const std::string& message, std::optional<std::size_t> completed)
      : Error(message), completed_statements(completed) {}
  std::optional<std::size_t> completed_statements;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Provider provider() const = 0;
  // Runs one or more statements and returns the last result set (empty for DDL).
  // Throws DatabaseError when the server rejects them.
  virtual QueryResult query(const std::string& sql) = 0;
  // Runs a script of many statements the way Prisma Migrate applies a migration file (PostgreSQL:
  // one simple-query message, hence one implicit transaction; MySQL: multi-statement mode).
  virtual void execute_script(const std::string& sql) = 0;
  // Quotes an identifier for this server ("x" / `x`).
  virtual std::string quote_identifier(std::string_view name) const = 0;
  // Quotes a string literal.
  virtual std::string quote_literal(std::string_view value) const = 0;
};

// Connects, failing with a driftgate::Error that names the redacted URL, the server's message and,
// where it helps, what to do. `read_only` sets the session read-only with short lock and
// statement timeouts (for every database driftgate did not create). Connecting gives up after
// url.connect_timeout() seconds (--connect-timeout, or the URL's own connect_timeout).
std::unique_ptr<Connection> connect(const ConnectionUrl& url, bool read_only);

}  // namespace driftgate
