#include "datamodel/index_arguments.h"

#include <array>
#include <set>
#include <string_view>
#include <utility>

#include "core/error.h"
#include "util/ascii.h"

namespace driftgate::psl {
namespace {

// Prisma's operator class names are a type prefix and a kind suffix, which PostgreSQL's names
// join with an underscore, the prefix in lower case: TimestampTzMinMaxMultiOps ->
// timestamptz_minmax_multi_ops. Each kind, with the prefixes Prisma has for it.
struct OperatorClassKind {
  std::string_view prisma_suffix;
  std::string_view pg_suffix;
  std::set<std::string_view> prefixes;
};

const std::array<OperatorClassKind, 6>& operator_class_kinds() {
  static const std::array<OperatorClassKind, 6> kinds{{
      {"MinMaxMultiOps", "_minmax_multi_ops",
       {"Date", "Float4", "Float8", "Inet", "Int2", "Int4", "Int8", "Numeric", "Oid", "Timestamp", "TimestampTz",
        "Time", "TimeTz", "Uuid"}},
      {"MinMaxOps", "_minmax_ops",
       {"Bit", "VarBit", "Bpchar", "Bytea", "Date", "Float4", "Float8", "Inet", "Int2", "Int4", "Int8", "Numeric",
        "Oid", "Text", "Timestamp", "TimestampTz", "Time", "TimeTz", "Uuid"}},
      {"BloomOps", "_bloom_ops",
       {"Bpchar", "Bytea", "Date", "Float4", "Float8", "Inet", "Int2", "Int4", "Int8", "Numeric", "Oid", "Text",
        "Timestamp", "TimestampTz", "Time", "TimeTz", "Uuid"}},
      {"InclusionOps", "_inclusion_ops", {"Inet"}},
      {"PathOps", "_path_ops", {"Jsonb"}},
      {"Ops", "_ops", {"Inet", "Jsonb", "Array", "Text"}},
  }};
  return kinds;
}

// PostgreSQL 15's default classes (pg_opclass.opcdefault) among Prisma's, by access method.
bool default_class(const std::string& method, const std::string& name) {
  if (method == "gin") return name == "array_ops" || name == "jsonb_ops";
  if (method == "spgist") return name == "inet_ops" || name == "text_ops";
  if (method == "brin")  // the minmax class of each type, but inet's default is inclusion
    return name == "inet_inclusion_ops" || (name.ends_with("_minmax_ops") && name != "inet_minmax_ops");
  return false;  // GiST's inet_ops is not inet's default class
}

}  // namespace

std::string index_method(const Expression& type) {
  static const std::array<std::pair<std::string_view, std::string_view>, 6> methods{{
      {"BTree", "btree"}, {"Hash", "hash"}, {"Gist", "gist"}, {"Gin", "gin"}, {"SpGist", "spgist"}, {"Brin", "brin"}}};
  for (const auto& [prisma, pg] : methods)
    if (type.value == prisma) return std::string(pg);
  throw Error(type.location, "unknown index type " + type.value + " (BTree, Hash, Gist, Gin, SpGist or Brin)");
}

std::optional<std::string> operator_class(const Expression& ops, const std::string& method) {
  if (ops.is(Expression::Kind::Function) && ops.value == "raw" && ops.positional(0)) return ops.positional(0)->value;
  for (const auto& kind : operator_class_kinds()) {
    std::string_view name = ops.value;
    if (!name.ends_with(kind.prisma_suffix)) continue;
    std::string_view prefix = name.substr(0, name.size() - kind.prisma_suffix.size());
    if (!kind.prefixes.contains(prefix)) break;
    std::string pg = ascii_lower(prefix) + std::string(kind.pg_suffix);
    if (default_class(method, pg)) return std::nullopt;
    return pg;
  }
  throw Error(ops.location, "unknown operator class " + ops.value);
}

}  // namespace driftgate::psl
