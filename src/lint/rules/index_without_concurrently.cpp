// DG301 index-without-concurrently: CREATE INDEX on a table that may hold rows, without CONCURRENTLY.
#include "lint/rule.h"

namespace driftgate {
namespace {

class IndexWithoutConcurrentlyRule : public Rule {
 public:
  std::string_view id() const override { return "DG301"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    for (const auto& change : ctx.changes()) {
      const auto* index = change.as<CreateIndex>();
      if (!index || index->concurrently || ctx.is_new_table(index->table)) continue;
      // IF NOT EXISTS of an index the history already has builds nothing.
      if (index->if_not_exists && ctx.catalog().index({index->table.schema, index->name})) continue;
      std::string what = index->name.empty() ? "an index" : "index \"" + index->name + "\"";
      out.report(change.offset, "creating " + what + " on \"" + index->table.display() +
                                    "\" without CONCURRENTLY blocks every write to the table (SHARE lock) "
                                    "until the index is built")
          .about(index->table.name);
    }
  }
};

DRIFTGATE_REGISTER_RULE(IndexWithoutConcurrentlyRule);

}  // namespace
}  // namespace driftgate
