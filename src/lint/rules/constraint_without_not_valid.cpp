// DG302 constraint-without-not-valid: a FOREIGN KEY or CHECK added to a table that may hold rows,
// validated on the spot; or validated in the same transaction that added it NOT VALID.
#include <algorithm>

#include "lint/rule.h"

namespace driftgate {
namespace {

bool validated_by_scan(const ConstraintSpec& k) {
  return !k.not_valid && (k.kind == ConstraintKind::ForeignKey || k.kind == ConstraintKind::Check);
}

std::string constraint_label(const ConstraintSpec& k) {
  std::string kind = k.kind == ConstraintKind::ForeignKey ? "foreign key" : "check constraint";
  return k.name.empty() ? "a " + kind : kind + " \"" + k.name + "\"";
}

// True when `change` adds the constraint `name` to `table` NOT VALID.
bool adds_not_valid(const Change& change, const QualifiedName& table, const std::string& name) {
  const auto* add = change.as<AddConstraint>();
  return add && add->constraint.not_valid && add->constraint.name == name && add->table.key() == table.key();
}

// True when the statements before this one, or the clauses before `current` in it, added the
// constraint NOT VALID: in one transaction its lock is then still held while VALIDATE scans.
bool added_not_valid_earlier(const StatementContext& ctx, const Change& current, const QualifiedName& table,
                             const std::string& name) {
  for (const auto& s : ctx.earlier())
    if (std::ranges::any_of(s.changes, [&](const Change& c) { return adds_not_valid(c, table, name); }))
      return true;
  for (const auto& c : ctx.changes()) {
    if (&c == &current) break;
    if (adds_not_valid(c, table, name)) return true;
  }
  return false;
}

class ConstraintWithoutNotValidRule : public Rule {
 public:
  std::string_view id() const override { return "DG302"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    for (const auto& change : ctx.changes()) {
      if (const auto* add = change.as<AddConstraint>()) {
        const ConstraintSpec& k = add->constraint;
        if (!validated_by_scan(k) || ctx.is_new_table(add->table)) continue;
        std::string table = "\"" + add->table.display() + "\"";
        // The referenced table is locked too; that only blocks anyone when it existed before.
        std::string effect = k.kind != ConstraintKind::ForeignKey
                                 ? "while holding an ACCESS EXCLUSIVE lock, blocking reads and writes"
                             : ctx.is_new_table(k.referenced_table)
                                 ? "while holding a SHARE ROW EXCLUSIVE lock on it, blocking writes"
                                 : "while holding SHARE ROW EXCLUSIVE locks on it and on \"" +
                                       k.referenced_table.display() + "\", blocking writes to both";
        out.report(change.offset, "adding " + constraint_label(k) + " to " + table +
                                      " without NOT VALID checks every row " + effect)
            .about(add->table.name);
      } else if (const auto* col = change.as<AddColumn>()) {
        // A column REFERENCES cannot be NOT VALID: the key is validated by a scan right away.
        if (!col->column.references || ctx.is_new_table(col->table)) continue;
        out.report(change.offset,
                   "adding column \"" + col->column.name + "\" to \"" + col->table.display() +
                       "\" with REFERENCES validates the foreign key over every row under "
                       "an ACCESS EXCLUSIVE lock, blocking reads and writes, and blocks writes "
                       "to the referenced table meanwhile")
            .about(col->column.name)
            .about(col->table.name);
      } else if (const auto* validate = change.as<ValidateConstraint>()) {
        if (!ctx.in_transaction() || ctx.is_new_table(validate->table) ||
            !added_not_valid_earlier(ctx, change, validate->table, validate->name))
          continue;
        out.report(change.offset, "validating constraint \"" + validate->name + "\" of \"" +
                                      validate->table.display() +
                                      "\" in the transaction that added it NOT VALID keeps the add's lock "
                                      "through the whole scan, as if NOT VALID were not there")
            .about(validate->table.name);
      }
    }
  }
};

DRIFTGATE_REGISTER_RULE(ConstraintWithoutNotValidRule);

}  // namespace
}  // namespace driftgate
