// DG202 set-not-null-without-backfill: ALTER COLUMN ... SET NOT NULL on a column that may hold
// NULLs, with no UPDATE of it earlier in the migration.
#include "lint/rule.h"

namespace driftgate {
namespace {

// True when the column has a default once the statement has run: from the catalogue (earlier
// statements included) and the SET/DROP DEFAULT clauses of this statement.
bool has_default_after(const StatementContext& ctx, const SetNotNull& target, const CatalogColumn* column) {
  bool has_default = column && column->has_default;
  for (const auto& c : ctx.changes()) {
    if (const auto* set = c.as<SetDefault>(); set && set->table.key() == target.table.key() && set->column == target.column)
      has_default = true;
    if (const auto* drop = c.as<DropDefault>(); drop && drop->table.key() == target.table.key() && drop->column == target.column)
      has_default = false;
  }
  return has_default;
}

class SetNotNullWithoutBackfillRule : public Rule {
 public:
  std::string_view id() const override { return "DG202"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    for (const auto& change : ctx.changes()) {
      const auto* set = change.as<SetNotNull>();
      if (!set || ctx.is_new_column(set->table, set->column)) continue;
      if (ctx.column_updated_earlier(set->table, set->column) || ctx.table_emptied_earlier(set->table)) continue;
      const CatalogTable* table = ctx.catalog().table(set->table);
      const CatalogColumn* column = table ? table->column(set->column) : nullptr;
      if (column && column->not_null) continue;  // already NOT NULL: nothing to check
      std::string subject = "setting NOT NULL on column \"" + set->column + "\" of \"" + set->table.display() + "\"";
      std::string no_backfill = ", and no UPDATE earlier in this migration fills it";
      if (has_default_after(ctx, *set, column)) {
        out.report(change.offset, subject + " fails if a row written before its default was set still holds NULL" +
                                      no_backfill + " (the default only fills new rows)")
            .level(Level::Warning)
            .about(set->column)
            .about(set->table.name);
      } else {
        out.report(change.offset, subject + " fails if any existing row holds NULL in it" + no_backfill)
            .about(set->column)
            .about(set->table.name);
      }
    }
  }
};

DRIFTGATE_REGISTER_RULE(SetNotNullWithoutBackfillRule);

}  // namespace
}  // namespace driftgate
