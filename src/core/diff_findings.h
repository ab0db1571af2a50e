#pragma once
// A SchemaDiff as findings: one per SchemaChange, for the reports every format renders (drift
// against a live database, a history that does not create its datamodel).
#include <functional>
#include <string>
#include <vector>

#include "core/finding.h"
#include "core/level.h"
#include "core/schema_diff.h"
#include "core/source_location.h"

namespace driftgate {

// One line naming a change for people: `column "User"."name" added`, `table "audit"."Log" removed`,
// `index "User_email_key" on "User" changed (unique: false -> true)`. The schema prefix only when
// it is not "" and not "public".
std::string describe_change(const SchemaChange& change);

struct DiffFindingOptions {
  std::string rule_id;         // e.g. "DG601"
  Level level = Level::Error;
  std::string message_prefix;  // e.g. "drift: "; the message is prefix + describe_change(c)
  // Where each change points; when unset or it returns an empty file, `fallback` is used.
  std::function<SourceLocation(const SchemaChange&)> locate;
  SourceLocation fallback;
};

// One finding per change, in the diff's order: its details, then its note, as the finding's notes;
// a fingerprint basis of kind, change, schema, table and name only (not the details), so that the
// fingerprint survives a change in what differs.
std::vector<Finding> diff_findings(const SchemaDiff& diff, const DiffFindingOptions& options);

}  // namespace driftgate
