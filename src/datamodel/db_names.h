#pragma once
// The database names a datamodel gives its blocks and fields (@@map, @map, @@schema) and the
// implicit many-to-many relations that create join tables: read once here, by the translator
// (translate.h) and by what points back from a database object to its declaration (locations.h).
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "datamodel/ast.h"

namespace driftgate::psl {

// The string argument called `name` of an attribute; with `name` empty, the first positional
// argument, else one called `name:`. nullptr when the attribute is null or the argument is not a string.
const std::string* string_argument(const Attribute* a, std::string_view name = {});

// The database name: @@map / @map, else the name as declared.
std::string db_name(const Block& b);
std::string db_name(const Field& f);
std::string db_name(const EnumValue& v);

// The @@schema("x") of a block, else nullptr (the provider decides whether it counts).
const std::string* schema_attribute(const Block& b);

// @relation("name") or @relation(name: "name"), else "".
std::string relation_name(const Field& f);

// An implicit many-to-many relation: both sides are list relation fields without fields: (§5.4).
struct ImplicitManyToMany {
  std::string relation;          // the relation's name, or "{A}To{B}" without one
  const Block* a = nullptr;      // the models in byte order of their names
  const Block* b = nullptr;
  const Field* field = nullptr;  // the first of the two relation fields met
};

// Every implicit many-to-many relation of `models` (model name -> block), once, walking the models
// in name order and their fields in declaration order.
std::vector<ImplicitManyToMany> implicit_many_to_many(const std::map<std::string, const Block*>& models);

}  // namespace driftgate::psl
