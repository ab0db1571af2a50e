// The MySQL/MariaDB driver, on libmariadb's mysqlclient API.
#include <mysql.h>

#include <cstring>
#include <memory>

#include "core/error.h"
#include "db/drivers.h"
#include "db/mariadb_api.h"
#include "util/interrupt.h"

namespace driftgate {
namespace {

// For a database driftgate did not create: see the PostgreSQL driver. Unlike PostgreSQL's, a
// read-only MySQL transaction does not refuse DDL (which commits implicitly), so this guards
// against writes to rows only. A statement limit exists on MariaDB (max_statement_time, seconds,
// since 10.1) and MySQL (max_execution_time, milliseconds, SELECT only, since 5.7.8).
constexpr const char* kReadOnlySettings =
    "SET SESSION TRANSACTION READ ONLY; SET SESSION lock_wait_timeout = 5; "
    "SET SESSION innodb_lock_wait_timeout = 5";

struct MysqlCloser {
  void operator()(MYSQL* m) const { libmariadb().mysql_close(m); }
};
using Handle = std::unique_ptr<MYSQL, MysqlCloser>;

struct ResultFree {
  void operator()(MYSQL_RES* r) const { libmariadb().mysql_free_result(r); }
};

// The connection options a URL asks for; returns what went wrong, or an empty string.
std::string apply_options(MYSQL* m, const ConnectionUrl& url) {
  auto param = [&](const std::string& key) -> const std::string* {
    auto it = url.params.find(key);
    return it == url.params.end() ? nullptr : &it->second;
  };
  // libmariadb's own default is to wait for ever.
  unsigned timeout = static_cast<unsigned>(url.connect_timeout());
  // With no socket, "localhost" must still mean TCP, as it does for Prisma (libmysqlclient would
  // pick the default socket).
  mysql_protocol_type protocol = url.socket.empty() ? MYSQL_PROTOCOL_TCP : MYSQL_PROTOCOL_SOCKET;
  // Never let a server read client files through LOAD DATA LOCAL INFILE.
  my_bool no = 0, yes = 1;
  const MariaDbClient& my = libmariadb();
  if (my.mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout) || my.mysql_optionsv(m, MYSQL_OPT_PROTOCOL, &protocol) ||
      my.mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4") || my.mysql_optionsv(m, MYSQL_OPT_LOCAL_INFILE, &no) ||
      my.mysql_optionsv(m, MYSQL_OPT_CONNECT_ATTR_ADD, "program_name", "driftgate"))
    return my.mysql_error(m);
  // Prisma's sslcert names the server's CA certificate; sslaccept=strict asks for verification.
  if (auto* ca = param("sslcert"); ca && my.mysql_optionsv(m, MYSQL_OPT_SSL_CA, ca->c_str())) return my.mysql_error(m);
  if (auto* accept = param("sslaccept");
      accept && *accept == "strict" && my.mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &yes))
    return my.mysql_error(m);
  return {};
}

// Connects, or returns the handle with the error in it (mysql_errno non-zero).
Handle open(const ConnectionUrl& url) {
  Handle m(libmariadb().mysql_init(nullptr));
  if (!m) throw Error("cannot connect to " + url.redacted() + ": out of memory");
  if (std::string problem = apply_options(m.get(), url); !problem.empty())
    throw Error("cannot connect to " + url.redacted() + ": " + problem);
  auto or_null = [](const std::string& s) { return s.empty() ? nullptr : s.c_str(); };
  libmariadb().mysql_real_connect(m.get(), url.host.empty() ? "localhost" : url.host.c_str(), or_null(url.user),
                     or_null(url.password), or_null(url.database), static_cast<unsigned>(url.port.value_or(0)),
                     or_null(url.socket), CLIENT_MULTI_STATEMENTS);
  return m;
}

class MysqlConnection final : public Connection {
 public:
  MysqlConnection(Handle m, std::string where) : m_(std::move(m)), where_(std::move(where)) {}

  Provider provider() const override { return Provider::MySQL; }

