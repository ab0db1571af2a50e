#include "core/schema.h"

#include <algorithm>

#include "util/find_named.h"

namespace driftgate {
namespace {

template <class T>
void sort_by_name(std::vector<T>& items) {
  std::sort(items.begin(), items.end(), [](const T& a, const T& b) { return a.name < b.name; });
}

}  // namespace

const char* to_string(Provider provider) {
  return provider == Provider::MySQL ? "mysql" : "postgresql";
}

std::optional<Provider> parse_provider(std::string_view name) {
  if (name == "postgresql" || name == "postgres") return Provider::PostgreSQL;
  if (name == "mysql" || name == "mariadb") return Provider::MySQL;
  return std::nullopt;
}

const Column* Table::column(std::string_view n) const { return find_named(columns, n); }
const Index* Table::index(std::string_view n) const { return find_named(indexes, n); }
const ForeignKey* Table::foreign_key(std::string_view n) const { return find_named(foreign_keys, n); }
const Table* Namespace::table(std::string_view n) const { return find_named(tables, n); }
const Enum* Namespace::enum_type(std::string_view n) const { return find_named(enums, n); }
const Namespace* Schema::find_namespace(std::string_view n) const { return find_named(namespaces, n); }

Namespace& Schema::namespace_named(const std::string& name) {
  auto it = std::find_if(namespaces.begin(), namespaces.end(), [&](const Namespace& ns) { return ns.name == name; });
  if (it != namespaces.end()) return *it;
  namespaces.push_back({name, {}, {}, {}, {}, {}});
  return namespaces.back();
}

void Schema::normalise() {
  sort_by_name(namespaces);
  sort_by_name(extensions);
  for (auto& ns : namespaces) {
    sort_by_name(ns.tables);
    sort_by_name(ns.enums);
    sort_by_name(ns.sequences);
    sort_by_name(ns.views);
    std::sort(ns.routines.begin(), ns.routines.end(),
              [](const Routine& a, const Routine& b) { return a.signature() < b.signature(); });
    for (auto& t : ns.tables) {
      sort_by_name(t.indexes);
      sort_by_name(t.foreign_keys);
      sort_by_name(t.checks);
      sort_by_name(t.triggers);
    }
  }
}

}  // namespace driftgate
