#include "datamodel/native_types.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "core/error.h"
#include "util/ascii.h"

namespace driftgate::psl {
namespace {

// The n-th positional argument of a native type attribute, as written ("255"), or "".
std::string arg(const Attribute* a, std::size_t n) {
  const Expression* e = a ? a->positional(n) : nullptr;
  return e ? e->value : "";
}

// "(p)" / "(p,s)" when given, as format_type and COLUMN_TYPE print modifiers.
std::string modifiers(const Attribute* a) {
  std::string p = arg(a, 0), s = arg(a, 1);
  if (p.empty()) return "";
  return "(" + p + (s.empty() ? "" : "," + s) + ")";
}

std::string postgres_default(std::string_view scalar) {
  if (scalar == "String") return "text";
  if (scalar == "Int") return "integer";
  if (scalar == "BigInt") return "bigint";
  if (scalar == "Float") return "double precision";
  if (scalar == "Decimal") return "numeric(65,30)";
  if (scalar == "Boolean") return "boolean";
  if (scalar == "DateTime") return "timestamp(3) without time zone";
  if (scalar == "Json") return "jsonb";
  if (scalar == "Bytes") return "bytea";
  return "";
}

std::string postgres_native(std::string_view name, const Attribute* a) {
  std::string m = modifiers(a);
  if (name == "SmallInt") return "smallint";
  if (name == "Integer") return "integer";
  if (name == "BigInt") return "bigint";
  if (name == "Oid") return "oid";
  if (name == "Decimal") return "numeric" + m;
  if (name == "Money") return "money";
  if (name == "Real") return "real";
  if (name == "DoublePrecision") return "double precision";
  if (name == "VarChar") return "character varying" + m;
  // CHAR and BIT without a length are char(1) and bit(1) in the database, but Prisma compares the
  // bare type and reports drift every time (§8.3): the bare spelling reproduces that verdict.
  if (name == "Char") return "character" + m;
  if (name == "Text") return "text";
  if (name == "Citext") return "citext";
  if (name == "Uuid") return "uuid";
  if (name == "Xml") return "xml";
  if (name == "Inet") return "inet";
  if (name == "Bit") return "bit" + m;
  if (name == "VarBit") return "bit varying" + m;
  if (name == "ByteA") return "bytea";
  if (name == "Timestamp") return "timestamp" + m + " without time zone";
  if (name == "Timestamptz") return "timestamp" + m + " with time zone";
  if (name == "Date") return "date";
  if (name == "Time") return "time" + m + " without time zone";
  if (name == "Timetz") return "time" + m + " with time zone";
  if (name == "Boolean") return "boolean";
  if (name == "Json") return "json";
  if (name == "JsonB") return "jsonb";
  return "";
}

std::string mysql_default(std::string_view scalar) {
  if (scalar == "String") return "varchar(191)";
  if (scalar == "Int") return "int";
  if (scalar == "BigInt") return "bigint";
  if (scalar == "Float") return "double";
  if (scalar == "Decimal") return "decimal(65,30)";
  if (scalar == "Boolean") return "tinyint(1)";
  if (scalar == "DateTime") return "datetime(3)";
  if (scalar == "Json") return "json";
  if (scalar == "Bytes") return "longblob";
  return "";
}

std::string mysql_native(std::string_view name, const Attribute* a, std::string_view scalar) {
  std::string m = modifiers(a);
  static const std::array<std::pair<std::string_view, std::string_view>, 5> integers = {{
      {"Int", "int"}, {"SmallInt", "smallint"}, {"TinyInt", "tinyint"}, {"MediumInt", "mediumint"}, {"BigInt", "bigint"}}};
  for (const auto& [psl, sql] : integers) {
    if (name == psl) return scalar == "Boolean" && psl == "TinyInt" ? "tinyint(1)" : std::string(sql);
    if (name == "Unsigned" + std::string(psl)) return std::string(sql) + " unsigned";
  }
  if (name == "Decimal") return m.empty() ? "decimal(10,0)" : "decimal" + m;
  if (name == "Float") return "float";
  if (name == "Double") return "double";
  if (name == "Bit") return "bit" + m;
  if (name == "Char") return "char" + m;
  if (name == "VarChar") return "varchar" + m;
  if (name == "Binary") return "binary" + m;
  if (name == "VarBinary") return "varbinary" + m;
  for (std::string_view t : {"TinyText", "Text", "MediumText", "LongText", "TinyBlob", "Blob", "MediumBlob", "LongBlob",
                             "Date", "Year", "Json"})
    if (name == t) return ascii_lower(t);
  // Fractional seconds 0 are the default, and the server prints the type without them.
  std::string fsp = m == "(0)" ? "" : m;
  if (name == "Time") return "time" + fsp;
  if (name == "DateTime") return "datetime" + fsp;
  if (name == "Timestamp") return "timestamp" + fsp;
  return "";
}

}  // namespace

const Attribute* native_type_attribute(const Field& field, std::string_view datasource) {
  std::string prefix = std::string(datasource) + ".";
  for (const auto& a : field.attributes)
    if (a.name.starts_with(prefix)) return &a;
  return nullptr;
}

std::string scalar_column_type(const Field& field, std::string_view datasource, Provider provider) {
  const Attribute* native = native_type_attribute(field, datasource);
  bool pg = provider == Provider::PostgreSQL;
  if (!native) {
    std::string t = pg ? postgres_default(field.type) : mysql_default(field.type);
    if (t.empty()) throw Error(field.type_location, "unknown type " + field.type);
    return t;
  }
  std::string name = native->name.substr(datasource.size() + 1);
  std::string t = pg ? postgres_native(name, native) : mysql_native(name, native, field.type);
  if (t.empty())
    throw Error(native->location, "native type " + name + " is not a " + to_string(provider) + " type");
  return t;
}

std::string quote_pg_ident(const std::string& name) {
  // PostgreSQL's keywords that quote_ident() quotes (reserved, type and column-name keywords).
  static const std::set<std::string_view> keywords = {
      "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "between",
      "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check", "coalesce",
      "collate", "collation", "column", "concurrently", "constraint", "create", "cross", "current_catalog",
      "current_date", "current_role", "current_schema", "current_time", "current_timestamp", "current_user", "dec",
      "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists", "extract",
      "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike",
      "in", "initially", "inner", "int", "integer", "intersect", "interval", "into", "is", "isnull", "join",
      "lateral", "leading", "left", "like", "limit", "localtime", "localtimestamp", "natural", "nchar", "not",
      "notnull", "null", "numeric", "offset", "on", "only", "or", "order", "outer", "overlaps", "placing",
      "primary", "real", "references", "returning", "right", "row", "select", "session_user", "setof", "similar",
      "smallint", "some", "substring", "symmetric", "table", "tablesample", "then", "time", "timestamp", "to",
      "trailing", "treat", "trim", "true", "union", "unique", "user", "using", "values", "varchar", "variadic",
      "verbose", "when", "where", "window", "with"};
  bool plain = !name.empty() && (std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_') &&
               std::all_of(name.begin(), name.end(), [](unsigned char c) {
                 return std::islower(c) || std::isdigit(c) || c == '_';
               });
  if (plain && !keywords.contains(name)) return name;
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace driftgate::psl
