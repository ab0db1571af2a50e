#pragma once
// A datamodel's literal defaults as PostgreSQL prints them back (pg_get_expr) from the migration
// Prisma Migrate writes for them (prisma-datamodel-mapping.md §3.2), so that the translated schema
// equals the introspected one and `diff --script` writes the value the datamodel means.
#include <optional>
#include <string>

namespace driftgate::psl {

// A number as written in the datamodel, as PostgreSQL prints the constant its parser makes of it:
// bare when it is a non-negative int4 or decimal ("42", "0.10"); quoted and cast otherwise
// ("'-3'::integer", "'9007199254740993'::bigint", "'-0.50'::numeric").
std::string pg_number(const std::string& written);

// The bytes a Bytes default spells in base64 ("AQID"), as bytea's hex text ("\x010203"); nullopt
// when it is not base64.
std::optional<std::string> bytea_hex(const std::string& base64);

// A DateTime default (RFC 3339: "2020-01-01T05:00:00.5+02:00") as a column of PostgreSQL type
// `type` (format_type's spelling) stores and prints it: a timestamp keeps the date and time as
// written and drops the offset, a timestamptz is in UTC ("2020-01-01 03:00:00.5+00", as a server
// whose TimeZone is UTC prints it), a date keeps the date, a time the time, a timetz the time and
// the offset. Nullopt when it is not RFC 3339.
std::optional<std::string> pg_datetime(const std::string& rfc3339, const std::string& type);

}  // namespace driftgate::psl
