#pragma once
// Where the clauses of an ALTER TABLE start. libpg_query gives no location for most
// ALTER TABLE sub-commands (DROP COLUMN, SET NOT NULL, ...), so findings about one clause of a
// multi-clause statement are placed by reading the statement text.
#include <cstddef>
#include <string_view>
#include <vector>

namespace driftgate {

// File offsets of the comma-separated clauses that follow the table name, which starts at
// `name_offset`; `end` is the statement's end. Commas inside parentheses, string literals,
// quoted identifiers and comments do not separate clauses.
std::vector<std::size_t> alter_table_clause_offsets(std::string_view file, std::size_t name_offset,
                                                    std::size_t end);

}  // namespace driftgate
