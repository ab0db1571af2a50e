#include "datamodel/locations.h"

#include "core/schema.h"
#include "datamodel/constraint_names.h"
#include "datamodel/db_names.h"

namespace driftgate::psl {

DatamodelLocator::DatamodelLocator(const Datamodel& model) : model_(model) {
  for (const auto& b : model.blocks)
    if (b.kind == BlockKind::Model) models_[b.name] = &b;
}

const Block* DatamodelLocator::block(BlockKind kind, const std::string& ns, const std::string& name) const {
  // A block whose @@schema is the change's first; else one that names no schema, or any when the
  // change names none.
  const Block* loose = nullptr;
  for (const auto& b : model_.blocks) {
    if (b.kind != kind || db_name(b) != name) continue;
    const std::string* schema = schema_attribute(b);
    if (schema && *schema == ns) return &b;
    if (!loose && (ns.empty() || !schema)) loose = &b;
  }
  return loose;
}

const Field* DatamodelLocator::join_table_field(const std::string& table) const {
  if (!table.starts_with("_")) return nullptr;
  for (const auto& r : implicit_many_to_many(models_))
    for (Provider p : {Provider::PostgreSQL, Provider::MySQL})
      if (join_table_names(r.relation, p).table == table) return r.field;
  return nullptr;
}

SourceLocation DatamodelLocator::locate(const SchemaChange& change) const {
  switch (change.kind) {
    case ObjectKind::Enum:
      if (const Block* b = block(BlockKind::Enum, change.ns, change.name)) return b->name_location;
      return {};
    case ObjectKind::View:
      if (const Block* b = block(BlockKind::View, change.ns, change.name)) return b->name_location;
      return {};
    case ObjectKind::Table:
    case ObjectKind::Column:
    case ObjectKind::PrimaryKey:
    case ObjectKind::Index:
    case ObjectKind::ForeignKey:
    case ObjectKind::Check:
    case ObjectKind::Trigger: {
      const Block* model = block(BlockKind::Model, change.ns, change.table);
      if (!model) {
        const Field* f = join_table_field(change.table);
        return f ? f->location : SourceLocation{};
      }
      if (change.kind == ObjectKind::Column)
        for (const auto& f : model->fields)
          if (!models_.contains(f.type) && db_name(f) == change.name) return f.location;
      return model->name_location;
    }
    case ObjectKind::Namespace:
    case ObjectKind::Extension:
    case ObjectKind::Sequence:
    case ObjectKind::Routine:
      return {};
  }
  return {};
}

}  // namespace driftgate::psl
