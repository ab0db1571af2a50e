#pragma once
// The difference between two schemas, computed once as a flat list of object changes that
// renderers (summary, JSON) and the migration-script writer read.
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
};

struct SchemaDiff {
  const Schema* from = nullptr;
  const Schema* to = nullptr;
  std::vector<SchemaChange> changes;  // namespaces, then by table, in a stable order

  bool empty() const { return changes.empty(); }
};

// How strictly to compare. History-vs-live drift compares everything; a comparison with a Prisma
// datamodel relaxes what the datamodel cannot express (see the datamodel source).
struct DiffOptions {
  bool compare_routines = true;
  bool compare_triggers = true;
  bool compare_views = true;
  bool compare_comments = true;
};

// Both schemas must be normalised. The result points into them: keep them alive.
SchemaDiff diff_schemas(const Schema& from, const Schema& to, const DiffOptions& options = {});

}  // namespace driftgate
