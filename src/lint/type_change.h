#pragma once
// What ALTER COLUMN ... TYPE does to a table and to its values: the one classification shared by
// the rules that judge type changes (DG203 column-type-change, DG303 table-rewrite).
#include "lint/change.h"

namespace driftgate {

// What PostgreSQL does to the stored data, under ACCESS EXCLUSIVE in every case
// (measured on PostgreSQL 15 by comparing pg_relation_filenode before and after).
enum class TypeChangeStorage {
  Unchanged,       // catalogue only: varchar widened or made text, numeric/time precision raised
  IndexesRebuilt,  // rows kept, the indexes on the column rebuilt: text <-> citext
  TableRewritten,  // every row rewritten and every index of the table rebuilt
};

// What happens to the values.
enum class TypeChangeValues {
  Kept,       // every value converts exactly and the cast cannot fail: a widening
  MayChange,  // the cast may fail, truncate, round or reinterpret values (or we cannot tell)
};

struct TypeChangeClass {
  TypeChangeStorage storage = TypeChangeStorage::TableRewritten;
  TypeChangeValues values = TypeChangeValues::MayChange;
};

// Classifies changing a column from `from` to `to`. An empty `from` (a column the history does
// not know) and a USING expression classify as a rewrite that may change values.
TypeChangeClass classify_type_change(const TypeRef& from, const TypeRef& to, bool has_using);

}  // namespace driftgate
