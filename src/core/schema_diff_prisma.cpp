#include "core/schema_diff_prisma.h"

#include <algorithm>
#include <regex>

#include "core/pg_column_type.h"
#include "sql/prisma_spelling.h"
#include "util/ascii.h"
#include "util/join.h"

namespace driftgate::prisma {
namespace {

constexpr std::size_t kNameLimit = 63;  // PostgreSQL's NAMEDATALEN - 1 bytes

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

// A datamodel's @db.Timestamp, @db.Timestamptz, @db.Time or @db.Timetz without a precision against
// the same type with any precision: Prisma's calculator leaves the precision out and its differ
// takes a missing one as a match (its describer always reads one, 6 for a bare database type).
bool precision_free_match(const std::string& datamodel_type, const std::string& other_type) {
  static const std::regex time(R"((timestamp|time)(\(\d+\))?( with(out)? time zone(\[\])*))");
  std::smatch datamodel, other;
  return std::regex_match(datamodel_type, datamodel, time) && !datamodel[2].matched &&
         std::regex_match(other_type, other, time) && datamodel[1] == other[1] && datamodel[3] == other[3];
}

// A database's time type as Prisma's describer reads it: without a precision, PostgreSQL's 6
// (information_schema's datetime_precision), so a bare TIMESTAMP is a datamodel's @db.Timestamp(6).
std::string described_time_type(const std::string& type) {
  static const std::regex bare(R"((timestamp|time)( with(out)? time zone(\[\])*))");
  std::smatch m;
  return std::regex_match(type, m, bare) ? m[1].str() + "(6)" + m[2].str() : type;
}

bool btree_or_hash(const Index& i) { return i.method == "btree" || i.method == "hash"; }

}  // namespace

bool has_native_type(const Schema& schema, const std::string& ns, const std::string& type) {
  // prisma_type_spelling knows exactly the built-in types Prisma maps, and leaves any other as it is.
  return enum_of_type(schema, ns, type) || prisma_type_spelling(type) != type;
}

bool types_match(const Column& a, const Column& b, Sides datamodel, Sides unsupported) {
  if ((datamodel.a && precision_free_match(a.type, b.type)) || (datamodel.b && precision_free_match(b.type, a.type)))
    return true;
  bool against_database = datamodel.a != datamodel.b;
  if (against_database &&
      (datamodel.a ? a.type : described_time_type(a.type)) == (datamodel.b ? b.type : described_time_type(b.type)))
    return true;
  // Its PostgreSQL differ compares an unsupported type with itself ("previous with previous").
  return unsupported.a && unsupported.b && a.type.ends_with("[]") == b.type.ends_with("[]");
}

Index as_described(const Index& database_index) {
  Index out = database_index;
  // Its describer reads operator classes of the other index methods only (postgres.rs).
  if (btree_or_hash(out))
    for (auto& c : out.columns) c.operator_class.reset();
  return out;
}

std::optional<std::string> column_drift_note(const Column& a, const Column& b, const Origins& origins) {
  std::vector<std::string> reasons;
  if (bare_versus_length_one(a.type, b.type, "character"))
    reasons.push_back("@db.Char without a length is character(1) in PostgreSQL, and Prisma compares CHAR without one");
  if (bare_versus_length_one(a.type, b.type, "bit"))
    reasons.push_back("@db.Bit without a length is bit(1) in PostgreSQL, and Prisma compares BIT without one");
  if (origins.unmanaged.a && !origins.unmanaged.b)
    reasons.push_back("the datamodel's dbgenerated() without an expression creates no default, and Prisma finds it "
                      "different from any default, none included, when the datamodel is the FROM side");
  bool against_database = origins.dbgenerated.a != origins.dbgenerated.b;
  if (against_database && a.default_value && b.default_value && !defaults_match(a, b, origins)) {
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

std::optional<std::string> index_drift_note(const Index& database_index, const Index& datamodel_index) {
  if (!database_index.same_definition(datamodel_index) || as_described(database_index) == database_index)
    return std::nullopt;
  return perpetual({"Prisma does not read the operator classes of a B-tree or hash index back from the database, "
                    "so it never finds the datamodel's there"});
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
