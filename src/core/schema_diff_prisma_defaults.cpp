#include "core/schema_diff_prisma_defaults.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "util/ascii.h"

namespace driftgate::prisma {
namespace {

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

bool date_time_type(const std::string& type) {
  return type.starts_with("timestamp") || type.starts_with("time") || type == "date";
}

// The number a default spells, the way the describer parses Int and Float defaults: bare, in
// parentheses or quoted, with or without a cast ("42", "'-3'::integer", "(-0.5)", "'-0.50'::numeric");
// canonical, so that equal values are equal strings: "-0.50" -> "-0.5", "007" -> "7", "-0" -> "0".
std::optional<std::string> number(const std::string& text) {
  static const std::regex spelled(R"((-?)(\d+)(?:\.(\d+))?)");
  std::string s = without_casts(text);
  if (s.size() > 2 && s.front() == '(' && s.back() == ')') s = s.substr(1, s.size() - 2);
  if (auto content = literal_content(s)) s = *content;
  std::smatch m;
  if (!std::regex_match(s, m, spelled)) return std::nullopt;
  std::string whole = m[2].str(), fraction = m[3].str();
  whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size() - 1));
  fraction.erase(fraction.find_last_not_of('0') + 1);
  std::string value = whole + (fraction.empty() ? "" : "." + fraction);
  return value == "0" || m[1].str().empty() ? value : "-" + value;
}

// A datamodel's @default("2020-01-01T00:00:00Z") on a DateTime field, which Prisma's differ cannot
// compare and so finds equal to any default (column.rs: "can't diff these in at present").
bool datetime_literal(const Column& c, bool datamodel, bool dbgenerated) {
  return datamodel && !dbgenerated && c.default_value && date_time_type(c.type) &&
         literal_content(without_casts(*c.default_value));
}

// Prisma compares a datamodel's dbgenerated("expr") with another default as text ignoring case;
// against a database, the stored default must also be one its describer reads as an expression (a
// literal, now() or a sequence never equals an expression).
bool dbgenerated_match(const Column& a, const Column& b, Sides dbgenerated) {
  if (ascii_lower(*a.default_value) != ascii_lower(*b.default_value)) return false;
  if (dbgenerated.a && dbgenerated.b) return true;  // two datamodels
  const Column& database = dbgenerated.a ? b : a;
  return read_default(*database.default_value, database.type) == DefaultReading::Expression;
}

}  // namespace

DefaultReading read_default(const std::string& text, const std::string& type) {
  using R = DefaultReading;
  static const std::regex integer(R"(-?\d+)");
  std::string s = without_casts(text);
  auto content = literal_content(s);
  if (type.ends_with("[]")) return s.starts_with("array[") || s.starts_with("'{") ? R::Value : R::Expression;
  if (date_time_type(type))
    return one_of(s, {"now", "now()", "current_timestamp", "current_timestamp()"}) ? R::Now : R::Expression;
  if (one_of(type, {"text", "citext", "xml", "inet", "json", "jsonb"}) || type.starts_with("character") ||
      type.starts_with("bit"))
    return content ? R::Value : R::Expression;
  if (one_of(type, {"integer", "bigint", "smallint", "oid"})) {
    if (s.starts_with("nextval(")) return R::Sequence;
    return std::regex_match(s, integer) || (content && std::regex_match(*content, integer)) ? R::Number
                                                                                           : R::Expression;
  }
  if (one_of(type, {"double precision", "real", "money"}) || type.starts_with("numeric"))
    return number(text) ? R::Number : R::Expression;
  if (type == "boolean") return one_of(s, {"true", "false", "t", "f"}) ? R::Value : R::Expression;
  if (type == "bytea") return content && content->starts_with("\\x") ? R::Value : R::Expression;
  return R::Expression;  // uuid, enums, Unsupported types
}

bool defaults_match(const Column& a, const Column& b, const Origins& origins) {
  if (origins.unmanaged.b) return true;
  if (origins.unmanaged.a) return false;
  if (!a.default_value || !b.default_value) return a.default_value == b.default_value;
  if (datetime_literal(a, origins.datamodel.a, origins.dbgenerated.a) ||
      datetime_literal(b, origins.datamodel.b, origins.dbgenerated.b))
    return true;
  if (origins.dbgenerated.a || origins.dbgenerated.b) return dbgenerated_match(a, b, origins.dbgenerated);
  DefaultReading reading_a = read_default(*a.default_value, a.type);
  DefaultReading reading_b = read_default(*b.default_value, b.type);
  if (reading_a == DefaultReading::Now && reading_b == DefaultReading::Now) return true;
  if (reading_a == DefaultReading::Number && reading_b == DefaultReading::Number)
    return number(*a.default_value) == number(*b.default_value);
  return *a.default_value == *b.default_value;
}

std::optional<std::string> shown_default(const std::optional<std::string>& text, bool dbgenerated, bool unmanaged) {
  if (unmanaged) return "dbgenerated()";
  if (!text || !dbgenerated) return text;
  std::string escaped;
  for (char c : *text) escaped += c == '"' || c == '\\' ? std::string{'\\', c} : std::string(1, c);
  return "dbgenerated(\"" + escaped + "\")";
}

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

}  // namespace driftgate::prisma
