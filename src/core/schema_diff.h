#pragma once
// The difference between two schemas, computed once as a flat list of object changes that
// renderers (summary, JSON) and the migration-script writer read.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/schema.h"

namespace driftgate {

enum class ObjectKind {
  Namespace, Extension, Enum, Sequence, Table, Column, PrimaryKey, Index, ForeignKey, Check,
  Trigger, View, Routine,
};
const char* to_string(ObjectKind kind);

enum class ChangeType { Added, Removed, Changed };
const char* to_string(ChangeType type);

struct SchemaChange {
  ObjectKind kind;
  ChangeType type;
  std::string ns;     // namespace
  std::string table;  // for table-level objects; the table itself for ObjectKind::Table
  std::string name;   // the object (column, index, ...); for a table, its name again
  std::vector<std::string> details;  // for Changed: "type: integer -> bigint", ...
  // Why Prisma itself reports this difference even against a database it migrated from the same
  // datamodel ("perpetual drift", prisma-datamodel-mapping.md §8.3); only with DiffOptions::note_prisma_drift.
  std::optional<std::string> note;
};

struct SchemaDiff {
  const Schema* from = nullptr;
  const Schema* to = nullptr;
  std::vector<SchemaChange> changes;  // namespaces, then by table, in a stable order

  bool empty() const { return changes.empty(); }
};

// A column, by namespace, table and name.
struct ColumnRef {
  std::string ns, table, column;
  auto operator<=>(const ColumnRef&) const = default;
};

// The columns whose default a datamodel writes with dbgenerated(), which Prisma's differ compares its
// own way (prisma-datamodel-mapping.md §8.2, §8.3).
struct DbGeneratedDefaults {
  // dbgenerated("expr"), PostgreSQL: equal to another default written the same ignoring case, and
  // never to a database default its describer reads as a literal, now() or a sequence.
  std::set<ColumnRef> expression;
  // dbgenerated() without an expression: a default the database keeps and Prisma leaves alone. On
  // TO it equals any default and none; on FROM it equals nothing but another one.
  std::set<ColumnRef> unmanaged;
};

// How strictly to compare. History-vs-live drift compares everything; a comparison with a Prisma
// datamodel relaxes what the datamodel cannot express (see the datamodel source).
struct DiffOptions {
  bool compare_routines = true;
  bool compare_triggers = true;
  bool compare_views = true;
  bool compare_comments = true;
  // Prisma's own equivalences (prisma-datamodel-mapping.md §8), for datamodel comparisons only:
  // Extensions as Prisma compares a datamodel's (postgresqlExtensions): those only TO has are
  // created, those only FROM has never dropped, a version or schema compared only when both sides
  // name one; none at all when the sides known to be datamodels (below) declare none.
  bool extensions_as_prisma = false;
  bool compare_checks = true;      // CHECK and EXCLUDE constraints are never a difference
  bool compare_sequences = true;   // sequence names and options are never compared
  bool compare_deferrable = true;  // DEFERRABLE foreign keys match plain ones
  bool unique_constraint_is_index = false;  // a UNIQUE constraint matches a unique index
  bool identity_is_serial = false;          // IDENTITY matches SERIAL: both are autoincrement
  bool enum_value_order = true;             // false: enum values compare as sets
  // An implicit many-to-many table's (columns A and B) foreign keys match whatever their names.
  bool compare_join_table_fk_names = true;
  // Columns and indexes as Prisma's PostgreSQL describer reads them and its differ compares them
  // (§8.2): numeric defaults by value, now() and CURRENT_TIMESTAMP alike, two types Prisma has no
  // native type for alike; and where a side is known to be a datamodel (below): its DateTime
  // literal default equal to any default, its time type without precision equal to any precision,
  // a database's bare time type as precision 6, a database's B-tree and hash indexes without their
  // operator classes.
  bool read_as_prisma = false;
  // Expression and partial indexes are invisible to Prisma's describer; and an index whose twin
  // (same definition, another name) matches by name is not a difference (indexes match by definition).
  bool compare_unexpressible_indexes = true;
  bool duplicate_indexes_match = false;
  // The dbgenerated() defaults of each side that is a datamodel.
  DbGeneratedDefaults from_dbgenerated, to_dbgenerated;
  // Which sides are datamodels. The rules above that hold on a datamodel side only apply where the
  // caller says which side that is.
  bool from_datamodel = false, to_datamodel = false;
  // Label the differences Prisma reports against a database it migrated itself (SchemaChange::note).
  bool note_prisma_drift = false;
};

// What a Prisma datamodel cannot express, or Prisma's differ treats as equal (§8.2), relaxed; and
// Prisma's own perpetual drift labelled.
DiffOptions datamodel_diff_options();

// Both schemas must be normalised. The result points into them: keep them alive.
SchemaDiff diff_schemas(const Schema& from, const Schema& to, const DiffOptions& options = {});

}  // namespace driftgate
