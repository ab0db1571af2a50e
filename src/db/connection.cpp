#include "db/connection.h"

#include <algorithm>

#include "core/error.h"
#include "db/drivers.h"

namespace driftgate {
namespace {

std::string describe(const ServerError& error) {
  // A SQLSTATE has five characters; the MySQL errors a server sends to clients have four digits
  // (five-digit ones only go to its error log).
  std::string text = (error.code.size() == 5 ? "SQLSTATE " : "error ") + error.code + ": " + error.message;
  if (!error.detail.empty()) text += " (" + error.detail + ")";
  return text;
}

}  // namespace

std::size_t QueryResult::column(std::string_view name) const {
  auto it = std::find(columns.begin(), columns.end(), name);
  if (it != columns.end()) return static_cast<std::size_t>(it - columns.begin());
  std::string present;
  for (const auto& c : columns) present += (present.empty() ? "" : ", ") + c;
  throw Error("query result has no column \"" + std::string(name) + "\" (it has: " + present + ")");
}

DatabaseError::DatabaseError(ServerError error) : std::runtime_error(describe(error)), error_(std::move(error)) {}

std::unique_ptr<Connection> connect(const ConnectionUrl& url, bool read_only) {
  return url.provider == Provider::PostgreSQL ? connect_postgres(url, read_only) : connect_mysql(url, read_only);
}

}  // namespace driftgate
