#include "sql/migration_script.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <initializer_list>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "core/pg_column_type.h"
#include "sql/prisma_spelling.h"
#include "util/find_named.h"
#include "util/join.h"

namespace driftgate {
namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool starts_with_keywords(std::string_view text, std::string_view keywords) {
  auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && upper(std::string(text.substr(first, keywords.size()))) == keywords;
}

// A server-printed definition as one statement: no surrounding white space, no closing ';'.
std::string statement(std::string_view text) {
  auto blank = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && (blank(text.back()) || text.back() == ';')) text.remove_suffix(1);
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  return std::string(text);
}

bool is_identity(ColumnGeneration g) {
  return g == ColumnGeneration::IdentityAlways || g == ColumnGeneration::IdentityDefault;
}

// Whether a Changed column's diff names the field ("type: integer -> bigint"). The differ's
// details, not a comparison of the two columns, decide, so that what it ignores (a serial's
// default, comments when relaxed) is left alone here too.
bool changed(const SchemaChange& c, std::string_view field) {
  return std::any_of(c.details.begin(), c.details.end(), [&](const std::string& d) {
    return d.size() > field.size() && d.compare(0, field.size(), field) == 0 && d[field.size()] == ':';
  });
}

bool is_array(std::string_view type) { return type.ends_with("[]"); }

struct Step {
  std::string name;
  std::vector<std::string> statements;
};

// Whether two indexes (or foreign keys) are the same but for their name: the whole model
// object, so that anything the differ may relax under its options still tells them apart.
template <class T>
bool same_but_name(const T& a, T b) {
  b.name = a.name;
  return a == b;
}

// A removed object and an added one of the same table that Prisma renames rather than drops and
// creates again (prisma-datamodel-mapping.md §8.1).
struct Rename {
  const SchemaChange* removed;
  const SchemaChange* added;
};

class ScriptWriter {
 public:
  ScriptWriter(const SchemaDiff& diff, Provider provider)
      : diff_(diff),
        from_(*diff.from),
        to_(*diff.to),
        pg_(provider == Provider::PostgreSQL),
        index_renames_(renames(ObjectKind::Index, &Table::index)),
        // MySQL cannot rename a foreign key: it keeps the drop and the add.
        foreign_key_renames_(pg_ ? renames(ObjectKind::ForeignKey, &Table::foreign_key) : std::vector<Rename>{}) {}

