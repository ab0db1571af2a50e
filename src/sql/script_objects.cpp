// ScriptWriter: routines, views, triggers, schemas and extensions, and the drops that wait until the end.
#include "sql/script_writer.h"
#include "util/find_named.h"

namespace driftgate::script {
namespace {

bool starts_with_keywords(std::string_view text, std::string_view keywords) {
  auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && ascii_upper(text.substr(first, keywords.size())) == keywords;
}

// A server-printed definition as one statement: no surrounding white space, no closing ';'.
std::string statement(std::string_view text) {
  auto blank = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && (blank(text.back()) || text.back() == ';')) text.remove_suffix(1);
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  return std::string(text);
}

}  // namespace

// ---- routines, views, triggers ----

// PostgreSQL prints a function as CREATE OR REPLACE, which changes it in place and keeps what
// depends on it; anything else is dropped and created again.
bool ScriptWriter::replaceable(const Routine& r) const {
  return pg_ && starts_with_keywords(r.definition, "CREATE OR REPLACE");
}

std::string ScriptWriter::drop_routine(const std::string& ns, const Routine& r) const {
  return "DROP " + ascii_upper(r.kind) + " " + name(ns, r.name) + (pg_ ? "(" + r.arguments + ")" : "");
}

void ScriptWriter::create_routines() {
  for (const auto* c : changes(ObjectKind::Routine, {ChangeType::Added, ChangeType::Changed}))
    step("CreateRoutine", {statement(routine(to_, *c)->definition)});
}

std::string ScriptWriter::create_view(const std::string& ns, const View& v) const {
  return std::string(v.materialized ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ") + name(ns, v.name) + " AS " +
         statement(v.definition);
}

void ScriptWriter::create_triggers() {
  for (const auto& c : diff_.changes) {
    if (c.kind == ObjectKind::Table && c.type == ChangeType::Added)
      for (const auto& t : table(to_, c)->triggers) step("CreateTrigger", {statement(t.definition)});
    else if (c.kind == ObjectKind::Trigger && c.type != ChangeType::Removed)
      step("CreateTrigger", {statement(find_named(table(to_, c)->triggers, c.name)->definition)});
  }
}

// ---- schemas and extensions ----

void ScriptWriter::create_namespaces() {
  if (!pg_) return;  // a MySQL namespace is the database the script runs in
  for (const auto* c : changes(ObjectKind::Namespace, {ChangeType::Added}))
    step("CreateSchema", {"CREATE SCHEMA IF NOT EXISTS " + ident(c->name)});
}

void ScriptWriter::extensions_before() {
  for (const auto* c : changes(ObjectKind::Extension, {ChangeType::Added, ChangeType::Changed})) {
    const Extension& b = *find_named(to_.extensions, c->name);
    if (c->type == ChangeType::Added) {
      std::string out = "CREATE EXTENSION IF NOT EXISTS " + ident(b.name);
      if (!b.schema.empty() || !b.version.empty()) out += " WITH";
      if (!b.schema.empty()) out += " SCHEMA " + ident(b.schema);
      if (!b.version.empty()) out += " VERSION " + ident(b.version);
      step("CreateExtension", {out});
      continue;
    }
    // What the differ found changed: a datamodel that names no version or schema leaves them be.
    std::vector<std::string> out;
    if (changed(*c, "version")) out.push_back("ALTER EXTENSION " + ident(b.name) + " UPDATE TO " + ident(b.version));
    if (changed(*c, "schema")) out.push_back("ALTER EXTENSION " + ident(b.name) + " SET SCHEMA " + ident(b.schema));
    step("AlterExtension", std::move(out));
  }
}

// What may still be in use until the end: routines (defaults, triggers), enums (columns
// AlterTable moved off them), sequences (defaults), extensions (types), schemas (everything).
void ScriptWriter::drop_unused() {
  for (const auto* c : changes(ObjectKind::Routine, {ChangeType::Removed}))
    step("DropRoutine", {drop_routine(c->ns, *routine(from_, *c))});
  for (const auto* c : changes(ObjectKind::Enum, {ChangeType::Removed}))
    step("DropEnum", {"DROP TYPE " + name(c->ns, c->name)});
  for (const auto* c : changes(ObjectKind::Sequence, {ChangeType::Removed}))
    if (!implicit_sequence(*c)) step("DropSequence", {"DROP SEQUENCE " + name(c->ns, c->name)});
  for (const auto* c : changes(ObjectKind::Extension, {ChangeType::Removed}))
    step("DropExtension", {"DROP EXTENSION " + ident(c->name)});
  // "public" exists in every PostgreSQL database and holds its search_path: it stays.
  if (pg_)
    for (const auto* c : changes(ObjectKind::Namespace, {ChangeType::Removed}))
      if (c->name != "public") step("DropSchema", {"DROP SCHEMA " + ident(c->name)});
}

}  // namespace driftgate::script
