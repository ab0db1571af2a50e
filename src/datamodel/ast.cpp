#include "datamodel/ast.h"

#include <algorithm>

#include "util/find_named.h"

namespace driftgate::psl {
namespace {

const Expression* named_argument(const std::vector<Argument>& arguments, std::string_view name) {
  const Argument* argument = find_named(arguments, name);
  return argument ? &argument->value : nullptr;
}

const Expression* positional_argument(const std::vector<Argument>& arguments, std::size_t n) {
  for (const auto& argument : arguments) {
    if (!argument.name.empty()) continue;
    if (n == 0) return &argument.value;
    --n;
  }
  return nullptr;
}

}  // namespace

const Expression* Expression::named(std::string_view name) const { return named_argument(arguments, name); }
const Expression* Expression::positional(std::size_t n) const { return positional_argument(arguments, n); }
const Expression* Attribute::named(std::string_view name) const { return named_argument(arguments, name); }
const Expression* Attribute::positional(std::size_t n) const { return positional_argument(arguments, n); }

const Attribute* Field::attribute(std::string_view n) const { return find_named(attributes, n); }
const Attribute* EnumValue::attribute(std::string_view n) const { return find_named(attributes, n); }
const Property* Block::property(std::string_view n) const { return find_named(properties, n); }
const Field* Block::field(std::string_view n) const { return find_named(fields, n); }
const Attribute* Block::attribute(std::string_view n) const { return find_named(attributes, n); }

const char* to_string(BlockKind kind) {
  switch (kind) {
    case BlockKind::Datasource: return "datasource";
    case BlockKind::Generator: return "generator";
    case BlockKind::Model: return "model";
    case BlockKind::Enum: return "enum";
    case BlockKind::View: return "view";
    case BlockKind::Type: return "type";
  }
  return "model";
}

}  // namespace driftgate::psl
