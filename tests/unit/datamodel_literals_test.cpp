// Literal defaults and index arguments of a datamodel as PostgreSQL prints them back; every expected
// text is pg_get_expr's or pg_opclass's on PostgreSQL 15 for the SQL Prisma 6.19.3 writes.
#include <doctest/doctest.h>

#include "core/error.h"
#include "datamodel/index_arguments.h"
#include "datamodel/pg_literals.h"

using namespace driftgate;
using namespace driftgate::psl;

namespace {

Expression constant(std::string name) { return Expression{Expression::Kind::Constant, std::move(name), {}, {}, {}}; }

Expression raw(std::string text) {
  Expression e{Expression::Kind::Function, "raw", {}, {}, {}};
  e.arguments.push_back({"", Expression{Expression::Kind::String, std::move(text), {}, {}, {}}, {}});
  return e;
}

}  // namespace

TEST_CASE("D6: numbers as PostgreSQL's constants print: int4 bare, anything else beyond it quoted and cast") {
  CHECK(pg_number("42") == "42");
  CHECK(pg_number("007") == "7");
  CHECK(pg_number("2147483647") == "2147483647");
  CHECK(pg_number("2147483648") == "'2147483648'::bigint");
  CHECK(pg_number("9007199254740993") == "'9007199254740993'::bigint");
  CHECK(pg_number("9223372036854775808") == "'9223372036854775808'::numeric");
  CHECK(pg_number("-3") == "'-3'::integer");
  CHECK(pg_number("-2147483648") == "'-2147483648'::bigint");
  CHECK(pg_number("-9223372036854775808") == "'-9223372036854775808'::bigint");
  CHECK(pg_number("-0") == "0");
  CHECK(pg_number("0.10") == "0.10");
  CHECK(pg_number("-0.50") == "'-0.50'::numeric");
  CHECK(pg_number("99999999999999999999.5") == "99999999999999999999.5");
}

TEST_CASE("D5: Bytes defaults are base64, stored as bytea's hex text") {
  CHECK(bytea_hex("AQID") == "\\x010203");
  CHECK(bytea_hex("") == "\\x");
  CHECK(bytea_hex("/w==") == "\\xff");
  CHECK(bytea_hex("AQI=") == "\\x0102");
  CHECK(bytea_hex("AQI") == "\\x0102");  // padding left out
  CHECK_FALSE(bytea_hex("AQ*D"));
  CHECK_FALSE(bytea_hex("A"));
  CHECK_FALSE(bytea_hex("AQ==="));
}

TEST_CASE("D4: DateTime defaults as a column of each time type stores them") {
  const char* at = "2020-01-01T05:00:00.1239+02:00";
  CHECK(pg_datetime(at, "timestamp(3) without time zone") == "2020-01-01 05:00:00.1239");
  CHECK(pg_datetime(at, "timestamp with time zone") == "2020-01-01 03:00:00.1239+00");
  CHECK(pg_datetime("2021-06-01T12:30:00.123Z", "timestamp(3) with time zone") == "2021-06-01 12:30:00.123+00");
  CHECK(pg_datetime("2020-01-01T00:00:00Z", "timestamp(3) without time zone") == "2020-01-01 00:00:00");
  CHECK(pg_datetime("2020-01-01T01:00:00+05:30", "timestamp(6) with time zone") == "2019-12-31 19:30:00+00");
  CHECK(pg_datetime("2020-12-31T23:30:00-01:00", "timestamp with time zone") == "2021-01-01 00:30:00+00");
  CHECK(pg_datetime(at, "date") == "2020-01-01");
  CHECK(pg_datetime(at, "time(3) without time zone") == "05:00:00.1239");
  CHECK(pg_datetime(at, "time with time zone") == "05:00:00.1239+02");
  CHECK(pg_datetime("2020-01-01T10:11:12-05:30", "time with time zone") == "10:11:12-05:30");
  CHECK(pg_datetime("2020-01-01T10:11:12.12000000Z", "timestamp without time zone") == "2020-01-01 10:11:12.12");
  CHECK(pg_datetime("2020-01-01T10:11:12.1234567Z", "timestamp without time zone") == "2020-01-01 10:11:12.123457");
  CHECK(pg_datetime("2024-02-29T00:00:00Z", "date") == "2024-02-29");
  CHECK_FALSE(pg_datetime("2023-02-29T00:00:00Z", "date"));
  CHECK_FALSE(pg_datetime("2020-01-01", "date"));
  CHECK_FALSE(pg_datetime("2020-01-01T00:00:00", "date"));  // an offset is required
  CHECK_FALSE(pg_datetime("2020-13-01T00:00:00Z", "date"));
}

TEST_CASE("D10: index types and operator classes by PostgreSQL's names; a method's default class is left out") {
  CHECK(index_method(constant("BTree")) == "btree");
  CHECK(index_method(constant("SpGist")) == "spgist");
  CHECK(index_method(constant("Gin")) == "gin");
  CHECK_THROWS_AS(index_method(constant("GiST")), Error);
  CHECK(operator_class(constant("ArrayOps"), "gin") == std::nullopt);
  CHECK(operator_class(constant("JsonbOps"), "gin") == std::nullopt);
  CHECK(operator_class(constant("JsonbPathOps"), "gin") == "jsonb_path_ops");
  CHECK(operator_class(constant("InetOps"), "gist") == "inet_ops");
  CHECK(operator_class(constant("InetOps"), "spgist") == std::nullopt);
  CHECK(operator_class(constant("TextOps"), "spgist") == std::nullopt);
  CHECK(operator_class(constant("Int4MinMaxOps"), "brin") == std::nullopt);
  CHECK(operator_class(constant("InetMinMaxOps"), "brin") == "inet_minmax_ops");
  CHECK(operator_class(constant("InetInclusionOps"), "brin") == std::nullopt);
  CHECK(operator_class(constant("TimestampTzMinMaxMultiOps"), "brin") == "timestamptz_minmax_multi_ops");
  CHECK(operator_class(constant("VarBitMinMaxOps"), "brin") == std::nullopt);
  CHECK(operator_class(constant("BpcharBloomOps"), "brin") == "bpchar_bloom_ops");
  // raw() as written, default or not: Prisma compares it as written too.
  CHECK(operator_class(raw("text_pattern_ops"), "btree") == "text_pattern_ops");
  CHECK(operator_class(raw("array_ops"), "gin") == "array_ops");
  CHECK_THROWS_AS(operator_class(constant("VarcharOps"), "gin"), Error);
  CHECK_THROWS_AS(operator_class(constant("BitBloomOps"), "brin"), Error);
}
