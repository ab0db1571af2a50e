// DG204 unique-on-existing-data: a unique index, UNIQUE or PRIMARY KEY added over rows that may
// already hold duplicates.
#include <algorithm>
#include <string>
#include <vector>

#include "lint/message.h"
#include "lint/rule.h"

namespace driftgate {
namespace {

// What the existing rows hold in a column of the new key.
enum class Fill {
  Data,      // values written before (or by an UPDATE of) this migration: duplicates possible
  Null,      // a column this migration added with no default: NULL everywhere
  Same,      // ... with a constant or stable default: the same value in every row
  Distinct,  // ... with a volatile default, a serial or an identity: a new value per row
  Refused,   // ... NOT NULL with nothing to fill it: adding it fails first (DG201 reports that)
};

Fill fill_of(const ColumnSpec& c) {
  if (c.not_null && !c.fills_existing_rows()) return Fill::Refused;
  if (c.identity || c.default_kind == DefaultKind::Volatile) return Fill::Distinct;
  return c.has_default() ? Fill::Same : Fill::Null;
}

// The definition of `column` if this migration added it before `current`: in an earlier
// statement, or an earlier clause of this one.
const ColumnSpec* added_before(const StatementContext& ctx, const Change& current, const QualifiedName& table,
                               const std::string& column) {
  auto adds = [&](const Change& c) {
    const auto* add = c.as<AddColumn>();
    return add && add->table.key() == table.key() && add->column.name == column ? &add->column : nullptr;
  };
  for (const auto& c : ctx.changes()) {
    if (&c == &current) break;
    if (const ColumnSpec* spec = adds(c)) return spec;
  }
  for (const auto& s : ctx.earlier())
    for (const auto& c : s.changes)
      if (const ColumnSpec* spec = adds(c)) return spec;
  return nullptr;
}

// The key to check: a table, its columns (what the change names of them) and the kind of key.
struct NewKey {
  QualifiedName table;
  std::vector<std::string> columns;
  std::vector<Fill> fills;
  bool primary = false;
  std::string what;  // "unique index \"User_email_key\"", "a primary key", ...
};

// True when the rows are unique on some of the key's columns already, by a key the table had
// before this statement or one this migration dropped, whose columns no UPDATE has touched since:
// the new key cannot meet duplicates. A primary key also refuses NULLs, so its columns must be
// NOT NULL already.
bool already_unique(const StatementContext& ctx, const NewKey& key) {
  const CatalogTable* table = ctx.catalog().table(key.table);
  if (!table || key.columns.empty()) return false;
  auto has = [&](const std::string& column) { return std::ranges::find(key.columns, column) != key.columns.end(); };
  if (key.primary && !std::ranges::all_of(key.columns, [&](const std::string& name) {
        const CatalogColumn* c = table->column(name);
        return c && c->not_null;
      }))
    return false;
  return std::ranges::any_of(table->unique_keys, [&](const CatalogUniqueKey& k) {
    bool standing = k.dropped_in == -1 || k.dropped_in == ctx.script().index;
    return standing && !k.columns.empty() && std::ranges::all_of(k.columns, has) &&
           std::ranges::none_of(k.columns, [&](const std::string& c) { return ctx.column_updated_earlier(key.table, c); });
  });
}

// Prisma's spelling of a key's columns in its warning: `[a,b]`.
std::string prisma_columns(const std::vector<std::string>& columns) {
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + columns[i];
  return "[" + out + "]";
}

class UniqueOnExistingDataRule : public Rule {
 public:
  std::string_view id() const override { return "DG204"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    for (const auto& change : ctx.changes()) {
      NewKey key;
      if (const auto* add = change.as<AddColumn>()) {
        if (!add->column.unique && !add->column.primary_key) continue;
        key = {add->table, {add->column.name}, {fill_of(add->column)}, add->column.primary_key,
               add->column.primary_key ? "a primary key" : "a unique constraint"};
      } else if (const auto* k = change.as<AddConstraint>()) {
        const ConstraintSpec& c = k->constraint;
        bool primary = c.kind == ConstraintKind::PrimaryKey;
        // USING INDEX adopts an index that is unique already.
        if ((!primary && c.kind != ConstraintKind::Unique) || !c.using_index.empty()) continue;
        std::string kind = primary ? "primary key" : "unique constraint";
        key = {k->table, c.columns, {}, primary, c.name.empty() ? "a " + kind : kind + " \"" + c.name + "\""};
      } else if (const auto* idx = change.as<CreateIndex>()) {
        if (!idx->unique) continue;
        if (idx->if_not_exists && ctx.catalog().index({idx->table.schema, idx->name})) continue;
        key = {idx->table, idx->columns, {}, false,
               idx->name.empty() ? "a unique index" : "unique index \"" + idx->name + "\""};
      } else {
        continue;
      }
      if (ctx.is_new_table(key.table) || ctx.table_emptied_earlier(key.table) || already_unique(ctx, key)) continue;
      if (key.fills.empty())
        for (const auto& column : key.columns) {
          const ColumnSpec* spec = added_before(ctx, change, key.table, column);
          key.fills.push_back(spec && !ctx.column_updated_earlier(key.table, column) ? fill_of(*spec) : Fill::Data);
        }
      report(change, key, out);
    }
  }

 private:
  static void report(const Change& change, const NewKey& key, Diagnostics& out) {
    auto has = [&](Fill f) { return std::ranges::find(key.fills, f) != key.fills.end(); };
    // A new value per row keeps every row apart; so does a NULL, which equals nothing, except
    // in a primary key, which refuses NULLs.
    if (has(Fill::Refused) || has(Fill::Distinct) || (has(Fill::Null) && !key.primary)) return;
    std::string subject = "adding " + key.what + " on \"" + key.table.display() + "\" " + "(" + name_list(key.columns) + ")";
    std::string message;
    if (has(Fill::Null)) {
      message = subject + " fails as soon as the table has a row: the new column holds NULL in every row, "
                          "which a primary key refuses";
    } else if (!key.fills.empty() && std::ranges::all_of(key.fills, [](Fill f) { return f == Fill::Same; })) {
      message = subject + " fails as soon as the table has two rows: every existing row gets the same "
                          "default in the new column";
    } else {
      message = subject + " fails if existing rows hold duplicate values" +
                (key.primary ? " or NULLs" : "") + " in these columns";
    }
    auto& d = out.report(change.offset, message).about(key.table.name);
    if (!key.columns.empty()) d.about(prisma_columns(key.columns));
  }
};

DRIFTGATE_REGISTER_RULE(UniqueOnExistingDataRule);

}  // namespace
}  // namespace driftgate
