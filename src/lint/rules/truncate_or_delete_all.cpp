// DG104 truncate-or-delete-all: TRUNCATE, or DELETE/UPDATE without WHERE, on a table that may
// hold rows.
#include <algorithm>
#include <string>
#include <vector>

#include "lint/message.h"
#include "lint/rule.h"

namespace driftgate {
namespace {

// The tables TRUNCATE ... CASCADE also empties: every table with a foreign key to `table`, and
// so on, as far as the history knows its keys.
std::vector<std::string> cascade_targets(const HistoryCatalog& catalog, const QualifiedName& table) {
  std::vector<std::string> reached{table.key()};
  std::vector<std::string> names;
  for (std::size_t i = 0; i < reached.size(); ++i)
    for (const auto& [key, t] : catalog.tables()) {
      if (std::ranges::find(reached, key) != reached.end()) continue;
      bool references = std::ranges::any_of(t.constraints, [&](const CatalogConstraint& k) {
        return k.kind == ConstraintKind::ForeignKey && k.referenced_table.key() == reached[i];
      });
      if (!references) continue;
      reached.push_back(key);
      names.push_back(t.name.display());
    }
  return names;
}

// No Prisma warning speaks of these statements (Prisma never writes them), so the findings name
// no subjects: a warning about the same table would be about something else.
class TruncateOrDeleteAllRule : public Rule {
 public:
  std::string_view id() const override { return "DG104"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    for (const auto& change : ctx.changes()) {
      if (const auto* t = change.as<Truncate>()) {
        if (ctx.is_new_table(t->table)) continue;
        std::string message = "truncating \"" + t->table.display() + "\" deletes all its rows";
        if (t->cascade) {
          auto more = cascade_targets(ctx.catalog(), t->table);
          message += more.empty() ? ", and CASCADE empties every table with a foreign key to it too"
                                  : ", and CASCADE empties the tables with foreign keys to it too: " +
                                        name_list(more);
        }
        out.report(change.offset, message);
      } else if (const auto* d = change.as<DeleteRows>()) {
        if (d->has_where || ctx.is_new_table(d->table)) continue;
        out.report(change.offset, "DELETE without WHERE deletes every row of \"" + d->table.display() + "\"");
      } else if (const auto* u = change.as<UpdateRows>()) {
        if (u->has_where || ctx.is_new_table(u->table)) continue;
        // Filling columns this migration added is a backfill: they held nothing yet.
        std::vector<std::string> overwritten;
        for (const auto& column : u->columns)
          if (!ctx.is_new_column(u->table, column)) overwritten.push_back(column);
        if (overwritten.empty()) continue;
        std::string what = (overwritten.size() == 1 ? "column " : "columns ") + name_list(overwritten, " and ");
        out.report(change.offset, "UPDATE without WHERE overwrites " + what + " in every row of \"" +
                                      u->table.display() + "\"; the values it replaces are lost");
      }
    }
  }
};

DRIFTGATE_REGISTER_RULE(TruncateOrDeleteAllRule);

}  // namespace
}  // namespace driftgate
