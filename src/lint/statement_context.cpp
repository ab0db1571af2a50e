#include "lint/statement_context.h"

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

}  // namespace driftgate
