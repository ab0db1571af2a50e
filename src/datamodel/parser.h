#pragma once
// A hand-written recursive-descent parser for the Prisma Schema Language, following the grammar
// of Prisma's engine (psl/schema-ast datamodel.pest): declarations end at the end of a line (so an
// attribute's arguments cannot span lines, as in Prisma), `//` comments are dropped, `///` and
// `/* */` comments document the next field, enum value or block (and a `///` at the end of a
// field's line documents that field), strings follow JSON's escapes.
#include <vector>

#include "datamodel/ast.h"

namespace driftgate::psl {

// Arrays and function calls nest at most this deep in one expression.
constexpr int kMaxExpressionDepth = 64;

// Parses one file. Throws driftgate::Error at the first syntax error, located in the file and
// saying what was expected and what was found. Terminates on every input.
std::vector<Block> parse_schema_file(const SchemaFile& file);

// Parses every file; the blocks follow the file order.
Datamodel parse_datamodel(std::vector<SchemaFile> files);

}  // namespace driftgate::psl
