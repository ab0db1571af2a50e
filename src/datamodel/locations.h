#pragma once
// From a database object back to the datamodel declaration that creates it, so that a finding
// about a difference points at a schema.prisma line.
#include <map>
#include <string>

#include "core/schema_diff.h"
#include "core/source_location.h"
#include "datamodel/ast.h"

namespace driftgate::psl {

class DatamodelLocator {
 public:
  // Keeps a reference: `model` must outlive the locator.
  explicit DatamodelLocator(const Datamodel& model);

  // For a column change, the declaration of the field that creates the column (the model's name
  // when the model has no such field); for a change to a table or one of its indexes, keys,
  // checks or triggers, the name of the model that creates the table (an implicit many-to-many
  // join table: the first relation field that creates it); for an enum or a view, its block's
  // name. A model matches on its database name (@@map) and, when both the change and the model
  // name a schema (@@schema), on that too. An empty file when nothing matches.
  SourceLocation locate(const SchemaChange& change) const;

 private:
  const Block* block(BlockKind kind, const std::string& ns, const std::string& name) const;
  const Field* join_table_field(const std::string& table) const;

  const Datamodel& model_;
  std::map<std::string, const Block*> models_;  // by declared name
};

}  // namespace driftgate::psl