  std::string write() {
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

 private:
  // ---- names ----

  std::string ident(std::string_view name) const {
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
  std::string literal(std::string_view text) const {
    std::string out = "'";
    for (char c : text) {
      if (c == '\'' || (c == '\\' && !pg_)) out += c;
      out += c;
    }
    return out + "'";
  }

  std::string name(const std::string& ns, const std::string& object) const {
    return pg_ && ns != "public" ? ident(ns) + "." + ident(object) : ident(object);
  }

  std::string idents(const std::vector<std::string>& names, std::string_view separator = ", ") const {
    std::vector<std::string> quoted;
    for (const auto& n : names) quoted.push_back(ident(n));
    return join(quoted, separator);
  }

  // ---- lookups ----

  std::vector<const SchemaChange*> changes(ObjectKind kind, std::initializer_list<ChangeType> types) const {
    std::vector<const SchemaChange*> out;
    for (const auto& c : diff_.changes)
      if (c.kind == kind && std::find(types.begin(), types.end(), c.type) != types.end()) out.push_back(&c);
    return out;
  }

  static const Table* table(const Schema& s, const std::string& ns, std::string_view name) {
    const Namespace* n = s.find_namespace(ns);
    return n ? n->table(name) : nullptr;
  }
  static const Table* table(const Schema& s, const SchemaChange& c) { return table(s, c.ns, c.table); }
  static const Sequence* sequence(const Schema& s, const SchemaChange& c) {
    return find_named(s.find_namespace(c.ns)->sequences, c.name);
  }
  static const Routine* routine(const Schema& s, const SchemaChange& c) {
    return find_named(s.find_namespace(c.ns)->routines, c.name, &Routine::signature);
  }

  // The table and column that a sequence's owned_by ("table.column") names.
  static std::pair<const Table*, const Column*> owner(const Namespace& ns, const Sequence& s) {
    for (const auto& t : ns.tables)
      for (const auto& c : t.columns)
        if (s.owned_by == t.name + "." + c.name) return {&t, &c};
    return {nullptr, nullptr};
  }

  // A column type as Prisma writes it: built-in types in its spelling (INTEGER, TIMESTAMP(3)),
  // an enum quoted and named as tables are, qualified outside public ("app"."Role").
  std::string pg_type(const Schema& s, const std::string& table_ns, const std::string& type) const {
    const Enum* e = enum_of_type(s, table_ns, type);
    if (!e) return prisma_type_spelling(type);
    for (const Namespace& n : s.namespaces)
      if (n.enum_type(e->name) == e) return name(n.name, e->name) + (is_array(type) ? "[]" : "");
    return type;
  }

  // ---- renames ----

  // The removed and added `kind` objects of one table (looked up with `find`) that are the same
  // but for their name, each pair only when neither side has another candidate: with two, which
  // one was renamed is a guess, and Prisma makes none either.
  template <class T>
  std::vector<Rename> renames(ObjectKind kind, const T* (Table::*find)(std::string_view) const) const {
    auto removed = changes(kind, {ChangeType::Removed});
    auto added = changes(kind, {ChangeType::Added});
    auto same = [&](const SchemaChange* r, const SchemaChange* a) {
      return r->ns == a->ns && r->table == a->table &&
             same_but_name(*(table(from_, *r)->*find)(r->name), *(table(to_, *a)->*find)(a->name));
    };
    std::vector<Rename> out;
    for (const auto* r : removed) {
      auto same_as_removed = [&](const SchemaChange* a) { return same(r, a); };
      if (std::count_if(added.begin(), added.end(), same_as_removed) != 1) continue;
      const SchemaChange* a = *std::find_if(added.begin(), added.end(), same_as_removed);
      if (std::count_if(removed.begin(), removed.end(), [&](const SchemaChange* x) { return same(x, a); }) == 1)
        out.push_back({r, a});
    }
    return out;
  }

  // Whether a removed or added index or foreign key is one side of a rename.
  bool renamed(const SchemaChange& c) const {
    auto in = [&](const std::vector<Rename>& renames) {
      return std::any_of(renames.begin(), renames.end(),
                         [&](const Rename& r) { return r.removed == &c || r.added == &c; });
    };
    return in(index_renames_) || in(foreign_key_renames_);
  }

  std::string rename_constraint(const std::string& ns, const std::string& t, const std::string& old_name,
                                const std::string& new_name) const {
    return "ALTER TABLE " + name(ns, t) + " RENAME CONSTRAINT " + ident(old_name) + " TO " + ident(new_name);
  }

  void rename_foreign_keys() {
    for (const auto& r : foreign_key_renames_)
      step("RenameForeignKey", {rename_constraint(r.added->ns, r.added->table, r.removed->name, r.added->name)});
  }

  // A PostgreSQL UNIQUE constraint is renamed as a constraint, which renames its index with it.
  void rename_indexes() {
    for (const auto& [removed, added] : index_renames_) {
      const std::string &ns = added->ns, &t = added->table, &old_name = removed->name, &new_name = added->name;
      if (!pg_)
        step("RenameIndex", {"ALTER TABLE " + ident(t) + " RENAME INDEX " + ident(old_name) + " TO " + ident(new_name)});
      else if (table(from_, *removed)->index(old_name)->is_constraint)
        step("RenameIndex", {rename_constraint(ns, t, old_name, new_name)});
      else
        step("RenameIndex", {"ALTER INDEX " + name(ns, old_name) + " RENAME TO " + ident(new_name)});
    }
  }

  // ---- sequences ----

  // PostgreSQL writes a serial column as SERIAL only when TO's sequence for it is the one SERIAL
  // makes ("table_column_seq", default options); otherwise the sequence is created on its own
  // and the column gets TO's nextval() default.
  const char* serial_keyword(const std::string& ns, const Table& t, const Column& c) const {
    const char* keyword = c.type == "integer" ? "SERIAL" : c.type == "bigint" ? "BIGSERIAL"
                        : c.type == "smallint" ? "SMALLSERIAL" : nullptr;
    const Namespace* n = to_.find_namespace(ns);
    const Sequence* s = n ? find_named(n->sequences, t.name + "." + c.name, &Sequence::owned_by) : nullptr;
    if (!keyword || !s) return keyword;
    bool implicit =
        s->name == t.name + "_" + c.name + "_seq" && s->type == c.type && s->start == 1 && s->increment == 1;
    return implicit ? keyword : nullptr;
  }

  // A sequence PostgreSQL creates or drops by itself along with its column: that of a column
  // created as SERIAL, and the owned sequence of a dropped column. (An identity column's sequence
  // is part of the column and not in the model.)
  bool implicit_sequence(const SchemaChange& c) const {
    if (c.type == ChangeType::Changed) return false;
    bool added = c.type == ChangeType::Added;
    const Namespace& ns = *(added ? to_ : from_).find_namespace(c.ns);
    auto [t, column] = owner(ns, *sequence(added ? to_ : from_, c));
    if (!column) return false;
    const Table* other = table(added ? from_ : to_, c.ns, t->name);
    if (other && other->column(column->name)) return false;
    return !added || (column->generation == ColumnGeneration::Serial && serial_keyword(c.ns, *t, *column));
  }

  std::string create_sequence(const std::string& ns, const Sequence& s) const {
    std::string out = "CREATE SEQUENCE " + name(ns, s.name);
    if (pg_ && s.type != "bigint") out += " AS " + s.type;
    if (s.increment != 1) out += " INCREMENT BY " + std::to_string(s.increment);
    if (s.start != 1) out += " START WITH " + std::to_string(s.start);
    return out;
  }

  std::string owned_by(const std::string& ns, const Sequence& s) const {
    auto [t, c] = owner(*to_.find_namespace(ns), s);
    return t ? name(ns, t->name) + "." + ident(c->name) : "NONE";
  }

  void alter_sequences() {
    for (const auto* c : changes(ObjectKind::Sequence, {ChangeType::Added, ChangeType::Changed})) {
      const Sequence& b = *sequence(to_, *c);
      if (c->type == ChangeType::Added) {
        if (b.owned_by && !implicit_sequence(*c))
          step("AlterSequence", {"ALTER SEQUENCE " + name(c->ns, b.name) + " OWNED BY " + owned_by(c->ns, b)});
        continue;
      }
      const Sequence& a = *sequence(from_, *c);
      std::string out = "ALTER SEQUENCE " + name(c->ns, b.name);
      if (pg_ && a.type != b.type) out += " AS " + b.type;
      if (a.increment != b.increment) out += " INCREMENT BY " + std::to_string(b.increment);
      if (a.start != b.start) out += " START WITH " + std::to_string(b.start);
      if (a.owned_by != b.owned_by) out += " OWNED BY " + owned_by(c->ns, b);
      step("AlterSequence", {out});
    }
  }

  // ---- columns ----

  static std::string identity(ColumnGeneration g) {
    return g == ColumnGeneration::IdentityAlways ? "GENERATED ALWAYS AS IDENTITY" : "GENERATED BY DEFAULT AS IDENTITY";
  }

  // Prisma's column order: type, NOT NULL, DEFAULT (MySQL: NULL or NOT NULL, AUTO_INCREMENT,
  // DEFAULT).
  std::string column_definition(const std::string& ns, const Table& t, const Column& c) const {
    std::string out = ident(c.name) + " ";
    std::string expression = c.default_value.value_or("");
    if (pg_) {
      const char* serial = c.generation == ColumnGeneration::Serial ? serial_keyword(ns, t, c) : nullptr;
      out += serial ? serial : pg_type(to_, ns, c.type);
      if (c.collation) out += " COLLATE " + ident(*c.collation);
      if (!c.nullable) out += " NOT NULL";
      if (is_identity(c.generation)) out += " " + identity(c.generation);
      else if (c.generation == ColumnGeneration::Stored) out += " GENERATED ALWAYS AS (" + expression + ") STORED";
      else if (c.default_value && !serial) out += " DEFAULT " + without_literal_cast(expression);
      return out;
    }
    out += c.type;
    if (c.collation) out += " COLLATE " + *c.collation;
    if (c.generation == ColumnGeneration::Stored) {
      // MariaDB accepts neither NULL nor NOT NULL here and reads such a column as nullable: a NOT
      // NULL one comes from MySQL 8.
      out += " GENERATED ALWAYS AS (" + expression + ") STORED";
      if (!c.nullable) out += " NOT NULL";
    } else {
      out += c.nullable ? " NULL" : " NOT NULL";
      if (c.generation == ColumnGeneration::AutoIncrement) out += " AUTO_INCREMENT";
      if (c.default_value) out += " DEFAULT " + expression;
    }
    if (c.comment) out += " COMMENT " + literal(*c.comment);
    return out;
  }

  // PostgreSQL 15 can neither make a plain column generated nor change a generation expression
  // (MySQL's MODIFY can): such a column is dropped and added.
  bool recreated(const Column& a, const Column& b) const {
    return pg_ && b.generation == ColumnGeneration::Stored &&
           (a.generation != ColumnGeneration::Stored || a.default_value != b.default_value);
  }

  // ALTER COLUMN clauses for PostgreSQL; comments go to `after`. PostgreSQL runs an ALTER
  // TABLE's subcommands in passes (drops, type changes, then attributes and defaults), so a
  // dropped default is gone before the type changes and the new one is set after.
  void alter_column(const SchemaChange& c, const Column& a, const Column& b, std::vector<std::string>& clauses,
                    std::vector<std::string>& after) const {
    std::string column = "ALTER COLUMN " + ident(b.name);
    bool type = changed(c, "type");
    // A stored column's default_value is its expression, not a default.
    auto default_of = [](const Column& x) {
      return x.generation == ColumnGeneration::Stored ? std::nullopt : x.default_value;
    };
    std::optional<std::string> default_a = default_of(a), default_b = default_of(b);
    // A default is converted with its column and fails when there is no cast ('x'::text to
    // integer): a type change drops it and sets TO's again.
    bool drop_default = default_a && (type || (changed(c, "default") && !default_b));
    bool set_default = default_b && (changed(c, "default") || (type && default_a));
    if (a.generation == ColumnGeneration::Stored) clauses.push_back(column + " DROP EXPRESSION");
    if (is_identity(a.generation) && !is_identity(b.generation)) clauses.push_back(column + " DROP IDENTITY");
    if (drop_default) clauses.push_back(column + " DROP DEFAULT");
    if (type || changed(c, "collation")) {
      std::string clause = column + " SET DATA TYPE " + pg_type(to_, c.ns, b.type);
      if (b.collation) clause += " COLLATE " + ident(*b.collation);
      else if (changed(c, "collation")) clause += " COLLATE \"default\"";
      if (type) {
        // Enums convert to and from each other only through text.
        bool via_text = enum_of_type(from_, c.ns, a.type) || enum_of_type(to_, c.ns, b.type);
        std::string text = via_text ? (is_array(a.type) ? "::text[]" : "::text") : "";
        clause += " USING (" + ident(b.name) + text + "::" + pg_type(to_, c.ns, b.type) + ")";
      }
      clauses.push_back(clause);
    }
    if (changed(c, "nullable")) clauses.push_back(column + (b.nullable ? " DROP NOT NULL" : " SET NOT NULL"));
    if (set_default) clauses.push_back(column + " SET DEFAULT " + (pg_ ? without_literal_cast(*default_b) : *default_b));
    if (is_identity(b.generation) && !is_identity(a.generation))
      clauses.push_back(column + " ADD " + identity(b.generation));
    else if (is_identity(b.generation) && a.generation != b.generation)
      clauses.push_back(column + (b.generation == ColumnGeneration::IdentityAlways ? " SET GENERATED ALWAYS"
                                                                                  : " SET GENERATED BY DEFAULT"));
    if (changed(c, "comment")) after.push_back(column_comment(c.ns, c.table, b));
  }

  std::string column_comment(const std::string& ns, const std::string& t, const Column& c) const {
    return "COMMENT ON COLUMN " + name(ns, t) + "." + ident(c.name) + " IS " +
           (c.comment ? literal(*c.comment) : "NULL");
  }
  std::string table_comment(const std::string& ns, const Table& t) const {
    return "COMMENT ON TABLE " + name(ns, t.name) + " IS " + (t.comment ? literal(*t.comment) : "NULL");
  }

  // ---- tables ----

  void create_tables() {
    for (const auto* c : changes(ObjectKind::Table, {ChangeType::Added})) {
      const Table& t = *table(to_, *c);
      std::vector<std::string> columns, constraints, comments;
      for (const auto& col : t.columns) {
        columns.push_back("    " + column_definition(c->ns, t, col));
        if (pg_ && col.comment) comments.push_back(column_comment(c->ns, t.name, col));
      }
      // MySQL creates indexes inline (Prisma's CREATE TABLE); PostgreSQL in CreateIndex steps.
      if (!pg_)
        for (const auto& i : t.indexes) constraints.push_back("    " + mysql_index(i));
      if (const auto& pk = t.primary_key) {
        // Prisma joins a new table's key columns with "," alone, elsewhere with ", ".
        std::string key = pg_ ? "CONSTRAINT " + ident(pk->name) + " PRIMARY KEY (" + idents(pk->columns, ",") + ")"
                              : "PRIMARY KEY (" + idents(pk->columns) + ")";
        constraints.push_back("    " + key);
      }
      std::string body = join(columns, ",\n");
      if (!constraints.empty()) body += (body.empty() ? "" : ",\n\n") + join(constraints, ",\n");
      std::string create = "CREATE TABLE " + name(c->ns, t.name) + " (\n" + body + "\n)";
      // Prisma's table options. A column's collation is modelled against its table's default,
      // so TO's columns without one come out the same whatever the database's default.
      if (!pg_) create += " DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci";
      if (t.comment && !pg_) create += " COMMENT " + literal(*t.comment);
      std::vector<std::string> statements{create};
      if (t.comment && pg_) statements.push_back(table_comment(c->ns, t));
      statements.insert(statements.end(), comments.begin(), comments.end());
      step("CreateTable", std::move(statements));
    }
  }

  void drop_tables() {
    for (const auto* c : changes(ObjectKind::Table, {ChangeType::Removed}))
      step("DropTable", {"DROP TABLE " + name(c->ns, c->table)});
  }

  // One ALTER TABLE per table, its clauses in Prisma's order: drop the primary key, drop
  // columns, add columns, alter columns, add the primary key.
  void alter_tables() {
    for (std::size_t i = 0; i < diff_.changes.size();) {
      std::size_t end = i;
      while (end < diff_.changes.size() && diff_.changes[end].ns == diff_.changes[i].ns &&
             diff_.changes[end].table == diff_.changes[i].table)
        ++end;
      const SchemaChange& first = diff_.changes[i];
      const Table* a = table(from_, first);
      const Table* b = table(to_, first);
      if (a && b) alter_table(first.ns, *a, *b, std::span(diff_.changes).subspan(i, end - i));
      i = end;
    }
  }

  void alter_table(const std::string& ns, const Table& a, const Table& b, std::span<const SchemaChange> group) {
    std::vector<std::string> clauses, after;
    auto of_kind = [&](ObjectKind kind) {
      std::vector<const SchemaChange*> out;
      for (const auto& c : group)
        if (c.kind == kind) out.push_back(&c);
      return out;
    };
    const PrimaryKey* pk_a = a.primary_key ? &*a.primary_key : nullptr;
    const PrimaryKey* pk_b = b.primary_key ? &*b.primary_key : nullptr;
    bool pk_renamed = pk_a && pk_b && pk_a->columns == pk_b->columns;
    bool pk_changed = !of_kind(ObjectKind::PrimaryKey).empty() && !pk_renamed;

    if (pk_changed && pk_a) clauses.push_back(pg_ ? "DROP CONSTRAINT " + ident(pk_a->name) : "DROP PRIMARY KEY");
    std::set<std::string> adding;
    for (const auto* c : of_kind(ObjectKind::Column)) {
      bool recreate = c->type == ChangeType::Changed && recreated(*a.column(c->name), *b.column(c->name));
      if (c->type == ChangeType::Removed || recreate) clauses.push_back("DROP COLUMN " + ident(c->name));
      if (c->type == ChangeType::Added || recreate) adding.insert(c->name);
    }
    // In TO's column order, which MySQL keeps (AFTER/FIRST) and PostgreSQL follows by appending.
    for (std::size_t i = 0; i < b.columns.size(); ++i) {
      const Column& col = b.columns[i];
      if (!adding.count(col.name)) continue;
      std::string clause = "ADD COLUMN " + column_definition(ns, b, col);
      bool appended = std::all_of(b.columns.begin() + i, b.columns.end(),
                                  [&](const Column& next) { return adding.count(next.name) > 0; });
      if (!pg_ && !appended) clause += i == 0 ? " FIRST" : " AFTER " + ident(b.columns[i - 1].name);
      clauses.push_back(clause);
      if (pg_ && col.comment) after.push_back(column_comment(ns, b.name, col));
    }
    for (const auto* c : of_kind(ObjectKind::Column)) {
      if (c->type != ChangeType::Changed || adding.count(c->name)) continue;
      const Column& col_b = *b.column(c->name);
      if (pg_) alter_column(*c, *a.column(c->name), col_b, clauses, after);
      else clauses.push_back("MODIFY " + column_definition(ns, b, col_b));
    }
    if (pk_changed && pk_b)
      clauses.push_back(pg_ ? "ADD CONSTRAINT " + ident(pk_b->name) + " PRIMARY KEY (" + idents(pk_b->columns) + ")"
                            : "ADD PRIMARY KEY (" + idents(pk_b->columns) + ")");
    if (pk_renamed && pk_a->name != pk_b->name) after.push_back(rename_constraint(ns, b.name, pk_a->name, pk_b->name));
    if (!of_kind(ObjectKind::Table).empty()) {  // a table's own Changed entry is its comment
      if (pg_) after.push_back(table_comment(ns, b));
      else clauses.push_back("COMMENT " + literal(b.comment.value_or("")));
    }

    std::vector<std::string> statements;
    if (!clauses.empty())
      statements.push_back("ALTER TABLE " + name(ns, b.name) + " " + join(clauses, pg_ ? ",\n" : ",\n    "));
    statements.insert(statements.end(), after.begin(), after.end());
    if (!statements.empty()) step("AlterTable", std::move(statements));
  }

  // ---- indexes and constraints ----

  std::string index_columns(const Index& i) const {
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

  static std::string mysql_index_kind(const Index& i) {
    if (i.method == "fulltext" || i.method == "spatial") return upper(i.method) + " ";
    return i.unique ? "UNIQUE " : "";
  }

  // An index as CREATE TABLE and ALTER TABLE ... ADD write it on MySQL.
  std::string mysql_index(const Index& i) const {
    return mysql_index_kind(i) + "INDEX " + ident(i.name) + index_columns(i);
  }

  std::string create_index(const std::string& ns, const std::string& t, const Index& i) const {
    if (!pg_) return "CREATE " + mysql_index_kind(i) + "INDEX " + ident(i.name) + " ON " + ident(t) + index_columns(i);
    if (i.is_constraint)
      return "ALTER TABLE " + name(ns, t) + " ADD CONSTRAINT " + ident(i.name) + " UNIQUE " + index_columns(i);
    std::string out = std::string("CREATE ") + (i.unique ? "UNIQUE " : "") + "INDEX " + ident(i.name) + " ON " +
                      name(ns, t);
    out += i.method == "btree" ? index_columns(i) : " USING " + upper(i.method) + " " + index_columns(i);
    if (i.predicate) out += " WHERE " + *i.predicate;
    return out;
  }

  std::string drop_index(const std::string& ns, const std::string& t, const Index& i) const {
    if (!pg_) return "DROP INDEX " + ident(i.name) + " ON " + ident(t);
    return i.is_constraint ? "ALTER TABLE " + name(ns, t) + " DROP CONSTRAINT " + ident(i.name)
                           : "DROP INDEX " + name(ns, i.name);
  }

  void create_indexes() {
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
  std::string add_check(const std::string& ns, const std::string& t, const CheckConstraint& k) const {
    std::string body = pg_ ? k.expression : "CHECK (" + k.expression + ")";
    return "ALTER TABLE " + name(ns, t) + " ADD CONSTRAINT " + ident(k.name) + " " + body;
  }

  std::string add_foreign_key(const std::string& ns, const std::string& t, const ForeignKey& f) const {
    std::string referenced = name(f.referenced_schema.empty() ? ns : f.referenced_schema, f.referenced_table);
    return "ALTER TABLE " + name(ns, t) + " ADD CONSTRAINT " + ident(f.name) + " FOREIGN KEY (" + idents(f.columns) +
           ") REFERENCES " + referenced + "(" + idents(f.referenced_columns) + ") ON DELETE " + f.on_delete +
           " ON UPDATE " + f.on_update + (f.deferrable ? " DEFERRABLE" : "");
  }

  std::string drop_foreign_key(const std::string& ns, const std::string& t, const ForeignKey& f) const {
    return "ALTER TABLE " + name(ns, t) + (pg_ ? " DROP CONSTRAINT " : " DROP FOREIGN KEY ") + ident(f.name);
  }

  // A new table's checks and the new or changed ones, in table order.
  void add_checks() {
    for (const auto& c : diff_.changes) {
      if (c.kind == ObjectKind::Table && c.type == ChangeType::Added)
        for (const auto& k : table(to_, c)->checks) step("AddCheckConstraint", {add_check(c.ns, c.table, k)});
      else if (c.kind == ObjectKind::Check && c.type != ChangeType::Removed)
        step("AddCheckConstraint", {add_check(c.ns, c.table, *find_named(table(to_, c)->checks, c.name))});
    }
  }

  // A new table's foreign keys and the new or changed ones that are not renamed, in table order.
  void add_foreign_keys() {
    for (const auto& c : diff_.changes) {
      if (c.kind == ObjectKind::Table && c.type == ChangeType::Added)
        for (const auto& f : table(to_, c)->foreign_keys) step("AddForeignKey", {add_foreign_key(c.ns, c.table, f)});
      else if (c.kind == ObjectKind::ForeignKey && c.type != ChangeType::Removed && !renamed(c))
        step("AddForeignKey", {add_foreign_key(c.ns, c.table, *table(to_, c)->foreign_key(c.name))});
    }
  }

  // Triggers, views, routines whose definition changes, then the foreign keys, checks and
  // indexes that go or change: before the tables and columns they hang on change.
  void drop_dependents() {
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

  // ---- enums (PostgreSQL) ----

  void enums() {
    for (const auto* c : changes(ObjectKind::Enum, {ChangeType::Added})) {
      const Enum& e = *to_.find_namespace(c->ns)->enum_type(c->name);
      step("CreateEnum", {"CREATE TYPE " + name(c->ns, e.name) + " AS ENUM (" + enum_values(e) + ")"});
    }
    for (const auto* c : changes(ObjectKind::Enum, {ChangeType::Changed})) {
      const Enum& a = *from_.find_namespace(c->ns)->enum_type(c->name);
      const Enum& b = *to_.find_namespace(c->ns)->enum_type(c->name);
      bool in_place = only_added_values(a, b) && !new_value_used(b, a);
      step("AlterEnum", in_place ? add_values(c->ns, a, b) : recreate_enum(c->ns, a, b));
    }
  }

  std::string enum_values(const Enum& e) const {
    std::vector<std::string> values;
    for (const auto& v : e.values) values.push_back(literal(v));
    return join(values, ", ");
  }

  static bool has_value(const Enum& e, const std::string& v) {
    return std::find(e.values.begin(), e.values.end(), v) != e.values.end();
  }

  // Whether TO's values are FROM's, in the same order, with new ones in between.
  static bool only_added_values(const Enum& a, const Enum& b) {
    std::vector<std::string> kept;
    for (const auto& v : b.values)
      if (has_value(a, v)) kept.push_back(v);
    return kept == a.values;
  }

  // A value added by ALTER TYPE cannot be used before the transaction commits ("unsafe use of
  // new value"), and a script usually runs in one: a default that uses one needs the recreated type.
  bool new_value_used(const Enum& b, const Enum& a) const {
    for (const auto& ns : to_.namespaces)
      for (const auto& t : ns.tables)
        for (const auto& col : t.columns)
          if (col.default_value && enum_of_type(to_, ns.name, col.type) == &b)
            for (const auto& v : b.values)
              if (!has_value(a, v) && col.default_value->find(literal(v)) != std::string::npos) return true;
    return false;
  }

  // ALTER TYPE ... ADD VALUE, placed BEFORE the next old value so that TO's order results.
  std::vector<std::string> add_values(const std::string& ns, const Enum& a, const Enum& b) const {
    std::vector<std::string> out;
    for (auto v = b.values.begin(); v != b.values.end(); ++v) {
      if (has_value(a, *v)) continue;
      auto next = std::find_if(v, b.values.end(), [&](const std::string& x) { return has_value(a, x); });
      out.push_back("ALTER TYPE " + name(ns, b.name) + " ADD VALUE " + literal(*v) +
                    (next == b.values.end() ? "" : " BEFORE " + literal(*next)));
    }
    return out;
  }

  // Values cannot be removed or reordered in place: Prisma's pattern builds the new type, moves
  // every column of the old one over through text, then replaces the old type. The columns are
  // those of tables that stay (dropped ones are gone by now); their defaults are cast-bound to
  // the old type, so they are dropped first and put back when TO keeps them unchanged (a
  // changed default is set by AlterTable).
  std::vector<std::string> recreate_enum(const std::string& ns, const Enum& a, const Enum& b) const {
    std::string temporary = name(ns, b.name + "_new");
    std::vector<std::string> drop_defaults, retype, restore;
    for (const auto& n : from_.namespaces)
      for (const auto& t : n.tables) {
        const Table* kept = table(to_, n.name, t.name);
        if (!kept) continue;
        for (const auto& col : t.columns) {
          if (enum_of_type(from_, n.name, col.type) != &a) continue;
          std::string alter = "ALTER TABLE " + name(n.name, t.name) + " ALTER COLUMN " + ident(col.name);
          std::string array = is_array(col.type) ? "[]" : "";
          if (col.default_value) drop_defaults.push_back(alter + " DROP DEFAULT");
          retype.push_back(alter + " TYPE " + temporary + array + " USING (" + ident(col.name) + "::text" + array +
                           "::" + temporary + array + ")");
          const Column* next = kept->column(col.name);
          if (col.default_value && next && next->default_value == col.default_value)
            restore.push_back(alter + " SET DEFAULT " + *col.default_value);
        }
      }
    std::vector<std::string> out{"CREATE TYPE " + temporary + " AS ENUM (" + enum_values(b) + ")"};
    out.insert(out.end(), drop_defaults.begin(), drop_defaults.end());
    out.insert(out.end(), retype.begin(), retype.end());
    out.push_back("DROP TYPE " + name(ns, a.name));
    out.push_back("ALTER TYPE " + temporary + " RENAME TO " + ident(b.name));
    out.insert(out.end(), restore.begin(), restore.end());
    return out;
  }

  // ---- routines, views, triggers ----

  // PostgreSQL prints a function as CREATE OR REPLACE, which changes it in place and keeps what
  // depends on it; anything else is dropped and created again.
  bool replaceable(const Routine& r) const { return pg_ && starts_with_keywords(r.definition, "CREATE OR REPLACE"); }

  std::string drop_routine(const std::string& ns, const Routine& r) const {
    return "DROP " + upper(r.kind) + " " + name(ns, r.name) + (pg_ ? "(" + r.arguments + ")" : "");
  }

  void create_routines() {
    for (const auto* c : changes(ObjectKind::Routine, {ChangeType::Added, ChangeType::Changed}))
      step("CreateRoutine", {statement(routine(to_, *c)->definition)});
  }

  std::string create_view(const std::string& ns, const View& v) const {
    return std::string(v.materialized ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ") + name(ns, v.name) + " AS " +
           statement(v.definition);
  }

  void create_triggers() {
    for (const auto& c : diff_.changes) {
      if (c.kind == ObjectKind::Table && c.type == ChangeType::Added)
        for (const auto& t : table(to_, c)->triggers) step("CreateTrigger", {statement(t.definition)});
      else if (c.kind == ObjectKind::Trigger && c.type != ChangeType::Removed)
        step("CreateTrigger", {statement(find_named(table(to_, c)->triggers, c.name)->definition)});
    }
  }

  // ---- schemas and extensions ----

  void create_namespaces() {
    if (!pg_) return;  // a MySQL namespace is the database the script runs in
    for (const auto* c : changes(ObjectKind::Namespace, {ChangeType::Added}))
      step("CreateSchema", {"CREATE SCHEMA IF NOT EXISTS " + ident(c->name)});
  }

  void extensions_before() {
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
  void drop_unused() {
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

  void step(std::string name, std::vector<std::string> statements) {
    if (!statements.empty()) steps_.push_back({std::move(name), std::move(statements)});
  }

  const SchemaDiff& diff_;
  const Schema& from_;
  const Schema& to_;
  bool pg_;
  std::vector<Rename> index_renames_, foreign_key_renames_;
  std::vector<Step> steps_;
};

}  // namespace

std::string write_migration_script(const SchemaDiff& diff, Provider provider) {
  return ScriptWriter(diff, provider).write();
}

}  // namespace driftgate
