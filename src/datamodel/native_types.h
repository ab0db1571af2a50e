#pragma once
// Column types of scalar fields, spelled as introspection reads them back (PostgreSQL:
// format_type(); MySQL: COLUMN_TYPE), from the Prisma scalar and its @db.* native type attribute
// (prisma-datamodel-mapping.md §1).
#include <string>
#include <string_view>

#include "core/schema.h"
#include "datamodel/ast.h"

namespace driftgate::psl {

// The type of `field`, whose type is a Prisma scalar (String, Int, ...); `datasource` is the
// datasource block's name, the prefix of native type attributes ("db"). Lists are not applied.
// Throws a located driftgate::Error for a native type the provider does not have.
std::string scalar_column_type(const Field& field, std::string_view datasource, Provider provider);

// The field's native type attribute (@db.X), else nullptr.
const Attribute* native_type_attribute(const Field& field, std::string_view datasource);

// An identifier as PostgreSQL's quote_ident() prints it inside types and expressions: bare when
// it is lower case letters, digits and underscores and not a reserved word, else double-quoted.
std::string quote_pg_ident(const std::string& name);

}  // namespace driftgate::psl
