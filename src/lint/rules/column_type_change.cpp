// DG203 column-type-change: ALTER COLUMN ... TYPE on a column that may hold data, when the
// conversion can fail or change values (lossless changes are left to DG303, which judges locks).
#include <algorithm>
#include <iterator>
#include <string>

#include "lint/rule.h"
#include "lint/type_change.h"

namespace driftgate {
namespace {

// How a value fails to fit `to`, for the message.
std::string misfit(const TypeRef& to) {
  static const char* const kStrings[] = {"varchar", "bpchar", "char", "tinytext", "text", "mediumtext"};
  static const char* const kNumbers[] = {"int2", "int4", "int8", "numeric", "float4", "float8", "tinyint", "smallint",
                                         "mediumint", "int", "bigint", "decimal"};
  if (to.name.starts_with("enum(") || to.name.starts_with("set(")) return "is not one of " + to.display() + "'s values";
  if (std::ranges::find(kStrings, to.name) != std::end(kStrings)) return "is longer than " + to.display() + " allows";
  if (std::ranges::find(kNumbers, to.name) != std::end(kNumbers)) return "is out of the range of " + to.display();
  return "does not convert to " + to.display();
}

// MySQL's MODIFY converts anything; strict mode (the default) fails on a value that does not fit,
// and without it the value is silently cut or zeroed.
template <class Report>
void report_mysql(TypeChangeValues values, const std::string& subject, const TypeRef& from, const TypeRef& to,
                  Report& report) {
  std::string types = " from " + from.display() + " to " + to.display();
  switch (values) {
    case TypeChangeValues::Kept:
    case TypeChangeValues::Reinterpreted:
      break;
    case TypeChangeValues::MayFail:
      report(subject + types + " fails the migration on the first existing value that " + misfit(to) +
             " (strict mode; without it MySQL silently cuts or zeroes the value), after copying the table");
      break;
    case TypeChangeValues::Narrowed:
      report(subject + types + " rounds existing values to fit " + to.display() + ": what is lost cannot be recovered");
      break;
    case TypeChangeValues::Unknown:
      report(subject + " (its old type unknown to the history) to " + to.display() +
             " fails the migration if an existing value does not fit the new type")
          .level(Level::Warning);
      break;
  }
}

class ColumnTypeChangeRule : public Rule {
 public:
  std::string_view id() const override { return "DG203"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    for (const auto& change : ctx.changes()) {
      const auto* alter = change.as<AlterColumnType>();
      if (!alter || ctx.is_new_column(alter->table, alter->column)) continue;
      const CatalogTable* table = ctx.catalog().table(alter->table);
      const CatalogColumn* column = table ? table->column(alter->column) : nullptr;
      TypeRef from = column ? column->type : TypeRef{};
      const TypeRef& to = alter->new_type;
      bool from_enum = !from.empty() && ctx.catalog().enum_type(from);
      bool to_enum = ctx.catalog().enum_type(to) != nullptr;
      // Prisma's enum recreation (`USING ("c"::text::"E_new")`): DG205 names the values it loses.
      if (from_enum && to_enum && alter->has_using) continue;

      std::string subject = "changing column \"" + alter->column + "\" of \"" + alter->table.display() + "\"";
      std::string types = " from " + from.display() + " to " + to.display();
      auto report = [&](std::string message) -> Diagnostic& {
        return out.report(change.offset, std::move(message)).about(alter->column).about(alter->table.name);
      };
      if (ctx.provider() == Provider::MySQL) {
        if (is_mysql_enum(from) && is_mysql_enum(to)) continue;  // DG205 names the values it loses
        report_mysql(classify_mysql_type_change(from, to), subject, from, to, report);
        continue;
      }
      if (!alter->has_using && !converts_without_using(from, to, from_enum, to_enum)) {
        report(subject + types + " fails on every database, even an empty table: PostgreSQL has no automatic "
                                 "cast between them and needs a USING expression");
        continue;
      }
      switch (classify_type_change(from, to, alter->has_using).values) {
        case TypeChangeValues::Kept:
          break;
        case TypeChangeValues::MayFail:
          report(subject + types + " fails the migration on the first existing value that " + misfit(to));
          break;
        case TypeChangeValues::Narrowed:
          report(subject + types + " rounds or cuts existing values to fit " + to.display() +
                 ": what is lost cannot be recovered");
          break;
        case TypeChangeValues::Reinterpreted:
          // A USING expression spells out how values are read, e.g. AT TIME ZONE 'UTC'.
          if (alter->has_using) break;
          report(subject + types + " keeps every value but reads it anew: " +
                 (to.name == "timestamptz" || from.name == "timestamptz" || to.name == "timetz"
                      ? "timestamps are taken in the session's TimeZone, which shifts them unless it is the one "
                        "they were written in"
                      : "trailing blanks of char(n) are dropped"))
              .level(Level::Warning);
          break;
        case TypeChangeValues::Unknown:
          report(subject + " (its old type unknown to the history) to " + to.display() +
                 " fails the migration if an existing value does not fit the new type")
              .level(Level::Warning);
          break;
      }
    }
  }
};

DRIFTGATE_REGISTER_RULE(ColumnTypeChangeRule);

}  // namespace
}  // namespace driftgate
