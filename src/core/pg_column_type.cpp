#include "core/pg_column_type.h"

#include <vector>

namespace driftgate {

const Enum* enum_of_type(const Schema& s, const std::string& table_ns, std::string_view type) {
  if (type.ends_with("[]")) type.remove_suffix(2);
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (std::size_t i = 0; i < type.size(); ++i) {
    char c = type[i];
    if (c == '"' && quoted && i + 1 < type.size() && type[i + 1] == '"') parts.back() += c, ++i;
    else if (c == '"') quoted = !quoted;
    else if (c == '.' && !quoted) parts.emplace_back();
    else parts.back() += c;
  }
  if (parts.size() == 2) {
    const Namespace* n = s.find_namespace(parts[0]);
    return n ? n->enum_type(parts[1]) : nullptr;
  }
  for (const std::string& ns : {table_ns, std::string("public")})
    if (const Namespace* n = s.find_namespace(ns); n && n->enum_type(parts[0])) return n->enum_type(parts[0]);
  return nullptr;
}

}  // namespace driftgate
