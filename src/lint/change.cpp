#include "lint/change.h"

namespace driftgate {
namespace {

std::string quote_if_needed(const std::string& name) {
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return '"' + name + '"';
  return name;
}

}  // namespace

std::string QualifiedName::key() const { return (schema.empty() ? "public" : schema) + "." + name; }

std::string QualifiedName::display() const {
  if (schema.empty() || schema == "public") return name;
  return quote_if_needed(schema) + "." + name;
}

std::string TypeRef::display() const {
  static const std::pair<const char*, const char*> kNames[] = {
      {"int4", "integer"}, {"int8", "bigint"}, {"int2", "smallint"}, {"bool", "boolean"},
      {"float8", "double precision"}, {"float4", "real"}, {"bpchar", "char"},
      {"timestamptz", "timestamptz"}, {"varchar", "varchar"}};
  std::string out = name;
  for (const auto& [internal, sql] : kNames)
    if (name == internal) out = sql;
  if (!modifiers.empty()) {
    out += '(';
    for (std::size_t i = 0; i < modifiers.size(); ++i) out += (i ? "," : "") + std::to_string(modifiers[i]);
    out += ')';
  }
  for (int i = 0; i < array_dims; ++i) out += "[]";
  return out;
}

}  // namespace driftgate
