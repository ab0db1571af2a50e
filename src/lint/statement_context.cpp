#include "lint/statement_context.h"

#include <algorithm>

namespace driftgate {

bool StatementContext::is_new_table(const QualifiedName& table) const {
  const CatalogTable* t = catalog_.table(table);
  return t && t->created_in == script_.index;
}

bool StatementContext::is_new_column(const QualifiedName& table, const std::string& column) const {
  const CatalogTable* t = catalog_.table(table);
  if (!t) return false;
  if (t->created_in == script_.index) return true;
  const CatalogColumn* c = t->column(column);
  return c && c->created_in == script_.index;
}

bool StatementContext::in_transaction() const {
  if (script_.runs_as_one_transaction) return true;
  int depth = 0;
  for (const auto& s : earlier())
    for (const auto& c : s.changes) {
      if (c.as<BeginTransaction>()) ++depth;
      if (c.as<CommitTransaction>() && depth > 0) --depth;
    }
  return depth > 0;
}

bool StatementContext::lock_timeout_set() const {
  for (const auto& s : earlier())
    for (const auto& c : s.changes)
      if (const auto* t = c.as<SetTimeout>(); t && t->setting == "lock_timeout") return true;
  return false;
}

bool StatementContext::table_emptied_earlier(const QualifiedName& table) const {
  for (const auto& s : earlier())
    for (const auto& c : s.changes) {
      if (const auto* t = c.as<Truncate>(); t && t->table.key() == table.key()) return true;
      if (const auto* d = c.as<DeleteRows>(); d && !d->has_where && d->table.key() == table.key()) return true;
    }
  return false;
}

bool StatementContext::column_updated_earlier(const QualifiedName& table, const std::string& column) const {
  for (const auto& s : earlier())
    for (const auto& c : s.changes)
      if (const auto* u = c.as<UpdateRows>(); u && u->table.key() == table.key() &&
                                              std::ranges::find(u->columns, column) != u->columns.end())
        return true;
  return false;
}

}  // namespace driftgate
