// DG205 enum-value-removed: a column moved to an enum that lacks values of its old one, as
// Prisma does to remove enum values (CREATE TYPE "E_new" ...; ALTER COLUMN ... TYPE "E_new"
// USING ("c"::text::"E_new"); then the old type dropped and "E_new" renamed to "E").
#include <algorithm>
#include <string>
#include <vector>

#include "lint/message.h"
#include "lint/rule.h"
#include "lint/type_change.h"

namespace driftgate {
namespace {

class EnumValueRemovedRule : public Rule {
 public:
  std::string_view id() const override { return "DG205"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    if (ctx.provider() == Provider::MySQL) return check_mysql(ctx, out);
    for (const auto& change : ctx.changes()) {
      const auto* alter = change.as<AlterColumnType>();
      // Without USING no enum converts to another: DG203 reports that failure.
      if (!alter || !alter->has_using || ctx.is_new_column(alter->table, alter->column)) continue;
      const CatalogTable* table = ctx.catalog().table(alter->table);
      const CatalogColumn* column = table ? table->column(alter->column) : nullptr;
      if (!column || column->type.array_dims != alter->new_type.array_dims) continue;
      const CatalogEnum* from = ctx.catalog().enum_type(column->type);
      const CatalogEnum* to = ctx.catalog().enum_type(alter->new_type);
      if (!from || !to || from == to) continue;
      std::vector<std::string> removed;
      for (const auto& value : from->values)
        if (std::ranges::find(to->values, value) == to->values.end()) removed.push_back(value);
      if (removed.empty()) continue;
      out.report(change.offset, "changing column \"" + alter->column + "\" of \"" + alter->table.display() +
                                    "\" from enum \"" + from->name.display() + "\" to \"" + to->name.display() +
                                    "\" fails the migration if a row holds " + name_list(removed, " or ", '\'') + ", which \"" +
                                    to->name.display() + "\" does not have")
          .about(from->name.name);
    }
  }

 private:
  // MySQL keeps an enum in its column's type: MODIFY with a shorter ENUM(...) list removes values.
  static void check_mysql(const StatementContext& ctx, Diagnostics& out) {
    for (const auto& change : ctx.changes()) {
      const auto* alter = change.as<AlterColumnType>();
      if (!alter || ctx.is_new_column(alter->table, alter->column)) continue;
      const CatalogTable* table = ctx.catalog().table(alter->table);
      const CatalogColumn* column = table ? table->column(alter->column) : nullptr;
      if (!column || !is_mysql_enum(column->type) || !is_mysql_enum(alter->new_type)) continue;
      std::vector<std::string> kept = mysql_enum_values(alter->new_type), removed;
      for (const auto& value : mysql_enum_values(column->type))
        if (std::ranges::find(kept, value) == kept.end()) removed.push_back(value);
      if (removed.empty()) continue;
      out.report(change.offset, "changing column \"" + alter->column + "\" of \"" + alter->table.display() + "\" to " +
                                    alter->new_type.display() + " removes " + name_list(removed, " and ", '\'') +
                                    ": in strict mode the table copy fails on the first row holding one; without it "
                                    "those rows silently become ''")
          .about(alter->column)
          .about(alter->table.name);
    }
  }
};

DRIFTGATE_REGISTER_RULE(EnumValueRemovedRule);

}  // namespace
}  // namespace driftgate
