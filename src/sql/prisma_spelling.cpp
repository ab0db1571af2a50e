#include "sql/prisma_spelling.h"

#include <array>
#include <cctype>
#include <utility>

namespace driftgate {
namespace {

// format_type's names of the built-in types Prisma maps, and Prisma's; `(n)` modifiers follow
// the name in both, except for the time types, whose modifier format_type puts before the zone.
constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kSpellings{{
    {"integer", "INTEGER"}, {"bigint", "BIGINT"}, {"smallint", "SMALLINT"}, {"text", "TEXT"},
    {"boolean", "BOOLEAN"}, {"real", "REAL"}, {"double precision", "DOUBLE PRECISION"},
    {"numeric", "DECIMAL"}, {"character varying", "VARCHAR"}, {"character", "CHAR"},
    {"bit varying", "VARBIT"}, {"bit", "BIT"}, {"date", "DATE"}, {"uuid", "UUID"}, {"jsonb", "JSONB"},
    {"json", "JSON"}, {"bytea", "BYTEA"}, {"xml", "XML"}, {"inet", "INET"}, {"money", "MONEY"},
    {"oid", "OID"}, {"citext", "CITEXT"},
}};

// " without time zone" drops, " with time zone" becomes TZ.
constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kTimeSpellings{{
    {"timestamp", "TIMESTAMP"}, {"time", "TIME"},
}};

// "timestamp(3) with time zone" -> "TIMESTAMPTZ(3)"; empty when `type` is no time type.
std::string time_spelling(std::string_view type) {
  for (const auto& [name, spelling] : kTimeSpellings) {
    if (!type.starts_with(name)) continue;
    std::string_view rest = type.substr(name.size());
    std::string modifier;
    if (rest.starts_with("(")) {
      auto close = rest.find(')');
      if (close == std::string_view::npos) return "";
      modifier = std::string(rest.substr(0, close + 1));
      rest.remove_prefix(close + 1);
    }
    if (rest == " without time zone") return std::string(spelling) + modifier;
    if (rest == " with time zone") return std::string(spelling) + "TZ" + modifier;
  }
  return "";
}

}  // namespace

std::string prisma_type_spelling(std::string_view type) {
  std::string_view base = type;
  std::string brackets;
  while (base.ends_with("[]")) {
    base.remove_suffix(2);
    brackets += "[]";
  }
  if (std::string time = time_spelling(base); !time.empty()) return time + brackets;
  for (const auto& [name, spelling] : kSpellings) {
    if (!base.starts_with(name)) continue;
    std::string_view modifier = base.substr(name.size());
    if (modifier.empty() || (modifier.starts_with("(") && modifier.ends_with(")")))
      return std::string(spelling) + std::string(modifier) + brackets;
  }
  return std::string(type);
}

std::string without_literal_cast(std::string_view expression) {
  if (!expression.starts_with("'")) return std::string(expression);
  std::size_t i = 1;
  while (i < expression.size()) {  // to the closing quote; '' is a quote inside the literal
    if (expression[i] == '\'' && i + 1 < expression.size() && expression[i + 1] == '\'') i += 2;
    else if (expression[i] == '\'') break;
    else ++i;
  }
  if (i >= expression.size()) return std::string(expression);
  std::string_view literal = expression.substr(0, i + 1), rest = expression.substr(i + 1);
  if (!rest.starts_with("::")) return std::string(expression);
  // One cast to a type name: no operator, literal or second cast may follow.
  for (char c : rest.substr(2))
    if (!(std::isalnum(static_cast<unsigned char>(c)) || std::string_view(" _.\"()[],").find(c) != std::string_view::npos))
      return std::string(expression);
  if (rest.substr(2).find("::") != std::string_view::npos) return std::string(expression);
  return std::string(literal);
}

}  // namespace driftgate