  // Multi-statement mode: the server answers every statement in turn, and all answers must be
  // read before the connection takes another query.
  QueryResult query(const std::string& sql) override {
    // On Ctrl-C, shut the socket: the blocked call then fails (there is no cancel request).
    InterruptScope cancellable([this] { libmariadb().mariadb_cancel(m_.get()); });
    if (libmariadb().mysql_real_query(m_.get(), sql.data(), sql.size()) != 0) fail();
    QueryResult last;
    while (true) {
      std::unique_ptr<MYSQL_RES, ResultFree> result(libmariadb().mysql_store_result(m_.get()));
      if (result) last = convert(result.get());
      else if (libmariadb().mysql_field_count(m_.get()) != 0) fail();  // a result set that could not be read
      else last = {};
      int next = libmariadb().mysql_next_result(m_.get());
      if (next < 0) return last;
      if (next > 0) fail();
    }
  }

  void execute_script(const std::string& sql) override { query(sql); }

  std::string quote_identifier(std::string_view name) const override {
    std::string out = "`";
    for (char c : name) out += c == '`' ? std::string("``") : std::string(1, c);
    return out + "`";
  }

  // mysql_real_escape_string follows the session's NO_BACKSLASH_ESCAPES mode.
  std::string quote_literal(std::string_view value) const override {
    std::string buffer(value.size() * 2 + 1, '\0');
    auto length = libmariadb().mysql_real_escape_string(m_.get(), buffer.data(), value.data(), value.size());
    buffer.resize(length);
    return "'" + buffer + "'";
  }

 private:
  static QueryResult convert(MYSQL_RES* result) {
    QueryResult out;
    unsigned fields = libmariadb().mysql_num_fields(result);
    MYSQL_FIELD* meta = libmariadb().mysql_fetch_fields(result);
    for (unsigned f = 0; f < fields; ++f) out.columns.emplace_back(meta[f].name, meta[f].name_length);
    while (MYSQL_ROW row = libmariadb().mysql_fetch_row(result)) {
      unsigned long* lengths = libmariadb().mysql_fetch_lengths(result);
      auto& values = out.rows.emplace_back();
      values.reserve(fields);
      for (unsigned f = 0; f < fields; ++f) {
        if (row[f]) values.emplace_back(std::string(row[f], lengths[f]));
        else values.emplace_back(std::nullopt);
      }
    }
    return out;
  }

  // Client-side errors (2000-2999: the connection or protocol failed) are driftgate::Error;
  // server errors are DatabaseError.
  [[noreturn]] void fail() {
    throw_if_interrupted();  // the failure is the cancel's doing
    unsigned code = libmariadb().mysql_errno(m_.get());
    if (code >= 2000 && code < 3000)
      throw ConnectionLost("lost the connection to " + where_ + ": " + libmariadb().mysql_error(m_.get()), std::nullopt);
    throw DatabaseError(ServerError{std::to_string(code), libmariadb().mysql_error(m_.get()), {}, std::nullopt});
  }

  Handle m_;
  std::string where_;  // the redacted URL, for messages
};

}  // namespace

std::unique_ptr<Connection> connect_mysql(const ConnectionUrl& url, bool read_only) {
  Handle m = open(url);
  const MariaDbClient& my = libmariadb();
  if (my.mysql_errno(m.get()) != 0)
    throw Error("cannot connect to " + url.redacted() + ": " + redact_passwords(my.mysql_error(m.get())) + " (error " +
                std::to_string(my.mysql_errno(m.get())) + ")");
  bool mariadb = std::strstr(my.mysql_get_server_info(m.get()), "MariaDB") != nullptr;
  unsigned long version = my.mysql_get_server_version(m.get());
  auto connection = std::make_unique<MysqlConnection>(std::move(m), url.redacted());
  if (read_only) {
    std::string settings = kReadOnlySettings;
    if (mariadb && version >= 100100) settings += "; SET SESSION max_statement_time = 60";
    else if (!mariadb && version >= 50708) settings += "; SET SESSION max_execution_time = 60000";
    connection->execute_script(settings);
  }
  return connection;
}

bool mysql_accepts_connections(const ConnectionUrl& url) { return libmariadb().mysql_errno(open(url).get()) == 0; }

}  // namespace driftgate
