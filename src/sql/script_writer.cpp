#include "sql/script_writer.h"

#include "core/pg_column_type.h"
#include "sql/prisma_spelling.h"
#include "util/find_named.h"
#include "util/join.h"

namespace driftgate::script {

ScriptWriter::ScriptWriter(const SchemaDiff& diff, Provider provider)
    : diff_(diff),
      from_(*diff.from),
      to_(*diff.to),
      pg_(provider == Provider::PostgreSQL),
      index_renames_(renames(ObjectKind::Index, &Table::index)),
      // MySQL cannot rename a foreign key: it keeps the drop and the add.
      foreign_key_renames_(pg_ ? renames(ObjectKind::ForeignKey, &Table::foreign_key) : std::vector<Rename>{}) {}

std::string ScriptWriter::write() {
  create_namespaces();
  extensions_before();
  drop_dependents();
  drop_tables();
  enums();
  for (const auto* c : changes(ObjectKind::Sequence, {ChangeType::Added}))
    if (!implicit_sequence(*c)) step("CreateSequence", {create_sequence(c->ns, *sequence(to_, *c))});
  create_routines();
  create_tables();
  alter_tables();
  create_indexes();
  add_checks();
  rename_foreign_keys();
  add_foreign_keys();
  rename_indexes();
  alter_sequences();
  for (const auto* c : changes(ObjectKind::View, {ChangeType::Added, ChangeType::Changed}))
    step("CreateView", {create_view(c->ns, *find_named(to_.find_namespace(c->ns)->views, c->name))});
  create_triggers();
  drop_unused();

  if (steps_.empty()) return "-- This is an empty migration.\n";
  std::string out;
  for (const auto& s : steps_) {
    if (!out.empty()) out += "\n";
    out += "-- " + s.name + "\n";
    for (const auto& st : s.statements) out += st + ";\n";
  }
  return out;
}

void ScriptWriter::step(std::string name, std::vector<std::string> statements) {
  if (!statements.empty()) steps_.push_back({std::move(name), std::move(statements)});
}

// ---- names ----

std::string ScriptWriter::ident(std::string_view name) const {
  char q = pg_ ? '"' : '`';
  std::string out(1, q);
  for (char c : name) {
    if (c == q) out += q;
    out += c;
  }
  return out + q;
}

// MySQL reads a backslash in a string as an escape (unless NO_BACKSLASH_ESCAPES); PostgreSQL's
// standard_conforming_strings does not.
std::string ScriptWriter::literal(std::string_view text) const {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || (c == '\\' && !pg_)) out += c;
    out += c;
  }
  return out + "'";
}

std::string ScriptWriter::name(const std::string& ns, const std::string& object) const {
  return pg_ && ns != "public" ? ident(ns) + "." + ident(object) : ident(object);
}

std::string ScriptWriter::idents(const std::vector<std::string>& names, std::string_view separator) const {
  std::vector<std::string> quoted;
  for (const auto& n : names) quoted.push_back(ident(n));
  return join(quoted, separator);
}

// ---- lookups ----

std::vector<const SchemaChange*> ScriptWriter::changes(ObjectKind kind, std::initializer_list<ChangeType> types) const {
  std::vector<const SchemaChange*> out;
  for (const auto& c : diff_.changes)
    if (c.kind == kind && std::find(types.begin(), types.end(), c.type) != types.end()) out.push_back(&c);
  return out;
}

const Table* ScriptWriter::table(const Schema& s, const std::string& ns, std::string_view name) {
  const Namespace* n = s.find_namespace(ns);
  return n ? n->table(name) : nullptr;
}
const Table* ScriptWriter::table(const Schema& s, const SchemaChange& c) { return table(s, c.ns, c.table); }
const Sequence* ScriptWriter::sequence(const Schema& s, const SchemaChange& c) {
  return find_named(s.find_namespace(c.ns)->sequences, c.name);
}
const Routine* ScriptWriter::routine(const Schema& s, const SchemaChange& c) {
  return find_named(s.find_namespace(c.ns)->routines, c.name, &Routine::signature);
}

// The table and column that a sequence's owned_by ("table.column") names.
std::pair<const Table*, const Column*> ScriptWriter::owner(const Namespace& ns, const Sequence& s) {
  for (const auto& t : ns.tables)
    for (const auto& c : t.columns)
      if (s.owned_by == t.name + "." + c.name) return {&t, &c};
  return {nullptr, nullptr};
}

// A column type as Prisma writes it: built-in types in its spelling (INTEGER, TIMESTAMP(3)),
// an enum quoted and named as tables are, qualified outside public ("app"."Role").
std::string ScriptWriter::pg_type(const Schema& s, const std::string& table_ns, const std::string& type) const {
  const Enum* e = enum_of_type(s, table_ns, type);
  if (!e) return prisma_type_spelling(type);
  for (const Namespace& n : s.namespaces)
    if (n.enum_type(e->name) == e) return name(n.name, e->name) + (is_array(type) ? "[]" : "");
  return type;
}

}  // namespace driftgate::script
