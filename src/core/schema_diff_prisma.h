#pragma once
// Verdicts of Prisma's differ on PostgreSQL that the values alone do not give
// (prisma-datamodel-mapping.md §8.3): how it compares a datamodel's dbgenerated("...") default
// with another, and which differences it reports even against a database it migrated from the same
// datamodel ("perpetual drift"), so that the diff can say so.
#include <optional>
#include <string>
#include <vector>

#include "core/schema.h"

namespace driftgate::prisma {

// Which of two versions of a column, `a` and `b`, have a datamodel's dbgenerated default.
struct DbGenerated {
  bool a = false, b = false;
};

// Whether Prisma finds the defaults of two versions of a column equal when at least one is a
// datamodel's dbgenerated expression: the same text ignoring case, and, against a database, a text
// its describer reads back as an expression (one it reads as a literal, now() or a sequence never
// equals an expression).
bool dbgenerated_defaults_match(const Column& a, const Column& b, DbGenerated which);

// Why Prisma reports the differences between two versions of a column even when the database was
// migrated from the datamodel itself; nullopt when they are ordinary differences.
std::optional<std::string> column_drift_note(const Column& a, const Column& b, DbGenerated which);

// The same for a table or column present on one side only under `name`, where `other_side` lists
// the names of its kind on the other side: PostgreSQL cuts names to 63 bytes, Prisma does not.
std::optional<std::string> identifier_drift_note(const std::string& name, const std::vector<std::string>& other_side);

}  // namespace driftgate::prisma
