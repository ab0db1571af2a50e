#include "lint/history_catalog.h"

#include <algorithm>

namespace driftgate {
namespace {

template <class Items>
auto find_named(Items& items, const std::string& name) {
  return std::find_if(items.begin(), items.end(), [&](const auto& i) { return i.name == name; });
}

template <class Map>
auto* lookup(Map& map, const std::string& key) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

// Moves a map entry to a new key (renames), keeping the value.
template <class Map>
void rekey(Map& map, const std::string& from, const std::string& to) {
  auto node = map.extract(from);
  if (node.empty()) return;
  node.key() = to;
  map.insert_or_assign(to, std::move(node.mapped()));
}

// The key of a column declared PRIMARY KEY or UNIQUE, under the name PostgreSQL gives it.
CatalogUniqueKey inline_key(const QualifiedName& table, const ColumnSpec& c) {
  return {table.name + (c.primary_key ? "_pkey" : "_" + c.name + "_key"), {c.name}};
}

}  // namespace

const CatalogColumn* CatalogTable::column(const std::string& n) const {
  auto it = find_named(columns, n);
  return it == columns.end() ? nullptr : &*it;
}
CatalogColumn* CatalogTable::column(const std::string& n) {
  auto it = find_named(columns, n);
  return it == columns.end() ? nullptr : &*it;
}
const CatalogConstraint* CatalogTable::constraint(const std::string& n) const {
  auto it = find_named(constraints, n);
  return it == constraints.end() ? nullptr : &*it;
}

const CatalogTable* HistoryCatalog::table(const QualifiedName& n) const { return lookup(tables_, n.key()); }
const CatalogIndex* HistoryCatalog::index(const QualifiedName& n) const { return lookup(indexes_, n.key()); }
const CatalogTable* HistoryCatalog::table_of(const CatalogIndex& i) const { return lookup(tables_, i.table_key); }
const CatalogEnum* HistoryCatalog::enum_type(const QualifiedName& n) const { return lookup(enums_, n.key()); }
const CatalogEnum* HistoryCatalog::enum_type(const TypeRef& t) const {
  if (t.schema == "pg_catalog") return nullptr;
  return enum_type(QualifiedName{t.schema, t.name});
}
const CatalogSchema* HistoryCatalog::schema(const std::string& name) const { return lookup(schemas_, name); }
CatalogTable* HistoryCatalog::mutable_table(const QualifiedName& n) { return lookup(tables_, n.key()); }

void HistoryCatalog::drop_table(const std::string& key) {
  std::erase_if(indexes_, [&](const auto& entry) { return entry.second.table_key == key; });
  tables_.erase(key);
}

void HistoryCatalog::add_index(const QualifiedName& table, const std::string& name, bool unique,
                               int migration) {
  if (name.empty()) return;  // the server picks a name we do not model
  QualifiedName index{table.schema, name};
  indexes_[index.key()] = CatalogIndex{index, table.key(), unique, migration};
}

void HistoryCatalog::drop_unique_key(CatalogTable* t, const std::string& name, int m) {
  if (!t || name.empty()) return;
  // Only the latest migration's dropped keys are of use: forget older ones.
  std::erase_if(t->unique_keys, [&](const auto& k) { return k.dropped_in != -1 && k.dropped_in != m; });
  for (auto& k : t->unique_keys)
    if (k.name == name && k.dropped_in == -1) k.dropped_in = m;
}

void HistoryCatalog::apply(const Change& change, int m) {
  std::visit(
      [&](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, CreateTable>) {
          if (tables_.count(c.table.key())) {
            if (c.if_not_exists) return;
            drop_table(c.table.key());  // only then: it scans every index
          }
          CatalogTable t{c.table, {}, {}, m};
          for (const auto& col : c.columns) {
            t.columns.push_back({col.name, col.type, col.not_null, col.fills_existing_rows(), m});
            if (col.primary_key) add_index(c.table, c.table.name + "_pkey", true, m);
            if (col.primary_key || col.unique) t.unique_keys.push_back(inline_key(c.table, col));
          }
          for (const auto& k : c.constraints) {
            t.constraints.push_back({k.name, k.kind, k.columns, m, k.referenced_table});
            if (k.kind == ConstraintKind::PrimaryKey)
              for (const auto& name : k.columns)
                if (auto* col = t.column(name)) col->not_null = true;
            if (k.kind == ConstraintKind::PrimaryKey || k.kind == ConstraintKind::Unique) {
              add_index(c.table, k.name, true, m);
              t.unique_keys.push_back({k.name, k.columns});
            }
          }
          tables_[c.table.key()] = std::move(t);
        } else if constexpr (std::is_same_v<T, DropTable>) {
          if (const auto* t = mutable_table(c.table)) {
            std::erase_if(dropped_tables_, [&](const auto& d) { return d.dropped_in != m; });
            dropped_tables_.push_back({*t, m});
          }
          drop_table(c.table.key());
        } else if constexpr (std::is_same_v<T, RenameTable>) {
          QualifiedName to{c.table.schema, c.new_name};
          if (auto* t = mutable_table(c.table)) t->name = to;
          for (auto& [key, idx] : indexes_)
            if (idx.table_key == c.table.key()) idx.table_key = to.key();
          rekey(tables_, c.table.key(), to.key());
        } else if constexpr (std::is_same_v<T, AddColumn>) {
          auto* t = mutable_table(c.table);
          if (!t || t->column(c.column.name)) return;
          t->columns.push_back({c.column.name, c.column.type, c.column.not_null,
                                c.column.fills_existing_rows(), m});
          if (c.column.primary_key || c.column.unique) t->unique_keys.push_back(inline_key(c.table, c.column));
        } else if constexpr (std::is_same_v<T, DropColumn>) {
          auto* t = mutable_table(c.table);
          if (!t) return;
          if (const auto* col = t->column(c.column)) {
            std::erase_if(dropped_columns_, [&](const auto& d) { return d.dropped_in != m; });
            dropped_columns_.push_back({t->name, *col, m});
          }
          std::erase_if(t->columns, [&](const auto& col) { return col.name == c.column; });
          // PostgreSQL drops the indexes and constraints over the column with it.
          std::erase_if(t->unique_keys, [&](const auto& k) { return std::ranges::find(k.columns, c.column) != k.columns.end(); });
        } else if constexpr (std::is_same_v<T, RenameColumn>) {
          auto* t = mutable_table(c.table);
          if (!t) return;
          if (auto* col = t->column(c.column)) col->name = c.new_name;
          for (auto& k : t->unique_keys) std::replace(k.columns.begin(), k.columns.end(), c.column, c.new_name);
        } else if constexpr (std::is_same_v<T, AlterColumnType>) {
          if (auto* t = mutable_table(c.table))
            if (auto* col = t->column(c.column)) col->type = c.new_type;
        } else if constexpr (std::is_same_v<T, SetNotNull> || std::is_same_v<T, DropNotNull>) {
          if (auto* t = mutable_table(c.table))
            if (auto* col = t->column(c.column)) col->not_null = std::is_same_v<T, SetNotNull>;
        } else if constexpr (std::is_same_v<T, SetDefault> || std::is_same_v<T, DropDefault>) {
          if (auto* t = mutable_table(c.table))
            if (auto* col = t->column(c.column)) col->has_default = std::is_same_v<T, SetDefault>;
        } else if constexpr (std::is_same_v<T, AddConstraint>) {
          auto* t = mutable_table(c.table);
          if (!t) return;
          t->constraints.push_back(
              {c.constraint.name, c.constraint.kind, c.constraint.columns, m, c.constraint.referenced_table});
          if (c.constraint.kind == ConstraintKind::PrimaryKey)
            for (const auto& name : c.constraint.columns)
              if (auto* col = t->column(name)) col->not_null = true;
          if (c.constraint.kind == ConstraintKind::PrimaryKey || c.constraint.kind == ConstraintKind::Unique) {
            add_index(c.table, c.constraint.name, true, m);
            // USING INDEX adopts the index, which takes the constraint's name.
            auto adopted = std::ranges::find_if(t->unique_keys, [&](const auto& k) {
              return !c.constraint.using_index.empty() && k.name == c.constraint.using_index && k.dropped_in == -1;
            });
            if (adopted != t->unique_keys.end() && !c.constraint.name.empty()) adopted->name = c.constraint.name;
            else if (adopted == t->unique_keys.end() && !c.constraint.columns.empty())
              t->unique_keys.push_back({c.constraint.name, c.constraint.columns});
          }
        } else if constexpr (std::is_same_v<T, DropConstraint>) {
          drop_unique_key(mutable_table(c.table), c.name, m);
          if (auto* t = mutable_table(c.table)) {
            std::erase_if(dropped_constraints_, [&](const auto& d) { return d.dropped_in != m; });
            for (const auto& k : t->constraints)
              if (k.name == c.name) dropped_constraints_.push_back({t->name, k, m});
            std::erase_if(t->constraints, [&](const auto& k) { return k.name == c.name; });
          }
          indexes_.erase(QualifiedName{c.table.schema, c.name}.key());
        } else if constexpr (std::is_same_v<T, CreateIndex>) {
          QualifiedName idx{c.table.schema, c.name};
          if (c.if_not_exists && indexes_.count(idx.key())) return;
          add_index(c.table, c.name, c.unique, m);
          auto* t = mutable_table(c.table);
          if (t && c.unique && !c.partial && !c.has_expressions && !c.columns.empty())
            t->unique_keys.push_back({c.name, c.columns});
        } else if constexpr (std::is_same_v<T, DropIndex>) {
          if (const auto* idx = lookup(indexes_, c.index.key()))
            drop_unique_key(lookup(tables_, idx->table_key), c.index.name, m);
          indexes_.erase(c.index.key());
        } else if constexpr (std::is_same_v<T, RenameIndex>) {
          QualifiedName to{c.index.schema, c.new_name};
          if (auto* idx = lookup(indexes_, c.index.key())) {
            idx->name = to;
            if (auto* t = lookup(tables_, idx->table_key))
              for (auto& k : t->unique_keys)
                if (k.name == c.index.name && k.dropped_in == -1) k.name = c.new_name;
          }
          rekey(indexes_, c.index.key(), to.key());
        } else if constexpr (std::is_same_v<T, CreateEnum>) {
          enums_[c.type.key()] = CatalogEnum{c.type, c.values, m};
        } else if constexpr (std::is_same_v<T, AddEnumValue>) {
          if (auto* e = lookup(enums_, c.type.key())) e->values.push_back(c.value);
        } else if constexpr (std::is_same_v<T, RenameEnumValue>) {
          if (auto* e = lookup(enums_, c.type.key())) std::replace(e->values.begin(), e->values.end(), c.value, c.new_value);
        } else if constexpr (std::is_same_v<T, RenameType>) {
          QualifiedName to{c.type.schema, c.new_name};
          if (auto* e = lookup(enums_, c.type.key())) e->name = to;
          rekey(enums_, c.type.key(), to.key());
          // Columns follow their type: Prisma recreates an enum as "E_new" and renames it to "E".
          for (auto& [key, t] : tables_)
            for (auto& col : t.columns)
              if (col.type.schema != "pg_catalog" && QualifiedName{col.type.schema, col.type.name}.key() == c.type.key())
                col.type.name = c.new_name;
        } else if constexpr (std::is_same_v<T, DropType>) {
          enums_.erase(c.type.key());
        } else if constexpr (std::is_same_v<T, CreateSchema>) {
          if (!schemas_.count(c.schema) || !c.if_not_exists) schemas_[c.schema] = CatalogSchema{c.schema, m};
        } else if constexpr (std::is_same_v<T, DropSchema>) {
          schemas_.erase(c.schema);
          std::string prefix = c.schema + ".";
          auto in_schema = [&](const auto& entry) { return entry.first.starts_with(prefix); };
          std::erase_if(tables_, in_schema);
          std::erase_if(indexes_, in_schema);
          std::erase_if(enums_, in_schema);
        }
      },
      change.what);
}

