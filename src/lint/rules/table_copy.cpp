// DG312 table-copy: a MySQL ALTER TABLE that InnoDB can only do by copying the table, which
// blocks writes to it for as long as the copy takes.
#include "lint/rule.h"

namespace driftgate {
namespace {

// The ALGORITHM= and LOCK= clauses of the statement, upper-cased; empty when absent.
std::pair<std::string, std::string> online_clauses(const Statement& st) {
  std::string algorithm, lock;
  for (std::size_t i = 0; i + 2 < st.tokens.size(); ++i) {
    if (!st.tokens[i + 1].is('=')) continue;
    std::string value = st.tokens[i + 2].value;
    for (char& ch : value) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (st.tokens[i].is("algorithm")) algorithm = value;
    else if (st.tokens[i].is("lock")) lock = value;
  }
  return {algorithm, lock};
}

// InnoDB changes a VARCHAR's length in place only while its length prefix keeps its size: one byte
// up to 255 bytes, two above (utf8mb4 counts 4 bytes a character, so 63 characters).
bool in_place_varchar_widening(const TypeRef& from, const TypeRef& to) {
  if (from.name != "varchar" || to.name != "varchar" || from.modifiers.empty() || to.modifiers.empty()) return false;
  long a = from.modifiers[0], b = to.modifiers[0];
  return b >= a && (b * 4 <= 255) == (a * 4 <= 255);
}

class TableCopyRule : public Rule {
 public:
  std::string_view id() const override { return "DG312"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    auto [algorithm, lock] = online_clauses(ctx.statement());
    // ALGORITHM=INPLACE/INSTANT or LOCK=NONE: MySQL refuses the statement rather than copy.
    if (algorithm == "INPLACE" || algorithm == "INSTANT" || lock == "NONE") return;
    for (const auto& change : ctx.changes()) {
      std::string what;
      QualifiedName table;
      if (const auto* alter = change.as<AlterColumnType>()) {
        if (ctx.is_new_column(alter->table, alter->column)) continue;
        const CatalogTable* t = ctx.catalog().table(alter->table);
        const CatalogColumn* column = t ? t->column(alter->column) : nullptr;
        if (column && in_place_varchar_widening(column->type, alter->new_type)) continue;
        what = "changing the type of column \"" + alter->column + "\"";
        table = alter->table;
      } else if (const auto* add = change.as<AddConstraint>(); add && add->constraint.kind == ConstraintKind::PrimaryKey) {
        what = "adding a primary key";
        table = add->table;
      } else if (const auto* drop = change.as<DropConstraint>(); drop && drop->name == "PRIMARY") {
        what = "dropping the primary key";
        table = drop->table;
      } else {
        continue;
      }
      if (ctx.is_new_table(table)) continue;
      out.report(change.offset, what + " of \"" + table.display() +
                                    "\" makes MySQL copy the whole table (ALGORITHM=COPY), blocking every write to it "
                                    "until the copy is done" +
                                    (algorithm == "COPY" ? "" : "; add ALGORITHM=INPLACE, LOCK=NONE to have MySQL refuse "
                                                                "rather than lock, or use an online schema change tool"))
          .about(table.name);
    }
  }
};

DRIFTGATE_REGISTER_RULE(TableCopyRule);

}  // namespace
}  // namespace driftgate
