#include <doctest/doctest.h>

#include "sql/prisma_spelling.h"

using namespace driftgate;

TEST_CASE("PostgreSQL types are written as Prisma spells them") {
  CHECK(prisma_type_spelling("integer") == "INTEGER");
  CHECK(prisma_type_spelling("double precision") == "DOUBLE PRECISION");
  CHECK(prisma_type_spelling("character varying(191)") == "VARCHAR(191)");
  CHECK(prisma_type_spelling("character varying") == "VARCHAR");
  CHECK(prisma_type_spelling("character(1)") == "CHAR(1)");
  CHECK(prisma_type_spelling("bit varying(8)") == "VARBIT(8)");
  CHECK(prisma_type_spelling("numeric(65,30)") == "DECIMAL(65,30)");
  CHECK(prisma_type_spelling("timestamp(3) without time zone") == "TIMESTAMP(3)");
  CHECK(prisma_type_spelling("timestamp with time zone") == "TIMESTAMPTZ");
  CHECK(prisma_type_spelling("time(6) with time zone") == "TIMETZ(6)");
  CHECK(prisma_type_spelling("text[]") == "TEXT[]");
  CHECK(prisma_type_spelling("jsonb") == "JSONB");
  // Not built in, or not one Prisma names: unchanged.
  CHECK(prisma_type_spelling("\"Role\"") == "\"Role\"");
  CHECK(prisma_type_spelling("vector(3)") == "vector(3)");
  CHECK(prisma_type_spelling("integerish") == "integerish");
  CHECK(prisma_type_spelling("tsvector") == "tsvector");
}

TEST_CASE("a default that is one cast literal loses the cast, anything else stays") {
  CHECK(without_literal_cast("'USER'::\"Role\"") == "'USER'");
  CHECK(without_literal_cast("'it''s'::text") == "'it''s'");
  CHECK(without_literal_cast("'{}'::jsonb") == "'{}'");
  CHECK(without_literal_cast("'x'::character varying") == "'x'");
  CHECK(without_literal_cast("'a'::app.\"Kind\"") == "'a'");
  CHECK(without_literal_cast("'1'::integer + 1") == "'1'::integer + 1");
  CHECK(without_literal_cast("'a'::text || 'b'::text") == "'a'::text || 'b'::text");
  CHECK(without_literal_cast("'2024-01-01'::date::timestamp without time zone") ==
        "'2024-01-01'::date::timestamp without time zone");
  CHECK(without_literal_cast("nextval('\"T_id_seq\"'::regclass)") == "nextval('\"T_id_seq\"'::regclass)");
  CHECK(without_literal_cast("CURRENT_TIMESTAMP") == "CURRENT_TIMESTAMP");
  CHECK(without_literal_cast("'unterminated") == "'unterminated");
}
