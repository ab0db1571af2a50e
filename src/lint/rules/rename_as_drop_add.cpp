// DG105 rename-as-drop-add: a migration that drops a column (or table) and adds a compatible one
// to the same table (or a similar table): how Prisma renders a rename, losing the data.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "lint/rule.h"
#include "lint/type_change.h"

namespace driftgate {
namespace {

// Values of `from` fit `to` unchanged (the same type, or a lossless widening) within one family
// of types, which PostgreSQL casts both ways without USING: boolean to text keeps the values but
// makes no rename.
bool compatible(const TypeRef& from, const TypeRef& to) {
  return classify_type_change(from, to, false).values == TypeChangeValues::Kept &&
         converts_without_using(to, from, false, false);
}

// The words of a camelCase or snake_case name, lower-cased: "profileURL" -> {"profile", "url"}.
std::vector<std::string> words(const std::string& name) {
  std::vector<std::string> out(1);
  auto upper = [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; };
  auto lower = [](char c) { return std::islower(static_cast<unsigned char>(c)) != 0; };
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (!upper(c) && !lower(c)) {  // '_' and digits separate words
      if (!out.back().empty()) out.emplace_back();
      continue;
    }
    // A capital starts a word after a small letter (typedSignature), or before one (URLValue).
    bool starts = upper(c) && i > 0 && (lower(name[i - 1]) || (i + 1 < name.size() && lower(name[i + 1])));
    if (starts && !out.back().empty()) out.emplace_back();
    out.back() += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  std::erase_if(out, [](const std::string& w) { return w.empty(); });
  return out;
}

// Names alike enough for a rename: they share a word of three letters or more, or one word
// extends the other ("expires" / "expiresAt", "allowedEmails" / "allowList"; not "threadId" /
// "teamId", not "type" / "password").
bool alike(const std::string& a, const std::string& b) {
  for (const auto& x : words(a))
    for (const auto& y : words(b))
      if (std::min(x.size(), y.size()) >= 3 && (x.starts_with(y) || y.starts_with(x))) return true;
  return false;
}

// "T", or "s"."T" outside the default schema: a name to paste into SQL.
std::string sql_name(const QualifiedName& n) {
  std::string schema = n.schema.empty() || n.schema == "public" ? "" : "\"" + n.schema + "\".";
  return schema + "\"" + n.name + "\"";
}

bool same_schema(const QualifiedName& a, const QualifiedName& b) {
  return QualifiedName{a.schema, ""}.key() == QualifiedName{b.schema, ""}.key();
}

// Every change of the migration from the current statement on, in order.
template <class F>
void for_each_from_here(const StatementContext& ctx, F f) {
  for (const auto& c : ctx.changes()) f(c);
  for (const auto& s : ctx.later())
    for (const auto& c : s.changes) f(c);
}

// Every change of the migration, in order.
template <class F>
void for_each_in_migration(const StatementContext& ctx, F f) {
  for (const auto& s : ctx.script().statements)
    for (const auto& c : s.changes) f(c);
}

// Lower is better: how well drop i and add j make a rename.
using Rank = std::tuple<long, std::size_t, std::size_t, std::size_t>;

// Pairs drops with adds, best rank first, using each drop and each add once; for each add, the
// index of its drop.
template <class RankOf>
std::vector<std::optional<std::size_t>> best_pairs(std::size_t drops, std::size_t adds, RankOf rank_of) {
  std::vector<std::pair<Rank, std::pair<std::size_t, std::size_t>>> candidates;
  for (std::size_t i = 0; i < drops; ++i)
    for (std::size_t j = 0; j < adds; ++j)
      if (std::optional<Rank> r = rank_of(i, j)) candidates.push_back({*r, {i, j}});
  std::ranges::sort(candidates);
  std::vector<bool> drop_used(drops, false);
  std::vector<std::optional<std::size_t>> drop_of(adds);
  for (const auto& [rank, pair] : candidates) {
    if (drop_used[pair.first] || drop_of[pair.second]) continue;
    drop_used[pair.first] = true;
    drop_of[pair.second] = pair.first;
  }
  return drop_of;
}

std::size_t distance(std::size_t a, std::size_t b) { return a > b ? a - b : b - a; }

bool single_column_key(const CatalogConstraint& k, const std::string& column) {
  return k.kind == ConstraintKind::ForeignKey && k.columns == std::vector<std::string>{column};
}

// The table a column's foreign key pointed at before this migration (kept, or dropped by it).
std::optional<std::string> referenced_by_key(const StatementContext& ctx, const QualifiedName& table,
                                             const std::string& column) {
  if (const CatalogTable* t = ctx.catalog().table(table))
    for (const auto& k : t->constraints)
      if (single_column_key(k, column)) return k.referenced_table.key();
  for (const auto& d : ctx.catalog().dropped_constraints())
    if (d.dropped_in == ctx.script().index && d.table.key() == table.key() && single_column_key(d.constraint, column))
      return d.constraint.referenced_table.key();
  return std::nullopt;
}

// The table a foreign key this migration adds on the column points at.
std::optional<std::string> referenced_in_migration(const StatementContext& ctx, const QualifiedName& table,
                                                   const std::string& column) {
  for (const auto& s : ctx.script().statements)
    for (const auto& c : s.changes)
      if (const auto* add = c.as<AddConstraint>(); add && add->table.key() == table.key() &&
                                                   add->constraint.kind == ConstraintKind::ForeignKey &&
                                                   add->constraint.columns == std::vector<std::string>{column})
        return add->constraint.referenced_table.key();
  return std::nullopt;
}

class RenameAsDropAddRule : public Rule {
 public:
  std::string_view id() const override { return "DG105"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    for (const auto& change : ctx.changes()) {
      if (const auto* add = change.as<AddColumn>()) check_column(ctx, change, *add, out);
      else if (const auto* create = change.as<CreateTable>()) check_table(ctx, change, *create, out);
    }
  }

