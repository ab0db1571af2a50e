// DG310 drop-not-null: ALTER COLUMN ... DROP NOT NULL on a column that code reads as never NULL.
#include "lint/rule.h"

namespace driftgate {
namespace {

class DropNotNullRule : public Rule {
 public:
  std::string_view id() const override { return "DG310"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    for (const auto& change : ctx.changes()) {
      const auto* drop = change.as<DropNotNull>();
      if (!drop || ctx.is_new_column(drop->table, drop->column)) continue;
      out.report(change.offset, "dropping NOT NULL on column \"" + drop->column + "\" of \"" +
                                    drop->table.display() +
                                    "\" lets NULLs in; code that reads it as never NULL (the previous "
                                    "release among it) fails on the first one")
          .about(drop->column)
          .about(drop->table.name);
    }
  }
};

DRIFTGATE_REGISTER_RULE(DropNotNullRule);

}  // namespace
}  // namespace driftgate
