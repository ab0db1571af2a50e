#include "core/schema_diff_prisma.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "util/ascii.h"
#include "util/join.h"

namespace driftgate::prisma {
namespace {

constexpr std::size_t kNameLimit = 63;  // PostgreSQL's NAMEDATALEN - 1 bytes

// A cast as pg_get_expr prints it: "::text", "::character varying(20)", "::\"Role\"[]",
// "::timestamp(3) without time zone".
constexpr const char* kCast =
    R"(::\s*("[^"]*"|[a-z_][a-z0-9_]*)( varying| precision)?(\(\d+(,\s*\d+)?\))?( with(out)? time zone)?(\[\])*)";

// The length of the string literal starting at text[i] (a quote), with its doubled quotes.
std::size_t literal_length(const std::string& text, std::size_t i) {
  std::size_t j = i + 1;
  for (; j < text.size(); ++j) {
    if (text[j] != '\'') continue;
    if (j + 1 == text.size() || text[j + 1] != '\'') break;
    ++j;  // a doubled quote
  }
  return std::min(j + 1, text.size()) - i;
}

// An expression with what PostgreSQL changes when it stores and re-prints a default taken out:
// casts, parentheses, whitespace and the case of everything outside string literals.
std::string reprint_key(const std::string& text) {
  static const std::regex cast_pattern(kCast, std::regex::icase);
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    std::smatch cast;
    if (text[i] == '\'') {
      std::size_t n = literal_length(text, i);
      out += text.substr(i, n);
      i += n;
    } else if (text.compare(i, 2, "::") == 0 && std::regex_search(text.begin() + i, text.end(), cast, cast_pattern,
                                                                   std::regex_constants::match_continuous)) {
      i += cast.length();
    } else {
      unsigned char c = text[i++];
      if (!std::isspace(c) && c != '(' && c != ')') out += ascii_lower(std::string(1, c));
    }
  }
  return out;
}

// The default with its trailing casts removed, in lower case: "'a'::text" -> "'a'".
std::string without_casts(const std::string& text) {
  static const std::regex trailing("(" + std::string(kCast) + ")+$", std::regex::icase);
  return ascii_lower(std::regex_replace(text, trailing, ""));
}

// The content of a string literal ('...' or E'...'), or nullopt.
std::optional<std::string> literal_content(const std::string& s) {
  std::size_t start = s.starts_with("e'") ? 1 : 0;
  if (s.size() < start + 2 || s[start] != '\'' || literal_length(s, start) != s.size() - start) return std::nullopt;
  return s.substr(start + 1, s.size() - start - 2);
}

bool one_of(const std::string& s, std::initializer_list<std::string_view> values) {
  return std::find(values.begin(), values.end(), s) != values.end();
}

// Whether Prisma's PostgreSQL describer reads a default of a column of this type as a value (a
// literal, now(), a sequence) rather than as a dbgenerated expression: the parsers it picks by the
// type's family (sql-schema-describer postgres/default.rs), in outline.
bool read_as_value(const std::string& text, const std::string& type) {
  static const std::regex integer(R"(-?\d+)"), number(R"(\(?-?\d+(\.\d+)?\)?)");
  std::string s = without_casts(text);
  auto content = literal_content(s);
  if (type.ends_with("[]")) return s.starts_with("array[") || s.starts_with("'{");
  if (type.starts_with("timestamp") || type.starts_with("time") || type == "date")
    return one_of(s, {"now", "now()", "current_timestamp", "current_timestamp()"});
  if (one_of(type, {"text", "citext", "xml", "inet", "json", "jsonb"}) || type.starts_with("character") ||
      type.starts_with("bit"))
    return content.has_value();
  if (one_of(type, {"integer", "bigint", "smallint", "oid"}))
    return std::regex_match(s, integer) || (content && std::regex_match(*content, integer)) ||
           s.starts_with("nextval(");
  if (one_of(type, {"double precision", "real", "money"}) || type.starts_with("numeric"))
    return std::regex_match(s, number) || (content && std::regex_match(*content, number));
  if (type == "boolean") return one_of(s, {"true", "false", "t", "f"});
  if (type == "bytea") return content && content->starts_with("\\x");
  return false;  // uuid, enums, Unsupported types: always an expression
}

// "t" and "t(1)", also as list element types.
bool bare_versus_length_one(std::string a, std::string b, std::string_view type) {
  for (std::string* t : {&a, &b})
    if (t->ends_with("[]")) t->resize(t->size() - 2);
  std::string one = std::string(type) + "(1)";
  return (a == type && b == one) || (a == one && b == type);
}

std::string perpetual(const std::vector<std::string>& reasons) {
  return "perpetual drift: Prisma reports this even against a database it migrated from this datamodel: " +
         join(reasons, "; ");
}

}  // namespace

bool dbgenerated_defaults_match(const Column& a, const Column& b, DbGenerated which) {
  if (!a.default_value || !b.default_value || ascii_lower(*a.default_value) != ascii_lower(*b.default_value))
    return false;
  if (which.a && which.b) return true;  // two datamodels
  const Column& database = which.a ? b : a;
  return !read_as_value(*database.default_value, database.type);
}

std::optional<std::string> column_drift_note(const Column& a, const Column& b, DbGenerated which) {
  std::vector<std::string> reasons;
  if (bare_versus_length_one(a.type, b.type, "character"))
    reasons.push_back("@db.Char without a length is character(1) in PostgreSQL, and Prisma compares CHAR without one");
  if (bare_versus_length_one(a.type, b.type, "bit"))
    reasons.push_back("@db.Bit without a length is bit(1) in PostgreSQL, and Prisma compares BIT without one");
  bool against_database = which.a != which.b;
  if (against_database && a.default_value && b.default_value && !dbgenerated_defaults_match(a, b, which)) {
    if (ascii_lower(*a.default_value) == ascii_lower(*b.default_value))
      reasons.push_back("Prisma reads this stored default back as a literal, now() or a sequence, never as the "
                        "dbgenerated() expression it compares it with");
    else if (reprint_key(*a.default_value) == reprint_key(*b.default_value))
      reasons.push_back("PostgreSQL re-prints a dbgenerated() expression (casts, parentheses, spacing), and Prisma "
                        "compares the text as written");
  }
  if (reasons.empty()) return std::nullopt;
  return perpetual(reasons);
}

std::optional<std::string> identifier_drift_note(const std::string& name, const std::vector<std::string>& other_side) {
  // PostgreSQL cuts at a character boundary, so the stored name can be a few bytes shorter.
  bool cut = std::any_of(other_side.begin(), other_side.end(), [&](const std::string& o) {
    return o.size() > kNameLimit && name.size() >= kNameLimit - 3 && o.starts_with(name);
  });
  if (name.size() <= kNameLimit && !cut) return std::nullopt;
  return perpetual({"PostgreSQL cuts names to 63 bytes, and Prisma does not"});
}

}  // namespace driftgate::prisma
