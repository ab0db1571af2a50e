#include "lint/type_change.h"

#include <algorithm>
#include <optional>
#include <string_view>

namespace driftgate {
namespace {

using Storage = TypeChangeStorage;
using Values = TypeChangeValues;

// Built-in names are written with schema pg_catalog (keywords such as VARCHAR) or none (text);
// a user type matches when the schemas agree or one of them is left to the search_path.
bool same_type_name(const TypeRef& a, const TypeRef& b) {
  if (a.name != b.name) return false;
  auto implicit = [](const std::string& s) { return s.empty() || s == "pg_catalog" || s == "public"; };
  return a.schema == b.schema || (implicit(a.schema) && implicit(b.schema));
}

// The first type modifier (a length or precision), or none when unconstrained.
std::optional<long> limit(const TypeRef& t) {
  if (t.modifiers.empty()) return std::nullopt;
  return t.modifiers[0];
}

// True when `to` admits every value of `from` by its first modifier: unconstrained, or not
// lower. `unconstrained_from` is what no modifier on `from` means (6 digits for timestamps).
bool limit_not_lowered(const TypeRef& from, const TypeRef& to, std::optional<long> unconstrained_from) {
  auto t = limit(to);
  if (!t) return true;
  auto f = limit(from) ? limit(from) : unconstrained_from;
  return f && *f <= *t;
}

bool is(const TypeRef& t, std::string_view name) { return t.name == name; }
bool is_unbounded_text(const TypeRef& t) { return is(t, "text") || (is(t, "varchar") && !limit(t)); }

bool is_varlen_text(const TypeRef& t) { return is(t, "varchar") || is(t, "text"); }
bool is_string(const TypeRef& t) { return is_varlen_text(t) || is(t, "bpchar") || is(t, "citext"); }
bool is_float(const TypeRef& t) { return is(t, "float4") || is(t, "float8"); }
long scale(const TypeRef& t) { return t.modifiers.size() > 1 ? t.modifiers[1] : 0L; }

// Digits a numeric(p, s) holds before the decimal point; none when unconstrained.
std::optional<long> digits_before_point(const TypeRef& t) {
  if (!limit(t)) return std::nullopt;
  return *limit(t) - scale(t);
}

// Digits an integer type needs before the decimal point in a numeric(p, s); 0 for non-integers.
int integer_digits(const TypeRef& t) {
  if (is(t, "int2")) return 5;
  if (is(t, "int4")) return 10;
  if (is(t, "int8")) return 19;
  return 0;
}

// --- Storage: what PostgreSQL 15 did to pg_relation_filenode.

// The changes PostgreSQL makes without rewriting the rows; nullopt for a rewrite.
std::optional<Storage> storage_in_place(const TypeRef& from, const TypeRef& to) {
  if (is_varlen_text(from) && is(to, "text")) return Storage::Unchanged;
  // text and varchar without a limit count as unlimited: a new limit checks every value.
  if (is_varlen_text(from) && is(to, "varchar") && limit_not_lowered(from, to, std::nullopt))
    return Storage::Unchanged;
  // citext is binary-compatible with text but compares differently: its indexes are rebuilt.
  if ((is_varlen_text(from) && is(to, "citext")) || (is(from, "citext") && is_unbounded_text(to)))
    return Storage::IndexesRebuilt;
  if (is(from, "numeric") && is(to, "numeric")) {
    if (!limit(to)) return Storage::Unchanged;
    if (limit(from) && scale(to) == scale(from) && *digits_before_point(to) >= *digits_before_point(from))
      return Storage::Unchanged;
    return std::nullopt;
  }
  // Precision raised (or removed) keeps the stored form; lowered, it rounds every value.
  for (const char* t : {"timestamp", "timestamptz", "time", "timetz"})
    if (is(from, t) && is(to, t) && limit_not_lowered(from, to, 6)) return Storage::Unchanged;
  if (is(from, "varbit") && is(to, "varbit") && limit_not_lowered(from, to, std::nullopt))
    return Storage::Unchanged;
  if (is(from, "cidr") && is(to, "inet")) return Storage::Unchanged;
  return std::nullopt;
}

Storage storage_change(const TypeRef& from, const TypeRef& to, bool has_using) {
  if (from.empty() || has_using) return Storage::TableRewritten;
  if ((from.array_dims > 0) != (to.array_dims > 0)) return Storage::TableRewritten;
  if (same_type_name(from, to) && from.modifiers == to.modifiers) return Storage::Unchanged;
  // Arrays convert element by element: any element change rewrites them, a widening too.
  if (from.array_dims > 0) return Storage::TableRewritten;
  // Everything else rewrites, including timestamp <-> timestamptz: that one keeps the rows only
  // when the server's TimeZone is UTC and the target has no precision (Prisma always writes one).
  return storage_in_place(from, to).value_or(Storage::TableRewritten);
}

// --- Values: what the cast (assignment context, as ALTER COLUMN ... TYPE runs it) does.

// The longest string a string type admits; none when unlimited. char without a length is char(1).
std::optional<long> string_limit(const TypeRef& t) {
  if (is(t, "bpchar")) return limit(t).value_or(1);
  if (is(t, "varchar")) return limit(t);
  return std::nullopt;
}

Values string_values(const TypeRef& from, const TypeRef& to) {
  // Every value prints into unlimited text; under a limit a longer one fails ("value too long").
  if (auto room = string_limit(to)) {
    auto longest = is_string(from) ? string_limit(from) : std::nullopt;
    if (!longest || *longest > *room) return Values::MayFail;
  }
  // char(n) pads with blanks that every other string type drops.
  return is(from, "bpchar") && !is(to, "bpchar") ? Values::Reinterpreted : Values::Kept;
}

std::optional<Values> number_values(const TypeRef& from, const TypeRef& to) {
  bool from_int = integer_digits(from) > 0;
  if (from_int && integer_digits(to) > 0)
    return integer_digits(to) >= integer_digits(from) ? Values::Kept : Values::MayFail;
  if (is(to, "numeric")) {
    auto room = digits_before_point(to);
    if (from_int) return !room || *room >= integer_digits(from) ? Values::Kept : Values::MayFail;
    if (is(from, "numeric")) {
      if (!room) return Values::Kept;
      auto had = digits_before_point(from);
      if (!had || *had > *room) return Values::MayFail;  // "numeric field overflow"
      return scale(to) < scale(from) ? Values::Narrowed : Values::Kept;
    }
    // A float converts with 15 significant digits (17 would be exact).
    if (is_float(from)) return room ? Values::MayFail : Values::Narrowed;
    return std::nullopt;
  }
  if (is_float(to)) {
    // float4 holds every integer up to 2^24 exactly, float8 up to 2^53.
    if (from_int) return (is(to, "float8") ? !is(from, "int8") : is(from, "int2")) ? Values::Kept : Values::Narrowed;
    if (is(from, "float4")) return Values::Kept;
    if (is(from, "float8")) return Values::MayFail;  // "value out of range: overflow" in float4
    if (is(from, "numeric")) return Values::Narrowed;
    return std::nullopt;
  }
  // Out of range fails; fractions round.
  if (integer_digits(to) > 0 && (is_float(from) || is(from, "numeric"))) return Values::MayFail;
  return std::nullopt;
}

std::optional<Values> time_values(const TypeRef& from, const TypeRef& to) {
  auto with_date = [](const TypeRef& t) { return is(t, "timestamp") || is(t, "timestamptz"); };
  auto time_of_day = [](const TypeRef& t) { return is(t, "time") || is(t, "timetz"); };
  bool precision_kept = limit_not_lowered(from, to, 6);
  if ((with_date(from) && with_date(to)) || (time_of_day(from) && time_of_day(to))) {
    if (!precision_kept || (is(from, "timetz") && is(to, "time"))) return Values::Narrowed;
    // With or without time zone, a value is read in the session's TimeZone.
    return is(from, to.name) ? Values::Kept : Values::Reinterpreted;
  }
  if (with_date(from) && (is(to, "date") || time_of_day(to))) return Values::Narrowed;
  if (is(from, "date") && with_date(to)) return is(to, "timestamp") ? Values::Kept : Values::Reinterpreted;
  return std::nullopt;
}

Values value_change(const TypeRef& from, const TypeRef& to) {
  if (from.empty()) return Values::Unknown;
  // A list prints as text; a scalar becomes a list (or back) only through USING, and Prisma
  // warns that this step fails.
  if (from.array_dims != to.array_dims)
    return to.array_dims == 0 && is_string(to) && !string_limit(to) ? Values::Kept : Values::MayFail;
  // Arrays convert element by element: judge the elements.
  if (same_type_name(from, to) && from.modifiers == to.modifiers) return Values::Kept;
  if (is_string(to)) return string_values(from, to);
  if (auto v = number_values(from, to)) return *v;
  if (auto v = time_values(from, to)) return *v;
  if ((is(from, "cidr") && is(to, "inet")) || (is(from, "jsonb") && is(to, "json"))) return Values::Kept;
  if (is(from, "varbit") && is(to, "varbit"))
    return limit_not_lowered(from, to, std::nullopt) ? Values::Kept : Values::MayFail;
  // Anything else parses every value anew (text to a number, JSON, uuid or an enum, enum to
  // enum, ...), and one that does not parse fails the statement.
  return Values::MayFail;
}

// --- Automatic casts: pg_cast rows with castcontext 'i' or 'a' in PostgreSQL 15 between the
// types below whose target is no string type (every type converts to those through its text).
constexpr std::string_view kModelled[] = {
    "text", "varchar", "bpchar", "citext", "int2", "int4", "int8", "numeric", "float4", "float8",
    "bool", "timestamp", "timestamptz", "date", "time", "timetz", "interval", "json", "jsonb",
    "uuid", "bytea", "inet", "cidr", "money", "bit", "varbit", "xml"};
constexpr std::pair<std::string_view, std::string_view> kAutomaticCasts[] = {
    {"bit", "varbit"}, {"varbit", "bit"}, {"cidr", "inet"}, {"inet", "cidr"},
    {"date", "timestamp"}, {"date", "timestamptz"}, {"interval", "time"},
    {"json", "jsonb"}, {"jsonb", "json"}, {"money", "numeric"},
    {"float4", "float8"}, {"float4", "int2"}, {"float4", "int4"}, {"float4", "int8"}, {"float4", "numeric"},
    {"float8", "float4"}, {"float8", "int2"}, {"float8", "int4"}, {"float8", "int8"}, {"float8", "numeric"},
    {"int2", "float4"}, {"int2", "float8"}, {"int2", "int4"}, {"int2", "int8"}, {"int2", "numeric"},
    {"int4", "float4"}, {"int4", "float8"}, {"int4", "int2"}, {"int4", "int8"}, {"int4", "money"}, {"int4", "numeric"},
    {"int8", "float4"}, {"int8", "float8"}, {"int8", "int2"}, {"int8", "int4"}, {"int8", "money"}, {"int8", "numeric"},
    {"numeric", "float4"}, {"numeric", "float8"}, {"numeric", "int2"}, {"numeric", "int4"},
    {"numeric", "int8"}, {"numeric", "money"},
    {"time", "interval"}, {"time", "timetz"}, {"timetz", "time"},
    {"timestamp", "date"}, {"timestamp", "time"}, {"timestamp", "timestamptz"},
    {"timestamptz", "date"}, {"timestamptz", "time"}, {"timestamptz", "timestamp"}, {"timestamptz", "timetz"}};

bool is_modelled(const TypeRef& t) { return std::ranges::find(kModelled, t.name) != std::end(kModelled); }

}  // namespace

TypeChangeClass classify_type_change(const TypeRef& from, const TypeRef& to, bool has_using) {
  return {storage_change(from, to, has_using), value_change(from, to)};
}

bool converts_without_using(const TypeRef& from, const TypeRef& to, bool from_enum, bool to_enum) {
  if (from.empty()) return true;
  // A list prints as text; nothing else crosses between scalars and lists.
  if (from.array_dims != to.array_dims) return to.array_dims == 0 && is_string(to);
  // Arrays convert element by element: judge the elements.
  if (same_type_name(from, to) || is_string(to)) return true;
  if (from_enum || to_enum) return false;
  if (!is_modelled(from) || !is_modelled(to)) return true;
  return std::ranges::any_of(kAutomaticCasts, [&](const auto& c) { return is(from, c.first) && is(to, c.second); });
}

namespace {

// The largest value (integers) or length in characters (strings) a MySQL type holds; 0 when it
// is neither kind. TEXT types count their byte limits as characters: a bound, not an exact figure.
// JSON is a kind of its own: text converts to it only when it is valid JSON.
struct MysqlCapacity {
  enum Family { Other, Integer, String, Decimal, Temporal } family = Other;
  double bound = 0;        // integers: the largest value; strings: the length
  bool is_unsigned = false;
  long scale = 0;          // decimal digits after the point, or fractional seconds
};

MysqlCapacity mysql_capacity(const TypeRef& t) {
  std::string base = t.name.substr(0, t.name.find(' '));
  bool is_unsigned = t.name.ends_with(" unsigned");
  auto arg = [&](std::size_t i, long fallback) { return t.modifiers.size() > i ? t.modifiers[i] : fallback; };
  static const std::pair<const char*, double> kIntegers[] = {
      {"tinyint", 127}, {"smallint", 32767}, {"mediumint", 8388607}, {"int", 2147483647}, {"bigint", 9.22e18}};
  for (const auto& [name, max] : kIntegers)
    if (base == name) return {MysqlCapacity::Integer, is_unsigned ? max * 2 + 1 : max, is_unsigned, 0};
  static const std::pair<const char*, double> kTexts[] = {
      {"tinytext", 255}, {"text", 65535}, {"mediumtext", 16777215}, {"longtext", 4294967295.0}};
  for (const auto& [name, max] : kTexts)
    if (base == name) return {MysqlCapacity::String, max, false, 0};
  if (base == "varchar" || base == "char" || base == "varbinary" || base == "binary")
    return {MysqlCapacity::String, static_cast<double>(arg(0, base == "char" || base == "binary" ? 1 : 0)), false, 0};
  if (base == "decimal" || base == "numeric") {
    long precision = arg(0, 10), scale = arg(1, 0);
    return {MysqlCapacity::Decimal, static_cast<double>(precision - scale), false, scale};
  }
  if (base == "datetime" || base == "timestamp" || base == "time") return {MysqlCapacity::Temporal, 0, false, arg(0, 0)};
  return {};
}

}  // namespace

bool is_mysql_enum(const TypeRef& t) { return t.name.starts_with("enum(") || t.name.starts_with("set("); }

std::vector<std::string> mysql_enum_values(const TypeRef& t) {
  std::vector<std::string> out;
  if (!is_mysql_enum(t)) return out;
  for (std::size_t i = t.name.find('\''); i != std::string::npos; i = t.name.find('\'', i)) {
    std::size_t close = t.name.find('\'', i + 1);
    if (close == std::string::npos) break;
    out.push_back(t.name.substr(i + 1, close - i - 1));
    i = close + 1;
  }
  return out;
}

TypeChangeValues classify_mysql_type_change(const TypeRef& from, const TypeRef& to) {
  if (from.empty()) return TypeChangeValues::Unknown;
  if (from == to) return TypeChangeValues::Kept;
  bool from_enum = is_mysql_enum(from), to_enum = is_mysql_enum(to);
  if (from_enum && to_enum) {
    // Values appended keep every row; a value removed fails (strict mode) on the rows holding it.
    std::vector<std::string> before = mysql_enum_values(from), after = mysql_enum_values(to);
    for (const auto& v : before)
      if (std::find(after.begin(), after.end(), v) == after.end()) return TypeChangeValues::MayFail;
    return TypeChangeValues::Kept;
  }
  MysqlCapacity a = mysql_capacity(from), b = mysql_capacity(to);
  if (from_enum && b.family == MysqlCapacity::String) {
    std::size_t longest = 0;
    for (const auto& v : mysql_enum_values(from)) longest = std::max(longest, v.size());
    return static_cast<double>(longest) <= b.bound ? TypeChangeValues::Kept : TypeChangeValues::MayFail;
  }
  if (a.family == MysqlCapacity::Other || a.family != b.family) {
    // An integer printed as a string keeps its value when the string is long enough for it.
    if (a.family == MysqlCapacity::Integer && b.family == MysqlCapacity::String && b.bound >= 20) return TypeChangeValues::Kept;
    return TypeChangeValues::MayFail;
  }
  switch (a.family) {
    case MysqlCapacity::Integer:
      if (a.is_unsigned != b.is_unsigned) return TypeChangeValues::MayFail;  // negatives, or the upper half
      return b.bound >= a.bound ? TypeChangeValues::Kept : TypeChangeValues::MayFail;
    case MysqlCapacity::String:
      return b.bound >= a.bound ? TypeChangeValues::Kept : TypeChangeValues::MayFail;
    case MysqlCapacity::Decimal:
      if (b.bound < a.bound) return TypeChangeValues::MayFail;
      return b.scale >= a.scale ? TypeChangeValues::Kept : TypeChangeValues::Narrowed;
    case MysqlCapacity::Temporal:
      if (from.name != to.name) return TypeChangeValues::MayFail;
      return b.scale >= a.scale ? TypeChangeValues::Kept : TypeChangeValues::Narrowed;
    case MysqlCapacity::Other:
      break;
  }
  return TypeChangeValues::MayFail;
}

}  // namespace driftgate
