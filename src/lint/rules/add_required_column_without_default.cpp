// DG201 add-required-column-without-default: ADD COLUMN ... NOT NULL that nothing fills, on a
// table that may hold rows.
#include "lint/rule.h"

namespace driftgate {
namespace {

class AddRequiredColumnWithoutDefaultRule : public Rule {
 public:
  std::string_view id() const override { return "DG201"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    for (const auto& change : ctx.changes()) {
      const auto* add = change.as<AddColumn>();
      if (!add || !add->column.not_null || add->column.fills_existing_rows()) continue;
      if (ctx.is_new_table(add->table) || ctx.table_emptied_earlier(add->table)) continue;
      // IF NOT EXISTS of a column the table already has adds nothing.
      const CatalogTable* table = ctx.catalog().table(add->table);
      if (add->if_not_exists && table && table->column(add->column.name)) continue;
      std::string subject = "adding required column \"" + add->column.name + "\" to \"" + add->table.display() + "\"";
      // MySQL does not refuse it: every existing row silently gets the type's implicit default.
      out.report(change.offset, ctx.provider() == Provider::MySQL
                                    ? subject + " without a default gives every existing row the type's implicit "
                                                "default (0, '' or, failing under NO_ZERO_DATE, a zero date) as if "
                                                "it were real data"
                                    : subject + " without a default fails as soon as the table has a row: existing "
                                                "rows get NULL, which NOT NULL refuses")
          .about(add->column.name)
          .about(add->table.name);
    }
  }
};

DRIFTGATE_REGISTER_RULE(AddRequiredColumnWithoutDefaultRule);

}  // namespace
}  // namespace driftgate