 private:
  static void check_column(const StatementContext& ctx, const Change& change, const AddColumn& add,
                           Diagnostics& out) {
    if (ctx.is_new_table(add.table)) return;
    int here = ctx.script().index;
    // Columns of the table this migration drops that held data before it: those dropped by
    // earlier statements (the catalogue keeps them), then by this statement and later ones.
    std::vector<CatalogColumn> dropped;
    for (const auto& d : ctx.catalog().dropped_columns())
      if (d.dropped_in == here && d.table.key() == add.table.key() && d.column.created_in != here)
        dropped.push_back(d.column);
    const CatalogTable* table = ctx.catalog().table(add.table);
    for_each_from_here(ctx, [&](const Change& c) {
      const auto* drop = c.as<DropColumn>();
      if (!table || !drop || drop->table.key() != add.table.key()) return;
      if (const CatalogColumn* col = table->column(drop->column); col && col->created_in != here)
        dropped.push_back(*col);
    });
    if (dropped.empty()) return;
    // The columns this migration adds to the table.
    std::vector<const Change*> adds;
    std::vector<std::string> filled;
    for_each_in_migration(ctx, [&](const Change& c) {
      if (const auto* a = c.as<AddColumn>(); a && a->table.key() == add.table.key()) adds.push_back(&c);
      if (const auto* u = c.as<UpdateRows>(); u && u->table.key() == add.table.key())
        filled.insert(filled.end(), u->columns.begin(), u->columns.end());
    });
    // Prisma renders a renamed field as one column dropped and one added, whatever the names: when
    // that is all the migration does to the table's columns, an added column of the dropped one's
    // type and nullability is the rename shape even with nothing in common in the names. Alike
    // names rank first wherever there are more candidates.
    // A foreign key moved to another table is a new relation, not a rename: Prisma keeps a renamed
    // relation field's key on its table.
    const bool one_for_one = dropped.size() == 1 && adds.size() == 1;
    auto shape_only = [&](std::size_t i, std::size_t j) {
      const ColumnSpec& added = adds[j]->as<AddColumn>()->column;
      if (!one_for_one || dropped[i].type != added.type || dropped[i].not_null != added.not_null) return false;
      auto before = referenced_by_key(ctx, add.table, dropped[i].name), after = referenced_in_migration(ctx, add.table, added.name);
      return !before || !after || *before == *after;
    };
    auto drop_of = best_pairs(dropped.size(), adds.size(), [&](std::size_t i, std::size_t j) -> std::optional<Rank> {
      const ColumnSpec& added = adds[j]->as<AddColumn>()->column;
      if (dropped[i].name == added.name || !compatible(dropped[i].type, added.type)) return std::nullopt;
      bool named_alike = alike(dropped[i].name, added.name);
      if (!named_alike && !shape_only(i, j)) return std::nullopt;
      return Rank{(named_alike ? 0 : 2) + (dropped[i].type == added.type ? 0 : 1), distance(i, j), i, j};
    });
    auto me = std::ranges::find(adds, &change);
    auto matched = drop_of[static_cast<std::size_t>(me - adds.begin())];
    // An UPDATE fills the column: the author copied the data over (and the drop is settled).
    if (!matched || std::ranges::find(filled, add.column.name) != filled.end()) return;
    const CatalogColumn& old = dropped[*matched];
    const ColumnSpec& added = add.column;
    std::string then_type = old.type == added.type
                                ? ""
                                : " (then ALTER COLUMN \"" + added.name + "\" TYPE " + added.type.display() + ")";
    bool named_alike = alike(old.name, added.name);
    out.report(change.offset, "column \"" + added.name + "\" added to \"" + add.table.display() +
                                  (named_alike ? "\" looks like \"" : "\" may be \"") + old.name +
                                  (named_alike ? "\" renamed" : "\" renamed (the one column dropped, of its type and nullability)") +
                                  ": this migration drops \"" + old.name + "\" (" +
                                  old.type.display() + ") and its data with it; ALTER TABLE " + sql_name(add.table) +
                                  " RENAME COLUMN \"" + old.name + "\" TO \"" + added.name + "\"" + then_type +
                                  " would keep the data")
        .about(old.name)
        .about(add.table.name);
  }

