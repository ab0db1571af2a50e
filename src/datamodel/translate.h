#pragma once
// The relational schema Prisma Migrate creates from a datamodel (its sql_schema_calculator),
// in the spellings introspection reads back (db/introspector.h), so that a datamodel and a
// replayed history compare as equal Schemas when Prisma would find them in sync. The rules and
// their evidence are in ../shared/docs/prisma-datamodel-mapping.md (§1-§7).
#include <string>

#include <set>

#include "core/schema.h"
#include "core/schema_diff.h"
#include "datamodel/ast.h"

namespace driftgate::psl {

struct TranslateOptions {
  // The PostgreSQL schema of objects without @@schema (the connection's schema); names of other
  // schemas' types and sequences are printed qualified relative to it, as introspection does.
  std::string default_namespace = "public";
  // Prisma 6 gives PostgreSQL implicit many-to-many tables a primary key (_X_AB_pkey); Prisma 5
  // and earlier a unique index (_X_AB_unique). MySQL always has the unique index.
  bool join_table_primary_key = true;
};

// The schema Prisma Migrate would create, and what a comparison with it must know beyond it.
struct Translation {
  Schema schema;
  // The defaults Prisma's differ compares its own way (DiffOptions::from_dbgenerated, to_dbgenerated).
  DbGeneratedDefaults dbgenerated_defaults;
};

// Throws a located driftgate::Error for what Prisma's validation rejects (validation.h), what a SQL
// database cannot hold (composite types), references the datamodel does not resolve (unknown types,
// fields or models) and literals that are not of their field's type.
Translation translate_datamodel(const Datamodel& model, Provider provider, const TranslateOptions& options = {});

}  // namespace driftgate::psl
