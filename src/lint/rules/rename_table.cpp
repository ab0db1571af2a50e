// DG304 rename-table: ALTER TABLE ... RENAME TO on a table that running code uses.
#include <algorithm>

#include "lint/rule.h"

namespace driftgate {
namespace {

// True when a later statement of the migration creates a view with the table's old name, which
// keeps the old name working for the previous release (Atlas BC101 accepts the same pattern).
bool old_name_kept_as_view(const StatementContext& ctx, const QualifiedName& table) {
  return std::ranges::any_of(ctx.later(), [&](const StatementChanges& s) {
    return std::ranges::any_of(s.changes, [&](const Change& c) {
      const auto* view = c.as<CreateView>();
      return view && view->view.key() == table.key();
    });
  });
}

class RenameTableRule : public Rule {
 public:
  std::string_view id() const override { return "DG304"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    for (const auto& change : ctx.changes()) {
      const auto* rename = change.as<RenameTable>();
      if (!rename || ctx.is_new_table(rename->table) || old_name_kept_as_view(ctx, rename->table)) continue;
      out.report(change.offset, "renaming table \"" + rename->table.display() + "\" to \"" +
                                    rename->new_name +
                                    "\" breaks every query of the previous release that still names \"" +
                                    rename->table.name + "\" until all its instances are replaced")
          .about(rename->table.name);
    }
  }
};

DRIFTGATE_REGISTER_RULE(RenameTableRule);

}  // namespace
}  // namespace driftgate
