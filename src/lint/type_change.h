#pragma once
// What ALTER COLUMN ... TYPE does to a table and to its values: the one classification shared by
// the rules that judge type changes (DG203 column-type-change, DG303 table-rewrite).
#include <string>
#include <vector>

#include "lint/change.h"

namespace driftgate {

// What PostgreSQL does to the stored data, under ACCESS EXCLUSIVE in every case
// (measured on PostgreSQL 15 by comparing pg_relation_filenode before and after).
enum class TypeChangeStorage {
  Unchanged,       // catalogue only: varchar widened or made text, numeric/time precision raised
  IndexesRebuilt,  // rows kept, the indexes on the column rebuilt: text <-> citext
  TableRewritten,  // every row rewritten and every index of the table rebuilt
};

// What the conversion does to the values, judged from the two types (a USING expression is taken
// to be the cast between them).
enum class TypeChangeValues {
  Kept,           // every value converts exactly and the cast cannot fail: a widening
  Reinterpreted,  // nothing fails or is lost, but values read differently: timestamp <-> timestamptz
                  // (the session TimeZone decides), char(n) to text (trailing blanks dropped)
  Narrowed,       // nothing fails but values are rounded or cut: a lower numeric scale or time
                  // precision, timestamp to date, bigint to double precision
  MayFail,        // a value that does not fit the new type fails the statement: a lower length or
                  // precision, a smaller integer, text to a number, JSON, uuid or enum, scalar <-> array
  Unknown,        // the old type is unknown
};

struct TypeChangeClass {
  TypeChangeStorage storage = TypeChangeStorage::TableRewritten;
  TypeChangeValues values = TypeChangeValues::Unknown;
};

// Classifies changing a column from `from` to `to`. An empty `from` (a column the history does
// not know) and a USING expression classify as a rewrite; an empty `from` as Unknown values.
TypeChangeClass classify_type_change(const TypeRef& from, const TypeRef& to, bool has_using);

// True when ALTER COLUMN ... TYPE needs no USING: PostgreSQL 15 has an implicit or assignment
// cast (pg_cast), or converts to a string type through the value's text. When false it rejects
// the statement outright ("cannot be cast automatically"), whatever the rows. An enum converts
// only to string types and nothing converts to one; `from_enum`/`to_enum` say which user types are
// enums. Types not modelled here (extensions', an unknown old type) count as castable.
bool converts_without_using(const TypeRef& from, const TypeRef& to, bool from_enum, bool to_enum);

// MySQL's types (lint/mysql_change_extractor.cpp spells them: "int unsigned", "varchar" (191),
// "enum('A','B')"): MODIFY converts any type to any other, so only the values are judged. In
// strict mode (the default since 5.7) a value that does not fit fails the statement (MayFail); a
// lower fractional precision or scale rounds (Narrowed). An empty `from` is Unknown.
TypeChangeValues classify_mysql_type_change(const TypeRef& from, const TypeRef& to);

// A MySQL ENUM or SET column type, and its values in order (empty for any other type).
bool is_mysql_enum(const TypeRef& type);
std::vector<std::string> mysql_enum_values(const TypeRef& type);

}  // namespace driftgate
