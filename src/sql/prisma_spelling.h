#pragma once
// How Prisma Migrate spells PostgreSQL types and default values in the migrations it writes,
// where the schema model holds what the server prints (format_type, pg_get_expr): the script
// `diff --script` writes then reads like the one `prisma migrate dev --create-only` would.
#include <string>
#include <string_view>

namespace driftgate {

// A built-in type in format_type's spelling as Prisma writes it: "integer" -> "INTEGER",
// "timestamp(3) without time zone" -> "TIMESTAMP(3)", "character varying(255)[]" ->
// "VARCHAR(255)[]". Any other type (an enum, an extension's type) comes back unchanged.
std::string prisma_type_spelling(std::string_view type);

// A default that is one string literal with one cast, as the server prints it ('USER'::"Role",
// 'x'::text, '{}'::jsonb), without the cast, as Prisma writes it ('USER'). Anything else comes
// back unchanged. The column's type gives the literal the same value either way.
std::string without_literal_cast(std::string_view expression);

}  // namespace driftgate
