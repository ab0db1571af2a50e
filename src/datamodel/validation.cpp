#include "datamodel/validation.h"

#include <map>

#include "core/error.h"

namespace driftgate::psl {
namespace {

void ignored_related_model(const Block& model, const Field& field, const Block& related) {
  if (!related.attribute("ignore") || field.attribute("ignore") || model.attribute("ignore")) return;
  throw Error(field.location, "Error parsing attribute \"@ignore\": The relation field `" + field.name +
                                  "` on Model `" + model.name + "` must specify the `@ignore` attribute, because the "
                                  "model " + related.name + " it is pointing to is marked ignored.");
}

void no_where_argument(const Attribute& index, const char* prefix) {
  for (const auto& argument : index.arguments)
    if (argument.name == "where")
      throw Error(argument.location, "Error parsing attribute \"" + std::string(prefix) + index.name +
                                         "\": No such argument. (where: makes a partial index, which needs Prisma 7's "
                                         "partialIndexes preview feature; driftgate follows Prisma 6, which has none: "
                                         "create the index in a migration)");
}

}  // namespace

void validate_datamodel(const Datamodel& model) {
  std::map<std::string, const Block*, std::less<>> models;
  for (const auto& b : model.blocks)
    if (b.kind == BlockKind::Model) models[b.name] = &b;
  // In declaration order, so that the first error in the files is the one reported.
  for (const auto& block : model.blocks) {
    if (block.kind != BlockKind::Model) continue;
    for (const auto& field : block.fields) {
      if (auto related = models.find(field.type); related != models.end())
        ignored_related_model(block, field, *related->second);
      if (const Attribute* unique = field.attribute("unique")) no_where_argument(*unique, "@");
    }
    for (const auto& attribute : block.attributes)
      if (attribute.name == "unique" || attribute.name == "index") no_where_argument(attribute, "@@");
  }
}

}  // namespace driftgate::psl
