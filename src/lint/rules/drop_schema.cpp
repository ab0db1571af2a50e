// DG103 drop-schema: DROP SCHEMA of a schema that may hold data, and DROP DATABASE.
#include <string>
#include <vector>

#include "lint/message.h"
#include "lint/rule.h"

namespace driftgate {
namespace {

// The tables the history created in `schema` ("public" for unqualified names).
std::vector<std::string> tables_in(const HistoryCatalog& catalog, const std::string& schema) {
  std::vector<std::string> names;
  std::string prefix = schema + ".";
  for (const auto& [key, table] : catalog.tables())
    if (key.starts_with(prefix)) names.push_back(table.name.name);
  return names;
}

// `"A", "B" and "C"`, or `"A", "B", "C" and 4 more`.
std::string listing(std::vector<std::string> names) {
  constexpr std::size_t kShown = 3;
  if (names.size() <= kShown) return name_list(names, " and ");
  std::size_t more = names.size() - kShown;
  names.resize(kShown);
  return name_list(names) + " and " + std::to_string(more) + " more";
}

// Prisma writes neither statement, so no warning of its own names them: the findings have no subjects.
class DropSchemaRule : public Rule {
 public:
  std::string_view id() const override { return "DG103"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    for (const auto& change : ctx.changes()) {
      if (const auto* db = change.as<DropDatabase>()) {
        out.report(change.offset, "dropping database \"" + db->database +
                                      "\" deletes every schema, table and row in it; only a backup brings "
                                      "them back");
        continue;
      }
      const auto* drop = change.as<DropSchema>();
      if (!drop) continue;
      const CatalogSchema* schema = ctx.catalog().schema(drop->schema);
      if (schema && schema->created_in == ctx.script().index) continue;  // created here: empty
      auto tables = tables_in(ctx.catalog(), drop->schema);
      // IF EXISTS of a schema the history neither created nor used drops nothing it built.
      if (drop->if_exists && !schema && tables.empty()) continue;
      std::string subject = "dropping schema \"" + drop->schema + "\"";
      if (drop->cascade) {
        std::string what = tables.empty() ? "every table in it with all their rows"
                       : tables.size() == 1 ? "its table " + listing(tables) + " with all its rows"
                                            : "its tables " + listing(tables) + " with all their rows";
        out.report(change.offset, subject + " with CASCADE deletes " + what +
                                      ", and its types, functions and sequences; code still using them fails");
      } else if (!tables.empty()) {
        out.report(change.offset, subject + " fails: it still holds " + listing(tables) +
                                      ", and without CASCADE PostgreSQL refuses to drop a schema that is not empty");
      } else {
        out.report(change.offset, subject + " fails if anything the history does not know is still in it "
                                            "(objects made by hand or by an extension)")
            .level(Level::Warning);
      }
    }
  }
};

DRIFTGATE_REGISTER_RULE(DropSchemaRule);

}  // namespace
}  // namespace driftgate
