// DG303 table-rewrite: a change that rewrites every row of a table that may hold rows (a column
// filled per row on ADD COLUMN, or a type change PostgreSQL cannot make in the catalogue only).
#include "lint/rule.h"
#include "lint/type_change.h"

namespace driftgate {
namespace {

// Why adding the column writes a value into every existing row, or nullptr when it does not
// (PostgreSQL 11+ stores a constant or stable default once, in the catalogue).
const char* fills_every_row(const ColumnSpec& c) {
  if (c.generated_stored) return "as a stored generated column, computed for every row,";
  if (c.identity) return "as an identity column, numbered row by row,";
  if (c.default_kind == DefaultKind::Volatile)
    return "with a default that differs per row (a volatile function or a serial sequence)";
  return nullptr;
}

constexpr const char* kLock = " under an ACCESS EXCLUSIVE lock, blocking reads and writes until it is done";

class TableRewriteRule : public Rule {
 public:
  std::string_view id() const override { return "DG303"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    for (const auto& change : ctx.changes()) {
      if (const auto* add = change.as<AddColumn>()) {
        const char* why = fills_every_row(add->column);
        if (!why || ctx.is_new_table(add->table)) continue;
        out.report(change.offset, "adding column \"" + add->column.name + "\" to \"" + add->table.display() +
                                      "\" " + why + " rewrites the whole table and its indexes" + kLock)
            .about(add->column.name)
            .about(add->table.name);
      } else if (const auto* alter = change.as<AlterColumnType>()) {
        if (ctx.is_new_column(alter->table, alter->column)) continue;
        const CatalogTable* table = ctx.catalog().table(alter->table);
        const CatalogColumn* column = table ? table->column(alter->column) : nullptr;
        TypeRef from = column ? column->type : TypeRef{};
        TypeChangeClass kind = classify_type_change(from, alter->new_type, alter->has_using);
        if (kind.storage == TypeChangeStorage::Unchanged) continue;
        std::string what =
            "changing column \"" + alter->column + "\" of \"" + alter->table.display() + "\" " +
            (from.empty() ? "(its old type unknown to the history) " : "from " + from.display() + " ") +
            "to " + alter->new_type.display();
        std::string effect = kind.storage == TypeChangeStorage::IndexesRebuilt
                                 ? " keeps the rows but rebuilds the column's indexes"
                             : alter->has_using ? " with USING rewrites the whole table and its indexes"
                             : from.empty()     ? " most likely rewrites the whole table and its indexes"
                                                : " rewrites the whole table and its indexes";
        out.report(change.offset, what + effect + kLock).about(alter->column).about(alter->table.name);
      }
    }
  }
};

DRIFTGATE_REGISTER_RULE(TableRewriteRule);

}  // namespace
}  // namespace driftgate
