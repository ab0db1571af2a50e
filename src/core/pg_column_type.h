#pragma once
// PostgreSQL column types as the schema model spells them (format_type), read back: the enum a
// type names. The differ (Prisma's enum rule) and the script writer (casts, type spellings) both
// need it.
#include <string>
#include <string_view>

#include "core/schema.h"

namespace driftgate {

// The enum a PostgreSQL column type names, in format_type's spelling: role, "Role",
// app."Role", each with [] for an array. An unqualified name is looked up in the table's
// schema, then in public.
const Enum* enum_of_type(const Schema& s, const std::string& table_ns, std::string_view type);

}  // namespace driftgate
