#include "db/introspector.h"

#include <charconv>

#include "core/error.h"

namespace driftgate {

Schema introspect(Connection& connection, const IntrospectOptions& options) {
  Schema schema = connection.provider() == Provider::MySQL
                      ? introspection::introspect_mysql(connection)
                      : introspection::introspect_postgres(connection, options);
  schema.normalise();
  return schema;
}

namespace introspection {

Rows::Rows(Connection& connection, std::string what, const std::string& sql) : what_(std::move(what)) {
  try {
    result_ = connection.query(sql);
  } catch (const DatabaseError& e) {
    throw Error("introspection: reading " + what_ + " failed: " + e.what());
  }
}

const std::optional<std::string>& Rows::opt(std::size_t row, std::string_view name) const {
  std::size_t column = 0;
  try {
    column = result_.column(name);
  } catch (const Error&) {
    fail(row, name, "the result has no such column");
  }
  if (row >= result_.rows.size() || column >= result_.rows[row].size()) fail(row, name, "the result has no such row");
  return result_.rows[row][column];
}

const std::string& Rows::str(std::size_t row, std::string_view name) const {
  const auto& value = opt(row, name);
  if (!value) fail(row, name, "unexpected NULL");
  return *value;
}

bool Rows::flag(std::size_t row, std::string_view name) const {
  const auto& value = opt(row, name);
  return value && (*value == "t" || *value == "1" || *value == "YES");
}

long long Rows::integer(std::size_t row, std::string_view name) const {
  const std::string& text = str(row, name);
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) fail(row, name, "not an integer: \"" + text + "\"");
  return value;
}

void Rows::fail(std::size_t row, std::string_view name, const std::string& why) const {
  throw Error("introspection: reading " + what_ + ": row " + std::to_string(row + 1) + ", column " +
              std::string(name) + ": " + why);
}

}  // namespace introspection
}  // namespace driftgate