void resolve_restatements(std::vector<Change>& changes, const HistoryCatalog& catalog) {
  if (std::none_of(changes.begin(), changes.end(), [](const Change& c) { return c.as<RestateColumn>(); })) return;
  std::vector<Change> out;
  for (auto& change : changes) {
    const auto* r = change.as<RestateColumn>();
    if (!r) {
      out.push_back(std::move(change));
      continue;
    }
    const std::size_t at = change.offset;
    const ColumnSpec& now = r->definition;
    const CatalogTable* table = catalog.table(r->table);
    const CatalogColumn* before = table ? table->column(r->column) : nullptr;
    if (now.name != r->column) out.push_back({RenameColumn{r->table, r->column, now.name}, at});
    if (!before) {
      out.push_back({AlterColumnType{r->table, now.name, now.type, false}, at});
      continue;
    }
    if (before->type != now.type) out.push_back({AlterColumnType{r->table, now.name, now.type, false}, at});
    if (!before->not_null && now.not_null) out.push_back({SetNotNull{r->table, now.name}, at});
    if (before->not_null && !now.not_null) out.push_back({DropNotNull{r->table, now.name}, at});
    if (!before->has_default && now.has_default()) out.push_back({SetDefault{r->table, now.name, now.default_kind}, at});
    if (before->has_default && !now.has_default()) out.push_back({DropDefault{r->table, now.name}, at});
  }
  changes = std::move(out);
}

}  // namespace driftgate
