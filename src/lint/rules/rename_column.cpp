// DG305 rename-column: ALTER TABLE ... RENAME COLUMN on a column that running code uses.
#include "lint/rule.h"

namespace driftgate {
namespace {

class RenameColumnRule : public Rule {
 public:
  std::string_view id() const override { return "DG305"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    for (const auto& change : ctx.changes()) {
      const auto* rename = change.as<RenameColumn>();
      if (!rename || ctx.is_new_column(rename->table, rename->column)) continue;
      out.report(change.offset, "renaming column \"" + rename->column + "\" of \"" + rename->table.display() +
                                    "\" to \"" + rename->new_name +
                                    "\" breaks every query of the previous release that still names \"" +
                                    rename->column + "\" until all its instances are replaced")
          .about(rename->column)
          .about(rename->table.name);
    }
  }
};

DRIFTGATE_REGISTER_RULE(RenameColumnRule);

}  // namespace
}  // namespace driftgate
