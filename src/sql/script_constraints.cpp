// ScriptWriter: indexes, check constraints and foreign keys, and the drops that come before tables change.
#include "sql/script_writer.h"
#include "util/find_named.h"
#include "util/join.h"

namespace driftgate::script {

std::string ScriptWriter::index_columns(const Index& i) const {
  std::vector<std::string> parts;
  for (const auto& c : i.columns) {
    std::string part = c.name.starts_with("(") ? c.name : ident(c.name);
    if (c.length) part += "(" + std::to_string(*c.length) + ")";
    if (c.operator_class) part += " " + *c.operator_class;
    if (c.descending) part += " DESC";
    parts.push_back(part);
  }
  return "(" + join(parts, ", ") + ")";
}

std::string ScriptWriter::mysql_index_kind(const Index& i) {
  if (i.method == "fulltext" || i.method == "spatial") return ascii_upper(i.method) + " ";
  return i.unique ? "UNIQUE " : "";
}

// An index as CREATE TABLE and ALTER TABLE ... ADD write it on MySQL.
std::string ScriptWriter::mysql_index(const Index& i) const {
  return mysql_index_kind(i) + "INDEX " + ident(i.name) + index_columns(i);
}

std::string ScriptWriter::create_index(const std::string& ns, const std::string& t, const Index& i) const {
  if (!pg_) return "CREATE " + mysql_index_kind(i) + "INDEX " + ident(i.name) + " ON " + ident(t) + index_columns(i);
  if (i.is_constraint)
    return "ALTER TABLE " + name(ns, t) + " ADD CONSTRAINT " + ident(i.name) + " UNIQUE " + index_columns(i);
  std::string out = std::string("CREATE ") + (i.unique ? "UNIQUE " : "") + "INDEX " + ident(i.name) + " ON " +
                    name(ns, t);
  out += i.method == "btree" ? index_columns(i) : " USING " + ascii_upper(i.method) + " " + index_columns(i);
  if (i.predicate) out += " WHERE " + *i.predicate;
  return out;
}

std::string ScriptWriter::drop_index(const std::string& ns, const std::string& t, const Index& i) const {
  if (!pg_) return "DROP INDEX " + ident(i.name) + " ON " + ident(t);
  return i.is_constraint ? "ALTER TABLE " + name(ns, t) + " DROP CONSTRAINT " + ident(i.name)
                         : "DROP INDEX " + name(ns, i.name);
}

void ScriptWriter::create_indexes() {
  for (const auto& c : diff_.changes) {
    if (c.kind == ObjectKind::Table && c.type == ChangeType::Added && pg_) {
      for (const auto& i : table(to_, c)->indexes) step("CreateIndex", {create_index(c.ns, c.table, i)});
    } else if (c.kind == ObjectKind::Index && c.type != ChangeType::Removed && !renamed(c)) {
      const Index& i = *table(to_, c)->index(c.name);
      // A MySQL index a foreign key needs cannot be dropped on its own; both in one statement can.
      if (c.type == ChangeType::Changed && !pg_)
        step("RedefineIndex",
             {"ALTER TABLE " + ident(c.table) + " DROP INDEX " + ident(i.name) + ", ADD " + mysql_index(i)});
      else step("CreateIndex", {create_index(c.ns, c.table, i)});
    }
  }
}

// The expression is what the server prints: on PostgreSQL pg_get_constraintdef()'s whole
// definition ("CHECK ((price > 0))", an exclusion constraint's "EXCLUDE USING gist (...)"), on
// MySQL the bare CHECK_CLAUSE.
std::string ScriptWriter::add_check(const std::string& ns, const std::string& t, const CheckConstraint& k) const {
  std::string body = pg_ ? k.expression : "CHECK (" + k.expression + ")";
  return "ALTER TABLE " + name(ns, t) + " ADD CONSTRAINT " + ident(k.name) + " " + body;
}

std::string ScriptWriter::add_foreign_key(const std::string& ns, const std::string& t, const ForeignKey& f) const {
  std::string referenced = name(f.referenced_schema.empty() ? ns : f.referenced_schema, f.referenced_table);
  return "ALTER TABLE " + name(ns, t) + " ADD CONSTRAINT " + ident(f.name) + " FOREIGN KEY (" + idents(f.columns) +
         ") REFERENCES " + referenced + "(" + idents(f.referenced_columns) + ") ON DELETE " + f.on_delete +
         " ON UPDATE " + f.on_update + (f.deferrable ? " DEFERRABLE" : "");
}

std::string ScriptWriter::drop_foreign_key(const std::string& ns, const std::string& t, const ForeignKey& f) const {
  return "ALTER TABLE " + name(ns, t) + (pg_ ? " DROP CONSTRAINT " : " DROP FOREIGN KEY ") + ident(f.name);
}

// A new table's checks and the new or changed ones, in table order.
void ScriptWriter::add_checks() {
  for (const auto& c : diff_.changes) {
    if (c.kind == ObjectKind::Table && c.type == ChangeType::Added)
      for (const auto& k : table(to_, c)->checks) step("AddCheckConstraint", {add_check(c.ns, c.table, k)});
    else if (c.kind == ObjectKind::Check && c.type != ChangeType::Removed)
      step("AddCheckConstraint", {add_check(c.ns, c.table, *find_named(table(to_, c)->checks, c.name))});
  }
}

// A new table's foreign keys and the new or changed ones that are not renamed, in table order.
void ScriptWriter::add_foreign_keys() {
  for (const auto& c : diff_.changes) {
    if (c.kind == ObjectKind::Table && c.type == ChangeType::Added)
      for (const auto& f : table(to_, c)->foreign_keys) step("AddForeignKey", {add_foreign_key(c.ns, c.table, f)});
    else if (c.kind == ObjectKind::ForeignKey && c.type != ChangeType::Removed && !renamed(c))
      step("AddForeignKey", {add_foreign_key(c.ns, c.table, *table(to_, c)->foreign_key(c.name))});
  }
}

// Triggers, views, routines whose definition changes, then the foreign keys, checks and
// indexes that go or change: before the tables and columns they hang on change.
void ScriptWriter::drop_dependents() {
  for (const auto* c : changes(ObjectKind::Trigger, {ChangeType::Removed, ChangeType::Changed}))
    step("DropTrigger", {pg_ ? "DROP TRIGGER " + ident(c->name) + " ON " + name(c->ns, c->table)
                             : "DROP TRIGGER " + ident(c->name)});
  for (const auto* c : changes(ObjectKind::View, {ChangeType::Removed, ChangeType::Changed})) {
    const View& v = *find_named(from_.find_namespace(c->ns)->views, c->name);
    step("DropView", {std::string(v.materialized ? "DROP MATERIALIZED VIEW " : "DROP VIEW ") + name(c->ns, v.name)});
  }
  for (const auto* c : changes(ObjectKind::Routine, {ChangeType::Changed}))
    if (!replaceable(*routine(to_, *c))) step("DropRoutine", {drop_routine(c->ns, *routine(from_, *c))});
  for (const auto& c : diff_.changes) {
    // A dropped table's foreign keys go first, since the tables they reference may go too.
    if (c.kind == ObjectKind::Table && c.type == ChangeType::Removed)
      for (const auto& f : table(from_, c)->foreign_keys)
        step("DropForeignKey", {drop_foreign_key(c.ns, c.table, f)});
    else if (c.kind == ObjectKind::ForeignKey && c.type != ChangeType::Added && !renamed(c))
      step("DropForeignKey", {drop_foreign_key(c.ns, c.table, *table(from_, c)->foreign_key(c.name))});
  }
  for (const auto* c : changes(ObjectKind::Check, {ChangeType::Removed, ChangeType::Changed}))
    step("DropCheckConstraint", {"ALTER TABLE " + name(c->ns, c->table) + " DROP CONSTRAINT " + ident(c->name)});
  for (const auto* c : changes(ObjectKind::Index, {ChangeType::Removed, ChangeType::Changed}))
    if ((pg_ || c->type == ChangeType::Removed) && !renamed(*c))
      step("DropIndex", {drop_index(c->ns, c->table, *table(from_, *c)->index(c->name))});
}

}  // namespace driftgate::script
