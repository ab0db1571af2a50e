// DG308 concurrently-in-transaction: CREATE/DROP INDEX CONCURRENTLY or REINDEX CONCURRENTLY where
// PostgreSQL runs it inside a transaction block, which it refuses.
#include "lint/rule.h"

namespace driftgate {
namespace {

// The statement's CONCURRENTLY command, or nullptr.
const char* concurrent_command(const Change& change) {
  if (const auto* c = change.as<CreateIndex>(); c && c->concurrently) return "CREATE INDEX CONCURRENTLY";
  if (const auto* d = change.as<DropIndex>(); d && d->concurrently) return "DROP INDEX CONCURRENTLY";
  if (const auto* r = change.as<Reindex>(); r && r->concurrently) return "REINDEX CONCURRENTLY";
  return nullptr;
}

class ConcurrentlyInTransactionRule : public Rule {
 public:
  std::string_view id() const override { return "DG308"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    if (!ctx.in_transaction()) return;
    for (const auto& change : ctx.changes()) {
      const char* command = concurrent_command(change);
      if (!command) continue;
      // A transaction only arises here from several statements in the file (BEGIN is one too).
      std::string statements = std::to_string(ctx.script().statements.size());
      out.report(change.offset, std::string(command) + " cannot run inside a transaction block, and this " +
                                    "migration's " + statements + " statements run as one transaction " +
                                    "(Prisma sends the file as one query): the migration fails");
    }
  }
};

DRIFTGATE_REGISTER_RULE(ConcurrentlyInTransactionRule);

}  // namespace
}  // namespace driftgate
