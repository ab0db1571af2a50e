// DG311 half-applied-on-failure: a MySQL migration that destroys data and then goes on. MySQL
// commits each DDL statement as it runs, so when a later statement fails, the destruction stays.
#include "lint/rule.h"

namespace driftgate {
namespace {

// What no later failure can undo: data deleted, or values converted.
const char* destruction(const Change& c) {
  if (c.as<DropTable>()) return "drops a table";
  if (c.as<DropColumn>()) return "drops a column";
  if (c.as<Truncate>() || c.as<DeleteRows>()) return "deletes rows";
  if (c.as<DropDatabase>()) return "drops a database";
  if (c.as<AlterColumnType>()) return "converts a column's values";
  return nullptr;
}

class HalfAppliedOnFailureRule : public Rule {
 public:
  std::string_view id() const override { return "DG311"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    if (ctx.later().empty()) return;
    // Once per migration: at its first destructive statement that others follow.
    for (const auto& earlier : ctx.earlier())
      for (const auto& c : earlier.changes)
        if (destruction(c)) return;
    for (const auto& change : ctx.changes()) {
      const char* what = destruction(change);
      if (!what) continue;
      out.report(change.offset, std::string("this statement ") + what + " and " + std::to_string(ctx.later().size()) +
                                    " statement(s) follow it: MySQL commits each DDL statement, so if one of them "
                                    "fails the migration stays half-applied, this change done and not undone, and "
                                    "`prisma migrate deploy` stops on the failed migration until it is resolved by hand");
      return;
    }
  }
};

DRIFTGATE_REGISTER_RULE(HalfAppliedOnFailureRule);

}  // namespace
}  // namespace driftgate
