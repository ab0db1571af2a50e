#pragma once
// Verdicts of Prisma's differ on PostgreSQL that the values alone do not give
// (prisma-datamodel-mapping.md §8.2, §8.3): which column types and indexes it finds alike, and
// which differences it reports even against a database it migrated from the same datamodel
// ("perpetual drift"), so that the diff can say so. Defaults: schema_diff_prisma_defaults.h.
#include <optional>
#include <string>
#include <vector>

#include "core/schema.h"
#include "core/schema_diff_prisma_defaults.h"

namespace driftgate::prisma {

// Whether Prisma has a native type for a column type of a table in namespace `ns` of `schema`: a
// built-in type it maps or an enum. It reads every other type as Unsupported("...").
bool has_native_type(const Schema& schema, const std::string& ns, const std::string& type);

// Whether Prisma finds no type change between two versions of a column whose types differ
// (postgres schema_differ column_type_change): a datamodel's time type without a precision is any
// precision of that type, and a database's reads as precision 6; two types it has no native type
// for (`unsupported`), both lists or both not, are alike, whatever they are (a known engine bug).
bool types_match(const Column& a, const Column& b, Sides datamodel, Sides unsupported);

// An index of a database as Prisma's describer reads it: without the operator classes of a B-tree or
// hash index.
Index as_described(const Index& database_index);

// Why Prisma reports the differences between two versions of a column even when the database was
// migrated from the datamodel itself; nullopt when they are ordinary differences.
std::optional<std::string> column_drift_note(const Column& a, const Column& b, const Origins& origins);

// The same for a database's index and a datamodel's that differ only in what Prisma does not read
// back (a B-tree or hash index's operator classes); nullopt otherwise.
std::optional<std::string> index_drift_note(const Index& database_index, const Index& datamodel_index);

// The same for a table or column present on one side only under `name`, where `other_side` lists
// the names of its kind on the other side: PostgreSQL cuts names to 63 bytes, Prisma does not.
std::optional<std::string> identifier_drift_note(const std::string& name, const std::vector<std::string>& other_side);

}  // namespace driftgate::prisma
