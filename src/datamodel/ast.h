#pragma once
// The syntax tree of a Prisma schema (PSL), as written: no name resolution, no validation beyond
// the grammar. The calculator that turns it into a core::Schema works on these nodes.
// PSL node names (Field, Attribute, Expression) would collide with SQL and core names, hence the
// psl namespace.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/source_location.h"

namespace driftgate::psl {

struct Argument;

struct Expression {
  enum class Kind {
    String,    // "text": `value` is the decoded text (escapes resolved)
    Number,    // 42, -1.5: `value` as written
    Boolean,   // true, false: `value` is "true" or "false"
    Constant,  // Cascade, Desc, db.Uuid: `value` is the name as written (dots included)
    Array,     // [a, b]: `elements`
    Function,  // now(), env("X"), raw("gin_trgm_ops"): `value` is the name, `arguments` its arguments
  };
  Kind kind = Kind::Constant;
  std::string value;
  std::vector<Expression> elements;
  std::vector<Argument> arguments;
  SourceLocation location;

  bool is(Kind k) const { return kind == k; }
  // The argument called `name`, else nullptr.
  const Expression* named(std::string_view name) const;
  // The n-th argument without a name (0-based), else nullptr.
  const Expression* positional(std::size_t n) const;
};

// `name: value`, or just `value` (name empty) in an attribute's or a function's parentheses.
struct Argument {
  std::string name;
  Expression value;
  SourceLocation location;
};

// @id, @db.VarChar(255), @@index([a, b(sort: Desc)], map: "x").
struct Attribute {
  std::string name;  // without the @ or @@: "id", "db.VarChar", "index"
  std::vector<Argument> arguments;
  SourceLocation location;  // from the @ to the closing parenthesis

  const Expression* named(std::string_view name) const;
  const Expression* positional(std::size_t n) const;
};

// A field of a model, view or composite type: `name Type? @attr...`.
struct Field {
  std::string name;
  std::string type;          // "String", "User"; for Unsupported("circle"): "circle"
  bool unsupported = false;  // Unsupported("...")
  bool optional = false;     // Type?
  bool list = false;         // Type[]
  std::vector<Attribute> attributes;
  std::string documentation;  // the /// lines before it and a /// after it, joined by '\n'
  SourceLocation location;       // the whole declaration
  SourceLocation type_location;  // the type, with its ? or []

  // The first attribute called `name` ("id", "db.VarChar"), else nullptr.
  const Attribute* attribute(std::string_view name) const;
};

// A value of an enum: `ADMIN @map("admin")`.
struct EnumValue {
  std::string name;
  std::vector<Attribute> attributes;
  std::string documentation;
  SourceLocation location;

  const Attribute* attribute(std::string_view name) const;
};

// `key = value` in a datasource or generator.
struct Property {
  std::string name;
  Expression value;
  SourceLocation location;
};

enum class BlockKind { Datasource, Generator, Model, Enum, View, Type };

// "datasource", "generator", "model", "enum", "view", "type": the keyword that opens the block.
const char* to_string(BlockKind kind);

struct Block {
  BlockKind kind = BlockKind::Model;
  std::string name;
  std::vector<Property> properties;   // datasource, generator
  std::vector<Field> fields;          // model, view, type
  std::vector<EnumValue> values;      // enum
  std::vector<Attribute> attributes;  // the @@ attributes: model, view, type, enum
  std::string documentation;
  SourceLocation location;       // from the keyword to the closing brace
  SourceLocation name_location;  // the name

  const Property* property(std::string_view name) const;
  const Field* field(std::string_view name) const;
  // The first block attribute called `name` ("map", "id"), else nullptr.
  const Attribute* attribute(std::string_view name) const;
};

struct SchemaFile {
  std::string path;  // as locations name it: relative to the repository root, '/'-separated
  std::string text;
};

struct Datamodel {
  std::vector<SchemaFile> files;  // in load order
  std::vector<Block> blocks;      // file order, then declaration order (Prisma's table order)
  // What was loaded, a file or a folder: the .env lookup starts beside it. Empty when parsed
  // from memory.
  std::filesystem::path schema_path;
};

}  // namespace driftgate::psl
