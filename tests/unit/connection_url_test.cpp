#include <doctest/doctest.h>

#include <string>

#include "core/error.h"
#include "db/connection.h"
#include "db/connection_url.h"

using namespace driftgate;

namespace {

// The message parse() throws for a URL.
std::string parse_error(const std::string& url) {
  try {
    ConnectionUrl::parse(url);
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("no error for " << url);
  return {};
}

}  // namespace

TEST_CASE("ConnectionUrl parses a PostgreSQL URL as Prisma users write it") {
  auto url = ConnectionUrl::parse(
      "postgresql://app:s3cret@db.example.com:6543/shop?schema=billing&sslmode=require&connect_timeout=10&pgbouncer=true");
  CHECK(url.provider == Provider::PostgreSQL);
  CHECK(url.user == "app");
  CHECK(url.password == "s3cret");
  CHECK(url.host == "db.example.com");
  CHECK(url.port == 6543);
  CHECK(url.socket.empty());
  CHECK(url.database == "shop");
  CHECK(url.schema == "billing");
  CHECK(url.params == std::map<std::string, std::string>{
                          {"connect_timeout", "10"}, {"pgbouncer", "true"}, {"sslmode", "require"}});
}

TEST_CASE("ConnectionUrl defaults: schema public, no port, postgres:// as an alias") {
  auto url = ConnectionUrl::parse("postgres://localhost/app");
  CHECK(url.provider == Provider::PostgreSQL);
  CHECK(url.user.empty());
  CHECK(url.password.empty());
  CHECK_FALSE(url.port.has_value());
  CHECK(url.schema == "public");
  CHECK(url.params.empty());
}

TEST_CASE("ConnectionUrl percent-decodes credentials and the database") {
  auto url = ConnectionUrl::parse("postgresql://us%20er:p%40ss%3Aw%2Fo%25rd@h/my%2Ddb");
  CHECK(url.user == "us er");
  CHECK(url.password == "p@ss:w/o%rd");
  CHECK(url.database == "my-db");
  // An unencoded @ in the password still works: the user information ends at the last @.
  CHECK(ConnectionUrl::parse("mysql://root:p@ss@h/db").password == "p@ss");
}

TEST_CASE("ConnectionUrl reads PostgreSQL socket directories from ?host= or the host part") {
  auto url = ConnectionUrl::parse("postgresql://postgres@localhost/db?host=/var/run/postgresql");
  CHECK(url.socket == "/var/run/postgresql");
  CHECK(url.host == "localhost");
  auto encoded = ConnectionUrl::parse("postgresql://%2Ftmp%2Fpg/db");
  CHECK(encoded.socket == "/tmp/pg");
  CHECK(encoded.host.empty());
  // A ?host= that is not a path replaces the host, as in libpq.
  CHECK(ConnectionUrl::parse("postgresql://a/db?host=b").host == "b");
}

TEST_CASE("ConnectionUrl reads MySQL URLs with ?socket=") {
  auto url = ConnectionUrl::parse("mysql://root:secret@localhost:3306/app?socket=/run/mysqld/mysqld.sock&connection_limit=5");
  CHECK(url.provider == Provider::MySQL);
  CHECK(url.socket == "/run/mysqld/mysqld.sock");
  CHECK(url.database == "app");
  CHECK(url.schema == "app");  // MySQL's schema is the database
  CHECK(url.params == std::map<std::string, std::string>{{"connection_limit", "5"}});
  CHECK(ConnectionUrl::parse("mariadb://root@h/x").provider == Provider::MySQL);
}

TEST_CASE("ConnectionUrl takes IPv6 addresses in brackets") {
  auto url = ConnectionUrl::parse("postgresql://u:p@[::1]:5433/db");
  CHECK(url.host == "::1");
  CHECK(url.port == 5433);
  CHECK(url.redacted() == "postgresql://u:***@[::1]:5433/db");
  CHECK(ConnectionUrl::parse("mysql://[fe80::1]/db").host == "fe80::1");
}

TEST_CASE("ConnectionUrl::redacted hides the password and round-trips everything else") {
  auto url = ConnectionUrl::parse("postgresql://a%40b:p%40ss%3A%2F%25@h:5432/d%20b?schema=s&sslmode=require&sslpassword=x");
  std::string shown = url.redacted();
  CHECK(shown == "postgresql://a%40b:***@h:5432/d%20b?schema=s&sslmode=require&sslpassword=***");
  CHECK(shown.find("p%40ss") == std::string::npos);
  CHECK(shown.find("p@ss") == std::string::npos);
  auto again = ConnectionUrl::parse(shown);
  CHECK(again.user == url.user);
  CHECK(again.host == url.host);
  CHECK(again.database == url.database);
  CHECK(again.schema == url.schema);
  // No password, no stars; the socket comes back as the provider's parameter.
  CHECK(ConnectionUrl::parse("mysql://root@localhost/?socket=/tmp/x.sock").redacted() ==
        "mysql://root@localhost/?socket=/tmp/x.sock");
  CHECK(ConnectionUrl::parse("postgresql://u@localhost/db?host=/tmp/d").redacted() ==
        "postgresql://u@localhost/db?host=/tmp/d");
}

TEST_CASE("ConnectionUrl::with_database changes the database only") {
  auto pg = ConnectionUrl::parse("postgresql://u:p@h/live?schema=app").with_database("shadow_1");
  CHECK(pg.database == "shadow_1");
  CHECK(pg.schema == "app");
  CHECK(pg.password == "p");
  auto my = ConnectionUrl::parse("mysql://u:p@h/live").with_database("shadow_1");
  CHECK(my.database == "shadow_1");
  CHECK(my.schema == "shadow_1");
}

TEST_CASE("ConnectionUrl errors name the URL without its password") {
  std::string bad_port = parse_error("postgresql://u:hunter2@h:99999/db");
  CHECK(bad_port.find("the port is not a number") != std::string::npos);
  CHECK(bad_port.find("hunter2") == std::string::npos);
  CHECK(bad_port.find("postgresql://u:***@h:99999/db") != std::string::npos);

  // An unencoded / in the password ends the authority: the port is then "hun", and the message
  // says to percent-encode, without showing any of the password.
  std::string slash = parse_error("postgresql://u:hun/ter2@h/db");
  CHECK(slash.find("percent-encoded") != std::string::npos);
  CHECK(slash.find("hun/ter2") == std::string::npos);
  CHECK(slash.find("hun") == std::string::npos);
  CHECK(slash.find("ter2") == std::string::npos);

  std::string scheme = parse_error("sqlserver://u:hunter2@h/db");
  CHECK(scheme.find("unsupported scheme \"sqlserver\"") != std::string::npos);
  CHECK(scheme.find("hunter2") == std::string::npos);

  std::string no_scheme = parse_error("u:hunter2@h/db");
  CHECK(no_scheme.find("expected scheme://") != std::string::npos);
  CHECK(no_scheme.find("hunter2") == std::string::npos);

  CHECK(parse_error("postgresql://u:p%zz@h/db").find("malformed percent-encoding in the password") != std::string::npos);
  CHECK(parse_error("postgresql://h/db?sslmode=sometimes").find("sslmode must be one of") != std::string::npos);
  CHECK(parse_error("mysql://h/db?connect_timeout=soon").find("connect_timeout") != std::string::npos);
  CHECK(parse_error("postgresql://[::1/db").find("IPv6") != std::string::npos);
}

TEST_CASE("redact_passwords hides passwords in any URL inside a text") {
  CHECK(redact_passwords("cannot reach postgresql://u:hunter2@h/db, retrying") ==
        "cannot reach postgresql://u:***@h/db, retrying");
  CHECK(redact_passwords("a mysql://r:x@y/z and \"postgres://q:w%40e@r:1/t?sslpassword=k&x=1\"") ==
        "a mysql://r:***@y/z and \"postgres://q:***@r:1/t?sslpassword=***&x=1\"");
  // More careful than the parser: an unencoded / or @ in the password is still hidden.
  CHECK(redact_passwords("postgresql://u:a/b@c@h/db") == "postgresql://u:***@h/db");
  CHECK(redact_passwords("mysql://u:a?b#c@h/db") == "mysql://u:***@h/db");
  CHECK(redact_passwords("postgresql://h/db?password=p") == "postgresql://h/db?password=***");
  // Nothing to hide.
  CHECK(redact_passwords("postgresql://u@h/db") == "postgresql://u@h/db");
  CHECK(redact_passwords("https://example.com/a:b") == "https://example.com/a:b");
  CHECK(redact_passwords("no urls here: a@b") == "no urls here: a@b");
}

TEST_CASE("QueryResult::column finds a column by name, or says which exist") {
  QueryResult result{{"a", "b"}, {}};
  CHECK(result.column("b") == 1);
  CHECK_THROWS_WITH_AS(result.column("c"), "query result has no column \"c\" (it has: a, b)", Error);
}

TEST_CASE("DatabaseError reads as the server's code and message") {
  CHECK(std::string(DatabaseError({"42P01", "relation \"t\" does not exist", "", 15}).what()) ==
        "SQLSTATE 42P01: relation \"t\" does not exist");
  CHECK(std::string(DatabaseError({"1146", "Table 'd.t' doesn't exist", "", std::nullopt}).what()) ==
        "error 1146: Table 'd.t' doesn't exist");
  CHECK(std::string(DatabaseError({"23505", "duplicate key", "Key (id)=(1) already exists.", std::nullopt}).what()) ==
        "SQLSTATE 23505: duplicate key (Key (id)=(1) already exists.)");
}

TEST_CASE("connect_timeout: the URL's own wins over --connect-timeout's default, which is 5 seconds") {
  CHECK(default_connect_timeout() == 5);
  auto own = ConnectionUrl::parse("postgresql://h/db?connect_timeout=10");
  auto none = ConnectionUrl::parse("mysql://h/db");
  CHECK(own.connect_timeout() == 10);
  CHECK(none.connect_timeout() == 5);
  set_default_connect_timeout(1);
  CHECK(own.connect_timeout() == 10);
  CHECK(none.connect_timeout() == 1);
  CHECK(ConnectionUrl::parse("postgresql://h/db?connect_timeout=0").connect_timeout() == 0);
  // The default is not a URL parameter: messages show the URL as written.
  CHECK(none.redacted() == "mysql://h/db");
  set_default_connect_timeout(5);
}
