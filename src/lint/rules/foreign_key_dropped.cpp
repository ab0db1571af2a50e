// DG309 foreign-key-dropped: DROP CONSTRAINT of a foreign key on a table that may hold rows, when
// the rest of the migration neither puts the key back nor removes what it constrained.
#include <algorithm>
#include <vector>

#include "lint/rule.h"

namespace driftgate {
namespace {

// The dropped key followed through the changes after it, across renames of its table and columns.
class DroppedKey {
 public:
  // `known` is the catalogue's record of the key, when the history created it.
  DroppedKey(QualifiedName table, std::string name, const CatalogConstraint* known)
      : table_(std::move(table)), name_(std::move(name)) {
    if (!known) return;
    columns_ = known->columns;
    referenced_ = known->referenced_table;
  }

  // True when `c` makes the drop harmless: a foreign key re-added under the same name (Prisma
  // drops and re-adds one to change ON DELETE/ON UPDATE) or on the same columns (a rename), or
  // the table, the referenced table or a column of the key dropped (DG101/DG102 judge those).
  bool settled_by(const Change& c) {
    if (const auto* r = c.as<RenameTable>()) {
      if (on_table(r->table)) table_.name = r->new_name;
      if (r->table.key() == referenced_.key()) referenced_.name = r->new_name;
    } else if (const auto* r = c.as<RenameColumn>(); r && on_table(r->table)) {
      std::replace(columns_.begin(), columns_.end(), r->column, r->new_name);
    } else if (const auto* add = c.as<AddConstraint>(); add && on_table(add->table)) {
      const ConstraintSpec& k = add->constraint;
      return k.kind == ConstraintKind::ForeignKey &&
             (k.name == name_ || (!columns_.empty() && k.columns == columns_));
    } else if (const auto* drop = c.as<DropTable>()) {
      return on_table(drop->table) || (!referenced_.name.empty() && drop->table.key() == referenced_.key());
    } else if (const auto* drop = c.as<DropColumn>(); drop && on_table(drop->table)) {
      return std::ranges::find(columns_, drop->column) != columns_.end();
    }
    return false;
  }

 private:
  bool on_table(const QualifiedName& t) const { return t.key() == table_.key(); }

  QualifiedName table_;
  std::string name_;
  std::vector<std::string> columns_;  // empty when the history does not know the key
  QualifiedName referenced_;          // likewise
};

bool settled_later(const StatementContext& ctx, const Change& current, DroppedKey key) {
  auto here = ctx.changes();
  auto after = std::ranges::find_if(here, [&](const Change& c) { return &c == &current; });
  for (auto it = after + 1; it < here.end(); ++it)
    if (key.settled_by(*it)) return true;
  for (const auto& s : ctx.later())
    for (const auto& c : s.changes)
      if (key.settled_by(c)) return true;
  return false;
}

class ForeignKeyDroppedRule : public Rule {
 public:
  std::string_view id() const override { return "DG309"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    for (const auto& change : ctx.changes()) {
      const auto* drop = change.as<DropConstraint>();
      if (!drop || ctx.is_new_table(drop->table)) continue;
      const CatalogTable* table = ctx.catalog().table(drop->table);
      const CatalogConstraint* known = table ? table->constraint(drop->name) : nullptr;
      // A key the history does not know (made by hand, or inline REFERENCES) is recognised by
      // the <table>_<column>_fkey name that both PostgreSQL and Prisma give foreign keys.
      bool foreign_key = known ? known->kind == ConstraintKind::ForeignKey : drop->name.ends_with("_fkey");
      if (!foreign_key || settled_later(ctx, change, DroppedKey(drop->table, drop->name, known))) continue;
      out.report(change.offset, "dropping foreign key \"" + drop->name + "\" of \"" + drop->table.display() +
                                    "\" stops the database enforcing it: rows can now point at rows that do "
                                    "not exist, and deletes no longer cascade or get refused")
          .about(drop->table.name);
    }
  }
};

DRIFTGATE_REGISTER_RULE(ForeignKeyDroppedRule);

}  // namespace
}  // namespace driftgate
