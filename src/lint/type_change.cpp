#include "lint/type_change.h"

#include <optional>
#include <string_view>

namespace driftgate {
namespace {

using Storage = TypeChangeStorage;
using Values = TypeChangeValues;

constexpr TypeChangeClass kUnchanged{Storage::Unchanged, Values::Kept};
constexpr TypeChangeClass kRewriteKept{Storage::TableRewritten, Values::Kept};
constexpr TypeChangeClass kRewrite{Storage::TableRewritten, Values::MayChange};

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

std::optional<TypeChangeClass> character_change(const TypeRef& from, const TypeRef& to) {
  bool from_varlen = is(from, "varchar") || is(from, "text");
  if (from_varlen && is(to, "text")) return kUnchanged;
  // text and varchar without a limit count as unlimited: a new limit checks every value.
  if (from_varlen && is(to, "varchar"))
    return limit_not_lowered(from, to, std::nullopt) ? kUnchanged : kRewrite;
  // citext is binary-compatible with text but compares differently: its indexes are rebuilt.
  if ((from_varlen && is(to, "citext")) || (is(from, "citext") && is_unbounded_text(to)))
    return TypeChangeClass{Storage::IndexesRebuilt, Values::Kept};
  return std::nullopt;
}

// Digits an integer type needs before the decimal point in a numeric(p, s).
int integer_digits(const TypeRef& t) {
  if (is(t, "int2")) return 5;
  if (is(t, "int4")) return 10;
  if (is(t, "int8")) return 19;
  return 0;
}

std::optional<TypeChangeClass> numeric_change(const TypeRef& from, const TypeRef& to) {
  auto scale = [](const TypeRef& t) { return t.modifiers.size() > 1 ? t.modifiers[1] : 0L; };
  if (is(to, "numeric") && is(from, "numeric")) {
    if (!limit(to)) return kUnchanged;
    if (!limit(from)) return kRewrite;
    long int_digits_from = *limit(from) - scale(from), int_digits_to = *limit(to) - scale(to);
    if (scale(to) == scale(from) && int_digits_to >= int_digits_from) return kUnchanged;
    return scale(to) >= scale(from) && int_digits_to >= int_digits_from ? kRewriteKept : kRewrite;
  }
  if (integer_digits(from) > 0) {
    if (is(to, "numeric"))
      return !limit(to) || *limit(to) - scale(to) >= integer_digits(from) ? kRewriteKept : kRewrite;
    if (integer_digits(to) > 0) return integer_digits(to) >= integer_digits(from) ? kRewriteKept : kRewrite;
    // float8 holds every int2 and int4 exactly (53-bit mantissa), not every int8.
    if (is(to, "float8")) return is(from, "int8") ? kRewrite : kRewriteKept;
  }
  if (is(from, "float4") && is(to, "float8")) return kRewriteKept;
  return std::nullopt;
}

std::optional<TypeChangeClass> same_family_change(const TypeRef& from, const TypeRef& to) {
  if (auto c = character_change(from, to)) return c;
  if (auto c = numeric_change(from, to)) return c;
  // Precision raised (or removed) keeps the stored form; lowered, it rounds every value.
  for (const char* t : {"timestamp", "timestamptz", "time", "timetz"})
    if (is(from, t) && is(to, t)) return limit_not_lowered(from, to, 6) ? kUnchanged : kRewrite;
  if (is(from, "varbit") && is(to, "varbit"))
    return limit_not_lowered(from, to, std::nullopt) ? kUnchanged : kRewrite;
  if (is(from, "cidr") && is(to, "inet")) return kUnchanged;
  return std::nullopt;
}

}  // namespace

TypeChangeClass classify_type_change(const TypeRef& from, const TypeRef& to, bool has_using) {
  if (from.empty() || has_using) return kRewrite;
  if ((from.array_dims > 0) != (to.array_dims > 0)) return kRewrite;
  if (same_type_name(from, to) && from.modifiers == to.modifiers) return kUnchanged;
  // Everything else rewrites, including timestamp <-> timestamptz: that one keeps the rows only
  // when the server's TimeZone is UTC and the target has no precision (Prisma always writes one).
  TypeChangeClass c = same_family_change(from, to).value_or(kRewrite);
  // Arrays convert element by element: any element change rewrites them, a widening too.
  if (from.array_dims > 0) c.storage = Storage::TableRewritten;
  return c;
}

}  // namespace driftgate
