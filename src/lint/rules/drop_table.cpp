// DG101 drop-table: DROP TABLE on a table that may hold data.
#include "lint/rule.h"

namespace driftgate {
namespace {

class DropTableRule : public Rule {
 public:
  std::string_view id() const override { return "DG101"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    for (const auto& change : ctx.changes()) {
      const auto* drop = change.as<DropTable>();
      if (!drop || ctx.is_new_table(drop->table)) continue;  // created in this migration: empty
      // IF EXISTS on a table the history never created drops nothing a fresh database has.
      if (drop->if_exists && !ctx.catalog().table(drop->table)) continue;
      out.report(change.offset, "dropping table \"" + drop->table.display() +
                                    "\" deletes all its rows; code still reading it will fail")
          .about(drop->table.name);
    }
  }
};

DRIFTGATE_REGISTER_RULE(DropTableRule);

}  // namespace
}  // namespace driftgate
