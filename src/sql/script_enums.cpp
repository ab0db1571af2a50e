// ScriptWriter: PostgreSQL enums, created, extended in place or recreated.
#include "core/pg_column_type.h"
#include "sql/script_writer.h"
#include "util/join.h"

namespace driftgate::script {

void ScriptWriter::enums() {
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

std::string ScriptWriter::enum_values(const Enum& e) const {
  std::vector<std::string> values;
  for (const auto& v : e.values) values.push_back(literal(v));
  return join(values, ", ");
}

bool ScriptWriter::has_value(const Enum& e, const std::string& v) {
  return std::find(e.values.begin(), e.values.end(), v) != e.values.end();
}

// Whether TO's values are FROM's, in the same order, with new ones in between.
bool ScriptWriter::only_added_values(const Enum& a, const Enum& b) {
  std::vector<std::string> kept;
  for (const auto& v : b.values)
    if (has_value(a, v)) kept.push_back(v);
  return kept == a.values;
}

// A value added by ALTER TYPE cannot be used before the transaction commits ("unsafe use of
// new value"), and a script usually runs in one: a default that uses one needs the recreated type.
bool ScriptWriter::new_value_used(const Enum& b, const Enum& a) const {
  for (const auto& ns : to_.namespaces)
    for (const auto& t : ns.tables)
      for (const auto& col : t.columns)
        if (col.default_value && enum_of_type(to_, ns.name, col.type) == &b)
          for (const auto& v : b.values)
            if (!has_value(a, v) && col.default_value->find(literal(v)) != std::string::npos) return true;
  return false;
}

// ALTER TYPE ... ADD VALUE, placed BEFORE the next old value so that TO's order results.
std::vector<std::string> ScriptWriter::add_values(const std::string& ns, const Enum& a, const Enum& b) const {
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
std::vector<std::string> ScriptWriter::recreate_enum(const std::string& ns, const Enum& a, const Enum& b) const {
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

}  // namespace driftgate::script
