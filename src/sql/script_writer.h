#pragma once
// Internal to migration_script: the writer behind write_migration_script(), defined by section in script_*.cpp.
#include <algorithm>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/schema_diff.h"
#include "util/ascii.h"

namespace driftgate::script {

// Whether a Changed column's diff names the field ("type: integer -> bigint"). The differ's
// details, not a comparison of the two columns, decide, so that what it ignores (a serial's
// default, comments when relaxed) is left alone here too.
inline bool changed(const SchemaChange& c, std::string_view field) {
  return std::any_of(c.details.begin(), c.details.end(), [&](const std::string& d) {
    return d.size() > field.size() && d.compare(0, field.size(), field) == 0 && d[field.size()] == ':';
  });
}

inline bool is_array(std::string_view type) { return type.ends_with("[]"); }

struct Step {
  std::string name;
  std::vector<std::string> statements;
};

// A removed object and an added one of the same table that Prisma renames rather than drops and
// creates again (prisma-datamodel-mapping.md §8.1).
struct Rename {
  const SchemaChange* removed;
  const SchemaChange* added;
};

class ScriptWriter {
 public:
  ScriptWriter(const SchemaDiff& diff, Provider provider);

  std::string write();

 private:
  // ---- names, lookups, steps (script_writer.cpp) ----

  std::string ident(std::string_view name) const;
  std::string literal(std::string_view text) const;
  std::string name(const std::string& ns, const std::string& object) const;
  std::string idents(const std::vector<std::string>& names, std::string_view separator = ", ") const;

  std::vector<const SchemaChange*> changes(ObjectKind kind, std::initializer_list<ChangeType> types) const;
  static const Table* table(const Schema& s, const std::string& ns, std::string_view name);
  static const Table* table(const Schema& s, const SchemaChange& c);
  static const Sequence* sequence(const Schema& s, const SchemaChange& c);
  static const Routine* routine(const Schema& s, const SchemaChange& c);
  static std::pair<const Table*, const Column*> owner(const Namespace& ns, const Sequence& s);
  std::string pg_type(const Schema& s, const std::string& table_ns, const std::string& type) const;

  void step(std::string name, std::vector<std::string> statements);

  // ---- renames (script_renames.cpp) ----

  template <class T>
  std::vector<Rename> renames(ObjectKind kind, const T* (Table::*find)(std::string_view) const) const;
  bool renamed(const SchemaChange& c) const;
  std::string rename_constraint(const std::string& ns, const std::string& t, const std::string& old_name,
                                const std::string& new_name) const;
  void rename_foreign_keys();
  void rename_indexes();

  // ---- sequences (script_sequences.cpp) ----

  const char* serial_keyword(const std::string& ns, const Table& t, const Column& c) const;
  bool implicit_sequence(const SchemaChange& c) const;
  std::string create_sequence(const std::string& ns, const Sequence& s) const;
  std::string owned_by(const std::string& ns, const Sequence& s) const;
  void alter_sequences();

  // ---- columns, tables (script_tables.cpp) ----

  static std::string identity(ColumnGeneration g);
  std::string column_definition(const std::string& ns, const Table& t, const Column& c) const;
  bool recreated(const Column& a, const Column& b) const;
  void alter_column(const SchemaChange& c, const Column& a, const Column& b, std::vector<std::string>& clauses,
                    std::vector<std::string>& after) const;
  std::string column_comment(const std::string& ns, const std::string& t, const Column& c) const;
  std::string table_comment(const std::string& ns, const Table& t) const;

  void create_tables();
  void drop_tables();
  void alter_tables();
  void alter_table(const std::string& ns, const Table& a, const Table& b, std::span<const SchemaChange> group);

  // ---- indexes, constraints, the drops before tables change (script_constraints.cpp) ----

  std::string index_columns(const Index& i) const;
  static std::string mysql_index_kind(const Index& i);
  std::string mysql_index(const Index& i) const;
  std::string create_index(const std::string& ns, const std::string& t, const Index& i) const;
  std::string drop_index(const std::string& ns, const std::string& t, const Index& i) const;
  void create_indexes();
  std::string add_check(const std::string& ns, const std::string& t, const CheckConstraint& k) const;
  std::string add_foreign_key(const std::string& ns, const std::string& t, const ForeignKey& f) const;
  std::string drop_foreign_key(const std::string& ns, const std::string& t, const ForeignKey& f) const;
  void add_checks();
  void add_foreign_keys();
  void drop_dependents();

  // ---- enums (script_enums.cpp) ----

  void enums();
  std::string enum_values(const Enum& e) const;
  static bool has_value(const Enum& e, const std::string& v);
  static bool only_added_values(const Enum& a, const Enum& b);
  bool new_value_used(const Enum& b, const Enum& a) const;
  std::vector<std::string> add_values(const std::string& ns, const Enum& a, const Enum& b) const;
  std::vector<std::string> recreate_enum(const std::string& ns, const Enum& a, const Enum& b) const;

  // ---- routines, views, triggers, schemas, extensions (script_objects.cpp) ----

  bool replaceable(const Routine& r) const;
  std::string drop_routine(const std::string& ns, const Routine& r) const;
  void create_routines();
  std::string create_view(const std::string& ns, const View& v) const;
  void create_triggers();
  void create_namespaces();
  void extensions_before();
  void drop_unused();

  const SchemaDiff& diff_;
  const Schema& from_;
  const Schema& to_;
  bool pg_;
  std::vector<Rename> index_renames_, foreign_key_renames_;
  std::vector<Step> steps_;
};

}  // namespace driftgate::script
