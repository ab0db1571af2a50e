// DG306 drop-index-without-concurrently: DROP INDEX of an index that may exist, without CONCURRENTLY.
#include "lint/rule.h"

namespace driftgate {
namespace {

class DropIndexWithoutConcurrentlyRule : public Rule {
 public:
  std::string_view id() const override { return "DG306"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    for (const auto& change : ctx.changes()) {
      const auto* drop = change.as<DropIndex>();
      if (!drop || drop->concurrently) continue;
      const CatalogIndex* index = ctx.catalog().index(drop->index);
      if (index && index->created_in == ctx.script().index) continue;  // built in this migration
      // IF EXISTS of an index the history never created drops nothing on a database built from it.
      if (!index && drop->if_exists) continue;
      const CatalogTable* owner = index ? ctx.catalog().table_of(*index) : nullptr;
      std::string table = owner ? "\"" + owner->name.display() + "\"" : "its table";
      out.report(change.offset, "dropping index \"" + drop->index.display() +
                                    "\" without CONCURRENTLY locks " + table +
                                    " ACCESS EXCLUSIVE: it waits for every query running on it and "
                                    "blocks all reads and writes from then until the migration commits")
          .about(drop->index.name);
    }
  }
};

DRIFTGATE_REGISTER_RULE(DropIndexWithoutConcurrentlyRule);

}  // namespace
}  // namespace driftgate
