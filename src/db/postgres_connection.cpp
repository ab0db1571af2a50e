// The libpq driver.
#include <memory>

#include "core/error.h"
#include "db/drivers.h"
#include "db/libpq_api.h"
#include "util/interrupt.h"

namespace driftgate {
namespace {

// Settings for a database driftgate did not create: it must never write to it, and must give up
// rather than queue behind a migration's locks or hold catalogue locks for long. Introspection
// takes well under a second, so a minute only stops a runaway query.
constexpr const char* kReadOnlySettings =
    "SET default_transaction_read_only = on; SET lock_timeout = '5s'; SET statement_timeout = '60s';";

struct ResultClear {
  void operator()(PGresult* r) const { libpq().PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultClear>;

// libpq's messages end with a newline and continue on tab-indented lines; errors are one line.
std::string one_line(const char* message) {
  std::string out;
  for (const char* p = message; *p; ++p) {
    if (*p != '\n') {
      out += *p;
      continue;
    }
    while (p[1] == '\t' || p[1] == ' ') ++p;
    out += ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// libpq's connection keywords for a URL: built field by field, so that the password never travels
// inside a connection string that could end up in a message.
class ConnectParams {
 public:
  explicit ConnectParams(const ConnectionUrl& url) {
    if (!url.socket.empty()) add("host", url.socket);
    else if (!url.host.empty()) add("host", url.host);
    if (url.port) add("port", std::to_string(*url.port));
    if (!url.database.empty()) add("dbname", url.database);
    if (!url.user.empty()) add("user", url.user);
    if (!url.password.empty()) add("password", url.password);
    add("application_name", param(url, "application_name").value_or("driftgate"));
    add("client_encoding", "UTF8");
    // libpq's default is to wait for ever. Its timeout covers each address's TCP connect, TLS and
    // authentication together, so a server that accepts and then says nothing is given up on too
    // (libpq rounds 1 second up to 2).
    add("connect_timeout", std::to_string(url.connect_timeout()));
    if (auto options = param(url, "options")) add("options", *options);
    // Prisma's sslcert names the server's CA certificate (libpq's sslrootcert), and sslaccept=strict
    // asks for full verification; sslmode means the same to both.
    if (auto ca = param(url, "sslcert")) add("sslrootcert", *ca);
    auto sslmode = param(url, "sslmode");
    if (param(url, "sslaccept") == "strict" && (!sslmode || !sslmode->starts_with("verify"))) sslmode = "verify-full";
    if (sslmode) add("sslmode", *sslmode);
    for (const auto& v : values_) value_ptrs_.push_back(v.c_str());
    keywords_.push_back(nullptr);
    value_ptrs_.push_back(nullptr);
  }

  ConnectParams(const ConnectParams&) = delete;  // value_ptrs_ points into values_
  ConnectParams& operator=(const ConnectParams&) = delete;

  // Null-terminated arrays for PQconnectdbParams and PQpingParams.
  const char* const* keywords() const { return keywords_.data(); }
  const char* const* values() const { return value_ptrs_.data(); }

 private:
  static std::optional<std::string> param(const ConnectionUrl& url, const std::string& key) {
    auto it = url.params.find(key);
    if (it == url.params.end()) return std::nullopt;
    return it->second;
  }
  void add(const char* keyword, std::string value) {
    keywords_.push_back(keyword);
    values_.push_back(std::move(value));
  }

  std::vector<const char*> keywords_;
  std::vector<std::string> values_;
  std::vector<const char*> value_ptrs_;
};

class PostgresConnection final : public Connection {
 public:
  PostgresConnection(PGconn* conn, std::string where)
      : conn_(conn), cancel_(libpq().PQgetCancel(conn)), where_(std::move(where)) {}
  ~PostgresConnection() override {
    if (cancel_) libpq().PQfreeCancel(cancel_);
    libpq().PQfinish(conn_);
  }
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  Provider provider() const override { return Provider::PostgreSQL; }

  QueryResult query(const std::string& sql) override {
    Result result = exec(sql);
    QueryResult out;
    int fields = libpq().PQnfields(result.get()), rows = libpq().PQntuples(result.get());
    for (int f = 0; f < fields; ++f) out.columns.emplace_back(libpq().PQfname(result.get(), f));
    out.rows.reserve(static_cast<std::size_t>(rows));
    for (int r = 0; r < rows; ++r) {
      auto& row = out.rows.emplace_back();
      row.reserve(static_cast<std::size_t>(fields));
      for (int f = 0; f < fields; ++f) {
        if (libpq().PQgetisnull(result.get(), r, f)) row.emplace_back(std::nullopt);
        else row.emplace_back(std::string(libpq().PQgetvalue(result.get(), r, f),
                                          static_cast<std::size_t>(libpq().PQgetlength(result.get(), r, f))));
      }
    }
    return out;
  }

  // One PQexec is one simple-query message: the server runs all its statements in one implicit
  // transaction (unless the script itself says BEGIN/COMMIT), which is how Prisma Migrate applies a
  // migration file.
  void execute_script(const std::string& sql) override { exec(sql); }

  std::string quote_identifier(std::string_view name) const override {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  }

  std::string quote_literal(std::string_view value) const override {
    char* quoted = libpq().PQescapeLiteral(conn_, value.data(), value.size());
    if (!quoted) throw Error("cannot quote a literal for " + where_ + ": " + one_line(libpq().PQerrorMessage(conn_)));
    std::string out(quoted);
    libpq().PQfreemem(quoted);
    return out;
  }

 private:
  // Runs the SQL and returns the last result, throwing DatabaseError when the server rejected it
  // and ConnectionLost when the connection itself failed. Each statement of a script gives a
  // result of its own, so a failure the server reports says how many completed before it (all of
  // their results arrive with the error).
  Result exec(const std::string& sql) {
    // On Ctrl-C, a cancel request makes the server abort the statement; PQcancel is thread-safe.
    InterruptScope cancellable([this] {
      char why[256];
      if (cancel_) libpq().PQcancel(cancel_, why, sizeof why);
    });
    if (!libpq().PQsendQuery(conn_, sql.c_str())) lost(libpq().PQerrorMessage(conn_));
    Result last, failed;
    std::size_t completed = 0, completed_before_failure = 0;
    bool copy = false;
    while (PGresult* r = libpq().PQgetResult(conn_)) {
      ExecStatusType status = libpq().PQresultStatus(r);
      if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT) {
        libpq().PQclear(r);
        refuse_copy();
        copy = true;
        break;
      }
      if (status == PGRES_FATAL_ERROR) {
        if (!failed) completed_before_failure = completed;
        failed.reset(r);
      } else {
        ++completed;
        last.reset(r);
      }
    }
    if (copy) throw Error("COPY to or from the client is not supported (in SQL sent to " + where_ + ")");
    if (!failed) {
      if (libpq().PQstatus(conn_) == CONNECTION_BAD) lost(libpq().PQerrorMessage(conn_));
      return last;
    }
    throw_if_interrupted();
    const char* sqlstate = libpq().PQresultErrorField(failed.get(), PG_DIAG_SQLSTATE);
    if (!sqlstate || libpq().PQstatus(conn_) == CONNECTION_BAD)
      lost(libpq().PQresultErrorMessage(failed.get()));
    auto field = [&](int code) {
      const char* value = libpq().PQresultErrorField(failed.get(), code);
      return std::string(value ? value : "");
    };
    ServerError error;
    error.code = sqlstate;
    error.message = field(PG_DIAG_MESSAGE_PRIMARY);
    error.detail = field(PG_DIAG_MESSAGE_DETAIL);
    if (std::string hint = field(PG_DIAG_MESSAGE_HINT); !hint.empty())
      error.detail += (error.detail.empty() ? "Hint: " : " Hint: ") + hint;
    if (std::string position = field(PG_DIAG_STATEMENT_POSITION); !position.empty())
      error.position = std::stoul(position);
    error.completed_statements = completed_before_failure;
    throw DatabaseError(std::move(error));
  }

  // How far a script got is not known when the connection drops: the server sends a statement's
  // completion only when its output buffer is flushed, so what arrived is a lower bound.
  [[noreturn]] void lost(const char* message) {
    throw_if_interrupted();
    throw ConnectionLost("lost the connection to " + where_ + ": " + one_line(message), std::nullopt);
  }

  // Leaves the COPY sub-protocol that a COPY ... FROM STDIN / TO STDOUT statement entered, so that
  // the connection stays usable.
  void refuse_copy() {
    libpq().PQputCopyEnd(conn_, "driftgate does not send COPY data");
    char* data = nullptr;
    while (libpq().PQgetCopyData(conn_, &data, 0) > 0) libpq().PQfreemem(data);
    while (PGresult* r = libpq().PQgetResult(conn_)) libpq().PQclear(r);
  }

  PGconn* conn_;
  PGcancel* cancel_;   // null if libpq could not make one: Ctrl-C then waits for the statement
  std::string where_;  // the redacted URL, for messages
};

}  // namespace

std::unique_ptr<Connection> connect_postgres(const ConnectionUrl& url, bool read_only) {
  const ConnectParams params(url);
  PGconn* conn = libpq().PQconnectdbParams(params.keywords(), params.values(), 0);
  if (!conn) throw Error("cannot connect to " + url.redacted() + ": out of memory");
  auto connection = std::make_unique<PostgresConnection>(conn, url.redacted());
  if (libpq().PQstatus(conn) != CONNECTION_OK)
    throw Error("cannot connect to " + url.redacted() + ": " +
                redact_passwords(one_line(libpq().PQerrorMessage(conn))));
  // Notices ("table ... does not exist, skipping") are not failures; libpq would print them on stderr.
  libpq().PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  std::string setup;
  if (!url.schema.empty()) setup += "SET search_path TO " + connection->quote_identifier(url.schema) + ";";
  if (read_only) setup += kReadOnlySettings;
  if (!setup.empty()) connection->execute_script(setup);
  return connection;
}

bool postgres_accepts_connections(const ConnectionUrl& url) {
  const ConnectParams params(url);
  return libpq().PQpingParams(params.keywords(), params.values(), 0) == PQPING_OK;
}

}  // namespace driftgate
