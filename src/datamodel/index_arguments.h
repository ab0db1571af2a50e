#pragma once
// The PostgreSQL index arguments of a datamodel (prisma-datamodel-mapping.md §4.4) in the
// spellings introspection reads back: @@index(type: X) as the access method's name, and a field's
// ops: argument as the operator class's.
#include <optional>
#include <string>

#include "datamodel/ast.h"

namespace driftgate::psl {

// The access method of @@index(type: X): BTree -> btree, SpGist -> spgist. Throws a located
// driftgate::Error for a type Prisma does not have.
std::string index_method(const Expression& type);

// The operator class of a field's ops: argument on an index of `method`: a Prisma name as
// PostgreSQL names the class (JsonbPathOps -> jsonb_path_ops, Int4MinMaxOps -> int4_minmax_ops),
// raw("...") as written. Nullopt for the method's default class of the column's type
// (pg_opclass.opcdefault), which introspection leaves out as the database's "no class given" is the
// same index. Throws a located driftgate::Error for a name Prisma does not have.
std::optional<std::string> operator_class(const Expression& ops, const std::string& method);

}  // namespace driftgate::psl
