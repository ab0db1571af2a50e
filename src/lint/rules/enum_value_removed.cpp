// DG205 enum-value-removed: a column moved to an enum that lacks values of its old one, as
// Prisma does to remove enum values (CREATE TYPE "E_new" ...; ALTER COLUMN ... TYPE "E_new"
// USING ("c"::text::"E_new"); then the old type dropped and "E_new" renamed to "E").
#include <algorithm>
#include <string>
#include <vector>

#include "lint/message.h"
#include "lint/rule.h"

namespace driftgate {
namespace {

class EnumValueRemovedRule : public Rule {
 public:
  std::string_view id() const override { return "DG205"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
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
};

DRIFTGATE_REGISTER_RULE(EnumValueRemovedRule);

}  // namespace
}  // namespace driftgate
