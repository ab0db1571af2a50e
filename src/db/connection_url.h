#pragma once
// Database URLs as Prisma users write them:
//   postgresql://user:pa%40ss@host:5432/db?schema=app&sslmode=require&connect_timeout=5
//   postgresql://user@localhost/db?host=/var/run/postgresql        (unix socket directory)
//   mysql://root:secret@localhost:3306/app?socket=/run/mysqld/mysqld.sock
// Credentials are percent-decoded. A URL never reaches output unredacted: use redacted().
#include <map>
#include <optional>
#include <string>

#include "core/schema.h"

namespace driftgate {

struct ConnectionUrl {
  Provider provider = Provider::PostgreSQL;
  std::string user;
  std::string password;  // decoded; never printed
  std::string host;      // empty with a socket
  std::optional<int> port;
  std::string socket;    // PostgreSQL: socket directory; MySQL: socket file
  std::string database;
  std::string schema;    // PostgreSQL ?schema= (default "public"); MySQL: the database
  std::map<std::string, std::string> params;  // the other query parameters, decoded

  // Throws driftgate::Error (with the redacted URL) for a malformed URL or unknown scheme.
  static ConnectionUrl parse(const std::string& url);
  // The URL with the password replaced by "***", safe for messages and reports.
  std::string redacted() const;
  // The same server and credentials with another database (the shadow database on --shadow-url).
  ConnectionUrl with_database(const std::string& name) const;
  // Seconds to wait for the connection (TCP connect, TLS and authentication together): the URL's
  // own connect_timeout when it has one (0: wait for ever, as in libpq), else
  // default_connect_timeout().
  int connect_timeout() const;
};

// The connect timeout of URLs that set none: 5 seconds (Prisma's) unless --connect-timeout said
// otherwise. Process-wide, because URLs are parsed in many places (`diff --to url:...`, the
// datasource, driftgate.toml) and the flag must reach them all.
int default_connect_timeout();
void set_default_connect_timeout(int seconds);

// Replaces the password of any URL-looking substring of `text` with "***": for server error
// messages and process output that might echo a URL back.
std::string redact_passwords(const std::string& text);

}  // namespace driftgate
