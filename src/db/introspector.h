#pragma once
// Reads a database's catalogue into the one schema model with a fixed number of set-based
// catalogue queries, whatever the number of tables (PostgreSQL: 12 round trips, the transaction's
// included; MySQL/MariaDB: 11, one fewer on servers without CHECK constraints). The result is
// normalised so that two databases built by the same DDL give equal Schemas and equal snapshots.
//
// Left out everywhere: Prisma's `_prisma_migrations` table; on PostgreSQL every object that belongs
// to an extension (pg_trgm's functions, citext's type, ...) and the built-in plpgsql extension.
//
// PostgreSQL (12 or later) normal forms (see postgres_introspector.cpp for the queries):
// - Names inside printed expressions, types and definitions are qualified relative to a
//   search_path of the first requested schema alone (set for the introspection's own read-only
//   transaction), so the session's search_path never changes the output: with {"public"},
//   "\"Role\"" and nextval('"User_id_seq"'::regclass); a type of another schema prints as
//   audit."Action".
// - Types are format_type()'s spelling; defaults and CHECK/EXCLUDE constraints are printed by the
//   server (pg_get_expr, pg_get_constraintdef); index expressions and predicates in the server's
//   pretty form, an index expression always in parentheses ("(lower(email))").
// - A column whose default is nextval() of a sequence the column owns is Serial (the default is
//   kept as printed); serial and OWNED BY sequences are listed with owned_by = "table.column";
//   identity sequences are not listed (they are part of the identity column).
// - Exclusion constraints are CheckConstraints whose expression is "EXCLUDE USING ...". UNIQUE
//   constraints are Indexes with is_constraint; the indexes behind primary keys and exclusion
//   constraints are not listed. An index's INCLUDE columns are not read (the model has no place
//   for them). Partitions are tables of their own, with the indexes and keys they inherit.
// - Routine arguments are the input argument types ("text, integer"), which identify an overload;
//   an aggregate's definition is rebuilt from pg_aggregate (pg_get_functiondef has none).
//
// MySQL/MariaDB normal forms (see mysql_introspector.cpp): the current database is read into one
// namespace named "" (empty): the database's own name is not part of the schema, so a shadow
// database and the live one compare equal. Each normalisation there is listed at its function.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/schema.h"
#include "db/connection.h"

namespace driftgate {

struct IntrospectOptions {
  // PostgreSQL schemas to read, the first being the one names are printed relative to. Ignored
  // for MySQL, which reads the connection's current database.
  std::vector<std::string> namespaces = {"public"};
};

// Throws driftgate::Error naming the catalogue query that failed and the server's message. Must
// not be called inside an open transaction (PostgreSQL reads in a transaction of its own).
Schema introspect(Connection& connection, const IntrospectOptions& options = {});

namespace introspection {

// The provider halves, and what they share.
Schema introspect_postgres(Connection& connection, const IntrospectOptions& options);
Schema introspect_mysql(Connection& connection);

inline constexpr std::string_view kMigrationsTable = "_prisma_migrations";

// One catalogue result: values by column name, with errors that say which query and column.
class Rows {
 public:
  // Runs `sql`; a server error becomes a driftgate::Error that names `what` ("PostgreSQL columns").
  Rows(Connection& connection, std::string what, const std::string& sql);

  std::size_t size() const { return result_.rows.size(); }
  // Column `name` of row `row`: NULL is an error for str(), nullopt for opt().
  const std::string& str(std::size_t row, std::string_view name) const;
  const std::optional<std::string>& opt(std::size_t row, std::string_view name) const;
  // PostgreSQL's "t" and MySQL's "1" (or "YES") are true.
  bool flag(std::size_t row, std::string_view name) const;
  long long integer(std::size_t row, std::string_view name) const;
  [[noreturn]] void fail(std::size_t row, std::string_view name, const std::string& why) const;

 private:
  std::string what_;
  QueryResult result_;
};

}  // namespace introspection
}  // namespace driftgate
