// DG102 drop-column: DROP COLUMN on a column that may hold data.
#include "lint/rule.h"

namespace driftgate {
namespace {

class DropColumnRule : public Rule {
 public:
  std::string_view id() const override { return "DG102"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    for (const auto& change : ctx.changes()) {
      const auto* drop = change.as<DropColumn>();
      if (!drop || ctx.is_new_column(drop->table, drop->column)) continue;
      out.report(change.offset, "dropping column \"" + drop->column + "\" of \"" + drop->table.display() +
                                    "\" deletes its data; code still reading it will fail")
          .about(drop->column)
          .about(drop->table.name);
    }
  }
};

DRIFTGATE_REGISTER_RULE(DropColumnRule);

}  // namespace
}  // namespace driftgate