  static void check_table(const StatementContext& ctx, const Change& change, const CreateTable& create,
                          Diagnostics& out) {
    int here = ctx.script().index;
    // Tables this migration drops that held data before it, as they stood.
    std::vector<CatalogTable> dropped;
    for (const auto& d : ctx.catalog().dropped_tables())
      if (d.dropped_in == here && d.table.created_in != here) dropped.push_back(d.table);
    for_each_from_here(ctx, [&](const Change& c) {
      const auto* drop = c.as<DropTable>();
      const CatalogTable* t = drop ? ctx.catalog().table(drop->table) : nullptr;
      if (t && t->created_in != here) dropped.push_back(*t);
    });
    if (dropped.empty()) return;
    // The tables this migration creates.
    std::vector<const Change*> creates;
    std::vector<std::string> filled;
    for_each_in_migration(ctx, [&](const Change& c) {
      if (c.as<CreateTable>()) creates.push_back(&c);
      if (const auto* i = c.as<InsertRows>()) filled.push_back(i->table.key());
    });
    auto shared = [&](const CatalogTable& old, const CreateTable& made) {
      return std::ranges::count_if(made.columns, [&](const ColumnSpec& c) {
        const CatalogColumn* o = old.column(c.name);
        return o && compatible(o->type, c.type);
      });
    };
    // Similar: at least two columns, and most of either table's, share name and a compatible type.
    auto drop_of = best_pairs(dropped.size(), creates.size(), [&](std::size_t i, std::size_t j) -> std::optional<Rank> {
      const CreateTable& made = *creates[j]->as<CreateTable>();
      const CatalogTable& old = dropped[i];
      if (old.name.name == made.table.name || !same_schema(old.name, made.table)) return std::nullopt;
      long n = shared(old, made);
      if (n < 2 || 2 * static_cast<std::size_t>(n) <= std::max(old.columns.size(), made.columns.size()))
        return std::nullopt;
      return Rank{-n, distance(i, j), i, j};
    });
    auto me = std::ranges::find(creates, &change);
    auto matched = drop_of[static_cast<std::size_t>(me - creates.begin())];
    // An INSERT fills the table: the author copied the data over (and the drop is settled).
    if (!matched || std::ranges::find(filled, create.table.key()) != filled.end()) return;
    const CatalogTable& old = dropped[*matched];
    out.report(change.offset, "table \"" + create.table.display() + "\" looks like \"" + old.name.display() +
                                  "\" renamed: it shares " + std::to_string(shared(old, create)) + " of its " +
                                  std::to_string(create.columns.size()) + " columns (name and type) with \"" +
                                  old.name.display() + "\", which this migration drops with all its rows; ALTER TABLE " +
                                  sql_name(old.name) + " RENAME TO \"" + create.table.name +
                                  "\" (then adjust the columns that differ) would keep the data")
        .about(old.name.name);
  }
};

DRIFTGATE_REGISTER_RULE(RenameAsDropAddRule);

}  // namespace
}  // namespace driftgate
