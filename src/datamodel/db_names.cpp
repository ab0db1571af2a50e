#include "datamodel/db_names.h"

#include <set>

namespace driftgate::psl {

const std::string* string_argument(const Attribute* a, std::string_view name) {
  if (!a) return nullptr;
  const Expression* e = name.empty() ? a->positional(0) : a->named(name);
  if (!e && name.empty()) e = a->named("name");
  return e && e->is(Expression::Kind::String) ? &e->value : nullptr;
}

std::string db_name(const Block& b) {
  const std::string* m = string_argument(b.attribute("map"));
  return m ? *m : b.name;
}

std::string db_name(const Field& f) {
  const std::string* m = string_argument(f.attribute("map"));
  return m ? *m : f.name;
}

std::string db_name(const EnumValue& v) {
  const std::string* m = string_argument(v.attribute("map"));
  return m ? *m : v.name;
}

const std::string* schema_attribute(const Block& b) { return string_argument(b.attribute("schema")); }

std::string relation_name(const Field& f) {
  const Attribute* rel = f.attribute("relation");
  const std::string* name = rel ? string_argument(rel) : nullptr;
  return name ? *name : "";
}

std::vector<ImplicitManyToMany> implicit_many_to_many(const std::map<std::string, const Block*>& models) {
  std::vector<ImplicitManyToMany> out;
  std::set<std::string> done;
  for (const auto& [name, model] : models) {
    for (const auto& f : model->fields) {
      if (!f.list || !models.contains(f.type)) continue;
      const Attribute* rel = f.attribute("relation");
      if (rel && rel->named("fields")) continue;
      const Block& other = *models.at(f.type);
      std::string relation = relation_name(f);
      const Field* back = nullptr;
      for (const auto& g : other.fields)
        if (&g != &f && g.list && g.type == model->name && relation_name(g) == relation) back = &g;
      if (!back) continue;  // a 1:n relation's list side
      const Block& a = model->name <= other.name ? *model : other;
      const Block& b = model->name <= other.name ? other : *model;
      if (relation.empty()) relation = a.name + "To" + b.name;
      if (!done.insert(relation).second) continue;
      out.push_back({relation, &a, &b, &f});
    }
  }
  return out;
}

}  // namespace driftgate::psl
