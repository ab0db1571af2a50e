#pragma once
// What Prisma's schema validation (P1012) rejects that the calculator would otherwise translate
// into something Prisma never creates.
#include "datamodel/ast.h"

namespace driftgate::psl {

// Throws a located driftgate::Error, worded as Prisma's, for:
// - a relation field pointing to an @@ignore'd model without @ignore itself, in a model that is not
//   ignored (parser-database ignored_related_model);
// - where: on @unique, @@unique or @@index: partial indexes need Prisma 7's partialIndexes preview
//   feature; Prisma 6 has no such argument, and a full index in its place would be another index.
void validate_datamodel(const Datamodel& model);

}  // namespace driftgate::psl
