#pragma once
// Known drift a team has accepted (`[[accept]]` in driftgate.toml or an allowlist file): an HNSW
// index created by hand, an extension the hosting provider installs. An accepted change is still
// reported, as accepted (a suppressed finding with the entry's reason), never as a failure.
#include <optional>
#include <string>
#include <vector>

#include "core/schema_diff.h"
#include "core/source_location.h"

namespace driftgate {

struct DriftAcceptance {
  std::optional<ObjectKind> kind;    // any kind when absent
  std::optional<ChangeType> change;  // added, removed or changed; any when absent
  // Each matches the change's field, with `*` standing for any run of characters; an empty one
  // matches anything. `name` of a table-level change is the table's name.
  std::string schema, table, name;
  std::string reason;     // required: why this drift is fine
  SourceLocation where;   // the entry, for messages and the unused-entry finding

  bool matches(const SchemaChange& change) const;
};

// Accepts "table", "column", "index", "foreign-key" (or "foreign key"), "primary-key", "check",
// "trigger", "view", "routine" (or "function"), "enum", "sequence", "extension", "schema".
std::optional<ObjectKind> parse_object_kind(std::string_view text);
std::optional<ChangeType> parse_change_type(std::string_view text);

// The first entry that accepts the change, or nullptr.
const DriftAcceptance* find_acceptance(const std::vector<DriftAcceptance>& entries, const SchemaChange& change);

}  // namespace driftgate
