// DG307 add-primary-key-without-using-index: a primary key added to a table that may hold rows,
// building its index under the ALTER TABLE's ACCESS EXCLUSIVE lock.
#include "lint/rule.h"

namespace driftgate {
namespace {

class AddPrimaryKeyWithoutUsingIndexRule : public Rule {
 public:
  std::string_view id() const override { return "DG307"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    for (const auto& change : ctx.changes()) {
      QualifiedName table;
      if (const auto* add = change.as<AddConstraint>()) {
        if (add->constraint.kind != ConstraintKind::PrimaryKey || !add->constraint.using_index.empty())
          continue;
        table = add->table;
      } else if (const auto* col = change.as<AddColumn>()) {
        if (!col->column.primary_key) continue;
        table = col->table;
      } else {
        continue;
      }
      if (ctx.is_new_table(table)) continue;
      out.report(change.offset, "adding a primary key to \"" + table.display() +
                                    "\" builds its unique index under an ACCESS EXCLUSIVE lock, blocking "
                                    "reads and writes for the whole build")
          .about(table.name);
    }
  }
};

DRIFTGATE_REGISTER_RULE(AddPrimaryKeyWithoutUsingIndexRule);

}  // namespace
}  // namespace driftgate
