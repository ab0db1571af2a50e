#pragma once
// Column defaults as Prisma's differ compares them on PostgreSQL (prisma-datamodel-mapping.md §3,
// §8.2, §8.3): its describer reads a stored default as a value, now(), a sequence or an expression
// (sql-schema-describer postgres/default.rs), and its differ compares those readings
// (sql_schema_differ/column.rs defaults_match), not the texts.
#include <optional>
#include <string>

#include "core/schema.h"

namespace driftgate::prisma {

// Which of two versions of a column, `a` and `b`, have a property.
struct Sides {
  bool a = false, b = false;
};

// Where two versions of a column come from, as far as the differ knows.
struct Origins {
  Sides datamodel;    // a datamodel's column (false: a database's, or the caller does not say)
  Sides dbgenerated;  // a datamodel's column whose default is dbgenerated("expr")
  Sides unmanaged;    // a datamodel's column whose default is dbgenerated() without an expression

  bool any_dbgenerated() const { return dbgenerated.a || dbgenerated.b || unmanaged.a || unmanaged.b; }
};

// How the describer reads a default of a column of `type`, by the type's family.
enum class DefaultReading { Expression, Now, Number, Sequence, Value };
DefaultReading read_default(const std::string& text, const std::string& type);

// Whether Prisma finds the defaults of two versions of a column equal: both absent; TO's dbgenerated()
// without an expression against anything (FROM's against nothing else); a datamodel's
// DateTime literal against any default; a datamodel's dbgenerated("expr") against the same text
// ignoring case, which against a database must be one its describer reads as an expression; numbers
// by value; now() and CURRENT_TIMESTAMP (with or without a cast) alike; anything else by its text.
bool defaults_match(const Column& a, const Column& b, const Origins& origins);

// A default as the diff shows it: a datamodel's dbgenerated("expr") and dbgenerated() as the
// datamodel writes them, so that they never look the same as the stored text they differ from.
std::optional<std::string> shown_default(const std::optional<std::string>& text, bool dbgenerated, bool unmanaged);

// What PostgreSQL changes when it stores and re-prints an expression taken out (casts, parentheses,
// white space, case outside string literals): equal keys, the same expression re-printed.
std::string reprint_key(const std::string& text);

}  // namespace driftgate::prisma
