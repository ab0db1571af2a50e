#pragma once
// Prisma's default constraint and index names (psl constraint_names.rs), cut to the provider's
// identifier limit the way Prisma cuts them; see prisma-datamodel-mapping.md §4.
#include <string>
#include <string_view>
#include <vector>

#include "core/schema.h"

namespace driftgate::psl {

// PostgreSQL 63 bytes, MySQL 64.
std::size_t identifier_limit(Provider provider);

// {table}_pkey.
std::string primary_key_name(const std::string& table, Provider provider);
// {table}_{col1}_{col2}..._{suffix}: suffix "key" (unique), "idx" (index), "fkey" (foreign key).
std::string constraint_name(const std::string& table, const std::vector<std::string>& columns,
                            std::string_view suffix, Provider provider);

// The implicit many-to-many join table "_" + relation name and its objects.
struct JoinTableNames {
  std::string table, primary_key, unique, b_index, a_fkey, b_fkey;
};
JoinTableNames join_table_names(const std::string& relation_name, Provider provider);

// PostgreSQL's name for a serial column's sequence ({table}_{column}_seq), shortened as
// makeObjectName() shortens it when it would exceed 63 bytes.
std::string serial_sequence_name(const std::string& table, const std::string& column);

}  // namespace driftgate::psl
