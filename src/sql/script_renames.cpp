// ScriptWriter: the indexes and foreign keys Prisma renames instead of dropping and creating them again.
#include "sql/script_writer.h"

namespace driftgate::script {
namespace {

// Whether two indexes (or foreign keys) are the same but for their name: the whole model
// object, so that anything the differ may relax under its options still tells them apart.
template <class T>
bool same_but_name(const T& a, T b) {
  b.name = a.name;
  return a == b;
}

}  // namespace

// The removed and added `kind` objects of one table (looked up with `find`) that are the same
// but for their name, each pair only when neither side has another candidate: with two, which
// one was renamed is a guess, and Prisma makes none either.
template <class T>
std::vector<Rename> ScriptWriter::renames(ObjectKind kind, const T* (Table::*find)(std::string_view) const) const {
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
bool ScriptWriter::renamed(const SchemaChange& c) const {
  auto in = [&](const std::vector<Rename>& renames) {
    return std::any_of(renames.begin(), renames.end(),
                       [&](const Rename& r) { return r.removed == &c || r.added == &c; });
  };
  return in(index_renames_) || in(foreign_key_renames_);
}

std::string ScriptWriter::rename_constraint(const std::string& ns, const std::string& t, const std::string& old_name,
                                            const std::string& new_name) const {
  return "ALTER TABLE " + name(ns, t) + " RENAME CONSTRAINT " + ident(old_name) + " TO " + ident(new_name);
}

void ScriptWriter::rename_foreign_keys() {
  for (const auto& r : foreign_key_renames_)
    step("RenameForeignKey", {rename_constraint(r.added->ns, r.added->table, r.removed->name, r.added->name)});
}

// A PostgreSQL UNIQUE constraint is renamed as a constraint, which renames its index with it.
void ScriptWriter::rename_indexes() {
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

// The two the constructor (script_writer.cpp) asks for, instantiated where the template is defined.
template std::vector<Rename> ScriptWriter::renames(ObjectKind, const Index* (Table::*)(std::string_view) const) const;
template std::vector<Rename> ScriptWriter::renames(ObjectKind,
                                                   const ForeignKey* (Table::*)(std::string_view) const) const;

}  // namespace driftgate::script
