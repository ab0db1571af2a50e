#include <doctest/doctest.h>

#include <filesystem>
#include <unistd.h>

#include "core/error.h"
#include "datamodel/env.h"
#include "datamodel/parser.h"
#include "datamodel/schema_loader.h"
#include "temp_dir.h"
#include "util/file_io.h"

namespace fs = std::filesystem;
using namespace driftgate;
using namespace driftgate::psl;
using Kind = Expression::Kind;

namespace {

std::vector<Block> parse(const std::string& text) { return parse_schema_file({"schema.prisma", text}); }

// "file:line:col: message" of the error the text raises.
std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const Error& e) {
    return e.located_message();
  }
  return "no error";
}

// "file:line:col: message" of the error loading raises.
std::string load_error(const fs::path& path, const DatamodelLoadOptions& options) {
  try {
    load_datamodel(path, options);
  } catch (const Error& e) {
    return e.located_message();
  }
  return "no error";
}

std::string span(const SourceLocation& l) {
  return std::to_string(l.line) + ":" + std::to_string(l.column) + "-" + std::to_string(l.end_line) + ":" +
         std::to_string(l.end_column);
}


const fs::path kFixtures = fs::path(DRIFTGATE_SOURCE_DIR) / "fixtures" / "datamodel";

}  // namespace

TEST_CASE("fields: types, arity, Unsupported, attributes and their exact locations") {
  auto blocks = parse(
      "model User {\n"
      "  id    Int     @id @default(autoincrement())\n"
      "  email String? @unique @db.VarChar(255)\n"
      "  tags  String[]\n"
      "  shape Unsupported(\"circle\")?\n"
      "}\n");
  REQUIRE(blocks.size() == 1);
  const Block& user = blocks[0];
  CHECK(user.kind == BlockKind::Model);
  CHECK(user.name == "User");
  CHECK(span(user.location) == "1:1-6:2");
  CHECK(span(user.name_location) == "1:7-1:11");
  CHECK(user.location.file == "schema.prisma");
  REQUIRE(user.fields.size() == 4);

  const Field& id = user.fields[0];
  CHECK(id.name == "id");
  CHECK(id.type == "Int");
  CHECK_FALSE(id.optional);
  CHECK_FALSE(id.list);
  CHECK(span(id.location) == "2:3-2:46");
  CHECK(span(id.type_location) == "2:9-2:12");
  REQUIRE(id.attributes.size() == 2);
  CHECK(id.attributes[0].name == "id");
  CHECK(id.attributes[0].arguments.empty());
  CHECK(span(id.attributes[0].location) == "2:17-2:20");
  const Attribute& def = id.attributes[1];
  CHECK(def.name == "default");
  CHECK(span(def.location) == "2:21-2:46");
  REQUIRE(def.arguments.size() == 1);
  CHECK(def.arguments[0].name.empty());
  const Expression* call = def.positional(0);
  REQUIRE(call);
  CHECK(call->is(Kind::Function));
  CHECK(call->value == "autoincrement");
  CHECK(call->arguments.empty());
  CHECK(span(call->location) == "2:30-2:45");

  const Field& email = user.fields[1];
  CHECK(email.type == "String");
  CHECK(email.optional);
  CHECK(span(email.type_location) == "3:9-3:16");
  REQUIRE(email.attribute("db.VarChar"));
  const Expression* length = email.attribute("db.VarChar")->positional(0);
  REQUIRE(length);
  CHECK(length->is(Kind::Number));
  CHECK(length->value == "255");
  CHECK(email.attribute("unique"));
  CHECK_FALSE(email.attribute("id"));

  CHECK(user.fields[2].list);
  CHECK_FALSE(user.fields[2].optional);
  const Field& shape = user.fields[3];
  CHECK(shape.unsupported);
  CHECK(shape.type == "circle");
  CHECK(shape.optional);
  CHECK(user.field("shape") == &shape);
}

TEST_CASE("expressions: strings with escapes, numbers, booleans, constants, arrays, calls, named arguments") {
  auto blocks = parse(
      "model M {\n"
      "  a String  @default(\"q\\\"b\\\\s\\/n\\nt\\tu\\u00e9p\\ud83d\\ude00\")\n"
      "  b Float   @default(-1.5)\n"
      "  c Boolean @default(false)\n"
      "  d Role[]  @default([USER, ADMIN])\n"
      "  e String  @default(uuid(4))\n"
      "  f Int\n"
      "  g User    @relation(\"name\", fields: [f], references: [id], onDelete: Cascade,)\n"
      "\n"
      "  @@index([a(sort: Desc), b(length: 10), c(ops: raw(\"gin_trgm_ops\"))], type: Gin, map: \"m_idx\")\n"
      "  @@map(\"things\")\n"
      "}\n");
  const Block& m = blocks.at(0);
  auto value = [&](const char* field) { return m.field(field)->attribute("default")->positional(0); };

  CHECK(value("a")->is(Kind::String));
  CHECK(value("a")->value == "q\"b\\s/n\nt\tu\xC3\xA9p\xF0\x9F\x98\x80");
  CHECK(value("b")->is(Kind::Number));
  CHECK(value("b")->value == "-1.5");
  CHECK(value("c")->is(Kind::Boolean));
  CHECK(value("c")->value == "false");
  const Expression* roles = value("d");
  REQUIRE(roles->is(Kind::Array));
  REQUIRE(roles->elements.size() == 2);
  CHECK(roles->elements[0].is(Kind::Constant));
  CHECK(roles->elements[1].value == "ADMIN");
  CHECK(value("e")->value == "uuid");
  CHECK(value("e")->positional(0)->value == "4");

  const Attribute* relation = m.field("g")->attribute("relation");
  REQUIRE(relation);
  CHECK(relation->arguments.size() == 4);  // the trailing comma adds nothing
  CHECK(relation->positional(0)->value == "name");
  CHECK_FALSE(relation->positional(1));
  CHECK(relation->named("fields")->elements.at(0).value == "f");
  CHECK(relation->named("onDelete")->is(Kind::Constant));
  CHECK(relation->named("onDelete")->value == "Cascade");
  CHECK(relation->arguments[1].name == "fields");
  CHECK(span(relation->arguments[1].location) == "8:31-8:42");

  REQUIRE(m.attributes.size() == 2);
  const Attribute& index = m.attributes[0];
  CHECK(index.name == "index");
  CHECK(span(index.location) == "10:3-10:96");
  const Expression* columns = index.positional(0);
  REQUIRE(columns->elements.size() == 3);
  CHECK(columns->elements[0].is(Kind::Function));
  CHECK(columns->elements[0].value == "a");
  CHECK(columns->elements[0].named("sort")->value == "Desc");
  CHECK(columns->elements[1].named("length")->value == "10");
  const Expression* ops = columns->elements[2].named("ops");
  CHECK(ops->value == "raw");
  CHECK(ops->positional(0)->value == "gin_trgm_ops");
  CHECK(index.named("type")->value == "Gin");
  CHECK(index.named("map")->value == "m_idx");
  CHECK(m.attribute("map")->positional(0)->value == "things");
}

TEST_CASE("columns count UTF-16 code units") {
  auto blocks = parse("model M {\n  note String @default(\"\xC3\xA9\xF0\x9F\x98\x80\") @map(\"n\")\n}\n");
  // é is one unit, the emoji two: @map starts at column 31 (byte 35).
  CHECK(span(blocks[0].fields[0].attributes[1].location) == "2:31-2:40");
}

TEST_CASE("names are letters and numbers of any script, as Prisma accepts them") {
  auto blocks = parse("model Straße {\n  l\xC3\xA4nger\xC3\xA9 String @unique\n  \xE5\x90\x8D\xE5\x89\x8D_2-x Int\n"
                      "  \xC2\xB2nd Int\n  @@index([l\xC3\xA4nger\xC3\xA9, \xE5\x90\x8D\xE5\x89\x8D_2-x])\n}\n");
  REQUIRE(blocks.size() == 1);
  CHECK(blocks[0].name == "Straße");
  REQUIRE(blocks[0].fields.size() == 3);
  CHECK(blocks[0].fields[0].name == "l\xC3\xA4nger\xC3\xA9");
  CHECK(blocks[0].fields[1].name == "\xE5\x90\x8D\xE5\x89\x8D_2-x");  // 名前_2-x
  CHECK(blocks[0].fields[2].name == "\xC2\xB2nd");                          // ², a number
  CHECK(blocks[0].attributes[0].positional(0)->elements[1].value == "\xE5\x90\x8D\xE5\x89\x8D_2-x");
  // Punctuation, symbols and combining marks are neither: Prisma rejects them too.
  CHECK(error_of("model A {\n  \xC2\xBFid Int\n}\n") == "schema.prisma:2:3: unexpected character '\xC2\xBF'");
  CHECK(error_of("model A {\n  id\xE2\x82\xAC Int\n}\n") == "schema.prisma:2:5: unexpected character '\xE2\x82\xAC'");
  CHECK(error_of("model A {\n  \xF0\x9F\x98\x80 Int\n}\n") == "schema.prisma:2:3: unexpected character '\xF0\x9F\x98\x80'");
  CHECK(error_of("model A {\n  e\xCC\x81 Int\n}\n") == "schema.prisma:2:4: unexpected character '\xCC\x81'");
}

TEST_CASE("datasource and generator properties, env() calls and dotted constants") {
  auto blocks = parse(
      "datasource db {\n"
      "  provider   = \"postgresql\"\n"
      "  url        = env(\"DATABASE_URL\") // where\n"
      "  extensions = [citext, pg_trgm(schema: \"ext\")]\n"
      "}\n"
      "generator client {\n"
      "  provider        = \"prisma-client-js\"\n"
      "  previewFeatures = [\"views\"]\n"
      "  sorted          = Sort.Desc\n"
      "}\n");
  REQUIRE(blocks.size() == 2);
  const Block& db = blocks[0];
  CHECK(db.kind == BlockKind::Datasource);
  REQUIRE(db.properties.size() == 3);
  CHECK(db.property("provider")->value.value == "postgresql");
  const Expression& url = db.property("url")->value;
  CHECK(url.is(Kind::Function));
  CHECK(url.value == "env");
  CHECK(url.positional(0)->value == "DATABASE_URL");
  CHECK(span(db.property("url")->location) == "3:3-3:35");
  const Expression& extensions = db.property("extensions")->value;
  REQUIRE(extensions.elements.size() == 2);
  CHECK(extensions.elements[0].is(Kind::Constant));
  CHECK(extensions.elements[1].named("schema")->value == "ext");
  const Block& client = blocks[1];
  CHECK(client.kind == BlockKind::Generator);
  CHECK(client.property("previewFeatures")->value.elements.at(0).value == "views");
  CHECK(client.property("sorted")->value.value == "Sort.Desc");
}

TEST_CASE("enums with mapped values, block attributes and documentation") {
  auto blocks = parse(
      "enum Role {\n"
      "  USER  @map(\"user\")\n"
      "  /// Everything.\n"
      "  ADMIN @map(\"admin\") /// Really.\n"
      "\n"
      "  @@map(\"role\")\n"
      "  @@schema(\"auth\")\n"
      "}\n");
  const Block& role = blocks.at(0);
  CHECK(role.kind == BlockKind::Enum);
  REQUIRE(role.values.size() == 2);
  CHECK(role.values[0].name == "USER");
  CHECK(role.values[0].attribute("map")->positional(0)->value == "user");
  CHECK(span(role.values[0].location) == "2:3-2:21");
  CHECK(role.values[1].documentation == "Everything.\nReally.");
  REQUIRE(role.attributes.size() == 2);
  CHECK(role.attributes[1].name == "schema");
  CHECK(role.attributes[1].positional(0)->value == "auth");
}

TEST_CASE("doc comments attach to the next block or field; // comments and blank lines do not carry them") {
  auto blocks = parse(
      "// plain\n"
      "/// Floating: a blank line follows.\n"
      "\n"
      "/// Users.\n"
      "// an ordinary comment in between\n"
      "/// Second line.\n"
      "model User {\n"
      "  ///   The key.\n"
      "  id   Int    @id /// trailing\n"
      "  // not documentation\n"
      "  name String\n"
      "\n"
      "  @@ignore\n"
      "}\n"
      "/* A block\n"
      "   comment. */\n"
      "view V {\n"
      "  id Int @unique\n"
      "}\n"
      "type Address {\n"
      "  street String\n"
      "}\n");
  REQUIRE(blocks.size() == 3);
  CHECK(blocks[0].documentation == "Users.\nSecond line.");
  CHECK(blocks[0].fields[0].documentation == "The key.\ntrailing");
  CHECK(blocks[0].fields[1].documentation.empty());
  CHECK(blocks[0].attribute("ignore"));
  CHECK(blocks[1].kind == BlockKind::View);
  CHECK(blocks[1].documentation == "A block\n   comment.");
  CHECK(blocks[2].kind == BlockKind::Type);
  CHECK(blocks[2].fields.at(0).type == "String");
}

TEST_CASE("CRLF and CR line breaks, a byte order mark, no final line break") {
  auto blocks = parse("\xEF\xBB\xBFmodel A {\r\n  id Int @id\r  name String\r\n}");
  REQUIRE(blocks.size() == 1);
  CHECK(blocks[0].fields.size() == 2);
  CHECK(span(blocks[0].fields[1].location) == "3:3-3:14");
}

TEST_CASE("syntax errors say where, what was expected and what was found") {
  // missing braces
  CHECK(error_of("model A {\n  id Int @id\n\nmodel B {\n  id Int @id\n}\n") ==
        "schema.prisma:4:1: expected '}' to close model A opened at line 1, found the start of model B");
  CHECK(error_of("enum Role {\n  USER\n\nmodel B {\n}\n") ==
        "schema.prisma:4:1: expected '}' to close enum Role opened at line 1, found the start of model B");
  CHECK(error_of("model A {\n  id Int @id\n") ==
        "schema.prisma:3:1: expected '}' to close model A opened at line 1, found end of file");
  CHECK(error_of("model A\n  id Int\n}\n") == "schema.prisma:1:8: expected '{' after model A, found end of line");
  // bad attribute arguments
  CHECK(error_of("model A {\n  id Int @default(,)\n}\n") == "schema.prisma:2:19: expected a value, found ','");
  CHECK(error_of("model A {\n  name String @db.VarChar(255\n}\n") ==
        "schema.prisma:2:30: expected ',' or ')' after the argument, found end of line");
  CHECK(error_of("model A {\n  user User @relation(fields: )\n}\n") ==
        "schema.prisma:2:31: expected a value for argument fields, found ')'");
  CHECK(error_of("model A {\n  @@index([a,\n    b])\n}\n") == "schema.prisma:2:14: expected a value, found end of line");
  CHECK(error_of("model A {\n  @@index([a,])\n}\n") == "schema.prisma:2:14: expected a value after ',', found ']'");
  CHECK(error_of("model A {\n  id Int @\n}\n") == "schema.prisma:2:11: expected an attribute name after '@', found end of line");
  // strings
  CHECK(error_of("model A {\n  name String @default(\"abc\n}\n") ==
        "schema.prisma:2:24: expected '\"' to close the string, found end of line");
  CHECK(error_of("model A {\n  p String @default(\"C:\\dir\")\n}\n") ==
        "schema.prisma:2:24: unknown escape sequence '\\d' in a string (a backslash is written '\\\\')");
  CHECK(error_of("model A {\n  p String @default(\"\\\xC3\xA9\")\n}\n") ==
        "schema.prisma:2:22: unknown escape sequence (a backslash before '\xC3\xA9') in a string (a backslash is "
        "written '\\\\')");
  CHECK(error_of("model A {\n  p String @default(\"\\u12G4\")\n}\n") ==
        "schema.prisma:2:22: invalid unicode escape sequence: expected \\u and four hex digits");
  CHECK(error_of("model A {\n  p String @default(\"a\tb\")\n}\n") ==
        "schema.prisma:2:23: control character U+0009 in a string; write it as an escape sequence");
  // blocks
  CHECK(error_of("table User {\n}\n") ==
        "schema.prisma:1:1: expected a block keyword (model, enum, view, type, datasource or generator), found 'table'");
  CHECK(error_of("}\n") ==
        "schema.prisma:1:1: expected a block (model, enum, view, type, datasource or generator), found '}'");
  CHECK(error_of("type Name = String\n") ==
        "schema.prisma:1:11: type aliases (type Name = ...) are not supported; a composite type is declared as type "
        "Name { ... }");
  CHECK(error_of("model A { id Int }\n") == "schema.prisma:1:11: expected a new line after '{', found 'id'");
  // stray characters
  CHECK(error_of("model A {\n  id Int @id $\n}\n") == "schema.prisma:2:14: unexpected character '$'");
  CHECK(error_of("model A {\n  id Int @id\n}\n\x01") == "schema.prisma:4:1: unexpected character U+0001");
  CHECK(error_of("model A {\n  id Int @id \xFF\n}\n") == "schema.prisma:2:14: unexpected character \\xFF");
  CHECK(error_of("model A {\n  _id Int\n}\n") == "schema.prisma:2:3: unexpected character '_'");
  CHECK(error_of("/* never closed\nmodel A {}\n") ==
        "schema.prisma:1:1: expected '*/' to close the comment, found end of file");
  // field declarations
  CHECK(error_of("model A {\n  id }\n") == "schema.prisma:2:6: expected a field type, found '}'");
  CHECK(error_of("model A {\n  id: Int\n}\n") ==
        "schema.prisma:2:5: expected a field type, found ':' (write the type after the name, with no ':')");
  CHECK(error_of("model A {\n  ids [Int]\n}\n") ==
        "schema.prisma:2:7: expected a field type, found '[' (a list is written Type[], not [Type])");
  CHECK(error_of("model A {\n  ids Int[]?\n}\n") ==
        "schema.prisma:2:12: expected an attribute or a new line, found '?' (optional lists are not supported: use "
        "Int[] or Int?)");
  CHECK(error_of("model A {\n  id Int!\n}\n") ==
        "schema.prisma:2:9: expected an attribute or a new line, found '!' (fields are required by default)");
  CHECK(error_of("model A {\n  id Int @id }\n") ==
        "schema.prisma:2:14: expected an attribute or a new line after field id, found '}'");
  CHECK(error_of("model A {\n  db.id Int\n}\n") == "schema.prisma:2:3: expected a field name, found 'db.id'");
  CHECK(error_of("model A {\n  id Int @db.\n}\n") == "schema.prisma:2:14: expected a name after '.', found end of line");
  // config blocks and enums
  CHECK(error_of("datasource db {\n  provider \"x\"\n}\n") ==
        "schema.prisma:2:12: expected '=' after provider, found '\"x\"'");
  CHECK(error_of("datasource db {\n  url =\n}\n") == "schema.prisma:2:8: expected a value for url, found end of line");
  CHECK(error_of("enum A {\n  B C\n}\n") == "schema.prisma:2:5: expected an attribute or a new line after B, found 'C'");
  CHECK(error_of("enum A {\n  \"B\"\n}\n") ==
        "schema.prisma:2:3: expected an enum value, a block attribute (@@) or '}', found '\"B\"'");
}

TEST_CASE("nesting deeper than the limit is an error, not a stack overflow") {
  std::string deep(kMaxExpressionDepth - 1, '[');
  std::string close(kMaxExpressionDepth - 1, ']');
  CHECK(parse("model A {\n  a Int @default(" + deep + "1" + close + ")\n}\n").size() == 1);
  std::string too_deep(100000, '[');
  CHECK(error_of("model A {\n  a Int @default(" + too_deep + ")\n}\n") ==
        "schema.prisma:2:82: expression nested too deeply (more than 64 levels of [] and ())");
  std::string calls;
  for (int i = 0; i < 1000; ++i) calls += "f(";
  CHECK(error_of("model A {\n  a Int @default(" + calls + ")\n}\n").find("nested too deeply") != std::string::npos);
}

TEST_CASE("the constructs fixture parses into the blocks it declares") {
  auto model = load_datamodel(kFixtures / "constructs.prisma");
  REQUIRE(model.blocks.size() == 8);
  const Block& user = model.blocks[2];
  CHECK(user.name == "User");
  CHECK(user.documentation == "Who may sign in.\nTwo lines of documentation.");
  CHECK(user.fields.size() == 25);
  CHECK(user.field("nickname")->attribute("default")->positional(0)->value == "it's \"quoted\" \\ \xC3\xA9\t");
  CHECK(user.field("location")->type == "geography(Point, 4326)");
  CHECK(user.field("profile")->documentation == "A trailing doc comment.");
  CHECK(user.attributes.size() == 6);
  const Block& post = model.blocks[3];
  REQUIRE(post.attributes.size() == 3);
  CHECK(post.attributes[0].name == "id");
  CHECK(post.attributes[0].named("map")->value == "post_pk");
  CHECK(post.attributes[1].name == "fulltext");
  CHECK(post.attributes[2].name == "schema");
  CHECK(model.blocks[4].attribute("ignore"));
  CHECK(model.blocks[5].values.at(2).documentation == "Reads only.");
  CHECK(model.blocks[6].kind == BlockKind::View);
  CHECK(model.blocks[7].kind == BlockKind::Type);
}

TEST_CASE("a schema folder is read recursively, each folder's entries in byte order") {
  testing::TempDir dir;
  auto model = load_datamodel(kFixtures / "multi-file", {".", kFixtures});
  REQUIRE(model.files.size() == 3);
  CHECK(model.files[0].path == "multi-file/a-first.prisma");
  CHECK(model.files[1].path == "multi-file/models/user.prisma");
  CHECK(model.files[2].path == "multi-file/schema.prisma");
  REQUIRE(model.blocks.size() == 4);
  CHECK(model.blocks[0].name == "Status");
  CHECK(model.blocks[1].location.file == "multi-file/models/user.prisma");
  CHECK(datasource_provider(model, EnvContext{}) == Provider::MySQL);

  dir.file("schema/notes.txt", "not a schema");
  dir.file("schema/b.prisma", "model B {\n  id Int @id\n  x\n}\n");
  CHECK(load_error("schema", {dir.path, dir.path}) == "schema/b.prisma:3:4: expected a field type, found end of line");
  dir.file("empty/readme.md", "");
  CHECK_THROWS_WITH_AS(load_datamodel("empty", {dir.path, dir.path}), "empty: no .prisma files in this folder", Error);
  CHECK_THROWS_WITH_AS(load_datamodel("missing.prisma", {dir.path, dir.path}),
                       "missing.prisma: no such schema file or folder", Error);
}

TEST_CASE("without a path, the schema comes from package.json, then schema.prisma, then prisma/schema.prisma") {
  testing::TempDir dir;
  const std::string model = "model A {\n  id Int @id\n}\n";
  CHECK_THROWS_WITH_AS(load_datamodel({}, {dir.path, dir.path}), doctest::Contains("no Prisma schema found"), Error);

  dir.file("prisma/schema.prisma", model);
  CHECK(load_datamodel({}, {dir.path, dir.path}).files.at(0).path == "prisma/schema.prisma");
  dir.file("schema.prisma", model);  // Prisma's CLI checks ./schema.prisma first
  CHECK(load_datamodel({}, {dir.path, dir.path}).files.at(0).path == "schema.prisma");

  // package.json is found from a subfolder; its path is relative to the package.json.
  dir.file("package.json", R"({"name": "app", "prisma": {"schema": "db/schema"}})");
  dir.file("db/schema/a.prisma", model);
  dir.file("src/index.ts", "");
  auto found = load_datamodel({}, {dir.path / "src", dir.path});
  CHECK(found.files.at(0).path == "db/schema/a.prisma");
  CHECK(found.schema_path == dir.path / "db/schema");

  dir.file("package.json", R"({"prisma": {"schema": "nowhere.prisma"}})");
  CHECK_THROWS_WITH_AS(load_datamodel({}, {dir.path, dir.path}),
                       "package.json: \"prisma\".\"schema\" names nowhere.prisma, which does not exist", Error);
  dir.file("package.json", R"({"prisma": {"schema": 42}})");
  CHECK_THROWS_WITH_AS(load_datamodel({}, {dir.path, dir.path}),
                       "package.json: \"prisma\".\"schema\" must be a string", Error);
  dir.file("package.json", R"({"name": "app"})");
  CHECK(load_datamodel({}, {dir.path, dir.path}).files.at(0).path == "schema.prisma");
}

TEST_CASE(".env files parse as dotenv 16 parses them") {
  auto values = parse_dotenv(
      "# a comment\n"
      "export A=1\n"
      "B = two words  # trailing comment\n"
      "C=\"line1\\nline2\"\n"
      "D='single # not a comment'\n"
      "E=`back`\n"
      "F: colon\n"
      "G=\"multi\n"
      "line\"\n"
      "H=\n"
      "I=first\r\n"
      "I=last\r\n"
      "not a variable\n"
      "J=\"unterminated\n"
      "K=ok");
  CHECK(values.size() == 11);
  CHECK(values["A"] == "1");
  CHECK(values["B"] == "two words");
  CHECK(values["C"] == "line1\nline2");
  CHECK(values["D"] == "single # not a comment");
  CHECK(values["E"] == "back");
  CHECK(values["F"] == "colon");
  CHECK(values["G"] == "multi\nline");
  CHECK(values["H"] == "");
  CHECK(values["I"] == "last");
  CHECK(values["J"] == "\"unterminated");
  CHECK(values["K"] == "ok");
}

TEST_CASE("env() resolves from the environment, then the root .env, then the schema's .env") {
  EnvContext context;
  context.environment = {{"A", "env"}};
  context.files = {
      {"root/.env", {{"A", "root"}, {"B", "root"}, {"C", "${B}-x"}, {"F", "\\${B}"}, {"H", "${D}"}, {"L", "${L}"}}},
      {"prisma/.env", {{"A", "schema"}, {"B", "schema"}, {"D", "schema"}, {"E", "${B}+${D}+${A}+${NONE}"}}},
  };
  CHECK(resolve_env("A", context) == "env");
  CHECK(resolve_env("B", context) == "root");
  CHECK(resolve_env("D", context) == "schema");
  CHECK(resolve_env("C", context) == "root-x");
  CHECK(resolve_env("E", context) == "root+schema+env+");
  CHECK(resolve_env("F", context) == "${B}");
  CHECK(resolve_env("H", context) == "");  // the root file is expanded before the schema's is read
  CHECK_FALSE(resolve_env("NONE", context).has_value());
  CHECK_THROWS_WITH_AS(resolve_env("L", context), doctest::Contains("nest more than 32 levels"), Error);
}

TEST_CASE("env_context finds the .env files Prisma would read") {
  testing::TempDir dir;
  dir.file("package.json", R"({"name": "app"})");
  dir.file(".env", "SHARED=root\nROOT_ONLY=1\n");
  dir.file("prisma/schema.prisma", "");
  dir.file("prisma/.env", "SHARED=schema\nSCHEMA_ONLY=2\n");

  auto context = env_context(dir.path / "prisma/schema.prisma", dir.path / "src");
  context.environment.clear();
  REQUIRE(context.files.size() == 2);
  CHECK(context.files[0].path == dir.path / ".env");
  CHECK(context.files[1].path == dir.path / "prisma/.env");
  CHECK(resolve_env("SHARED", context) == "root");
  CHECK(resolve_env("SCHEMA_ONLY", context) == "2");

  // A schema folder's .env sits beside the folder; the root .env is read once.
  dir.file("prisma/schema/a.prisma", "");
  CHECK(env_context(dir.path / "prisma/schema/", dir.path).files.at(1).path == dir.path / "prisma/.env");
  CHECK(env_context(dir.path / "schema.prisma", dir.path).files.size() == 1);
  CHECK(env_context(dir.path / "prisma/schema.prisma", dir.path).environment.count("PATH") == 1);
}

TEST_CASE("the datasource provider: a string or env(), PostgreSQL or MySQL only, with located errors") {
  auto model_of = [](const std::string& provider) {
    return parse_datamodel({{"schema.prisma", "datasource db {\n  provider = " + provider + "\n}\n"}});
  };
  EnvContext context;
  context.environment = {{"DB_PROVIDER", "mysql"}};
  CHECK(datasource_provider(model_of("\"postgresql\""), context) == Provider::PostgreSQL);
  CHECK(datasource_provider(model_of("\"postgres\""), context) == Provider::PostgreSQL);
  CHECK(datasource_provider(model_of("env(\"DB_PROVIDER\")"), context) == Provider::MySQL);

  auto error = [&](const std::string& provider) {
    try {
      datasource_provider(model_of(provider), context);
    } catch (const Error& e) {
      return e.located_message();
    }
    return std::string("no error");
  };
  CHECK(error("env(\"UNSET\")") ==
        "schema.prisma:2:14: environment variable UNSET is not set (it gives the datasource provider; set it, or put "
        "it in a .env file beside the schema or package.json)");
  CHECK(error("\"sqlite\"") ==
        "schema.prisma:2:14: datasource provider \"sqlite\" is not supported: driftgate supports postgresql and mysql");
  CHECK(error("\"cockroachdb\"").find("is not supported") != std::string::npos);
  CHECK(error("\"oracle\"") == "schema.prisma:2:14: unknown datasource provider \"oracle\": expected postgresql or mysql");
  CHECK(error("5") ==
        "schema.prisma:2:14: expected a string or env(\"NAME\") for the datasource provider, found the number 5");
  CHECK(error("env(NAME)") ==
        "schema.prisma:2:14: expected env(\"NAME\") with the variable's name as its one argument, a string");

  auto located = [&](const std::string& text) {
    try {
      datasource_provider(parse_datamodel({{"schema.prisma", text}}), context);
    } catch (const Error& e) {
      return e.located_message();
    }
    return std::string("no error");
  };
  CHECK(located("model A {\n  id Int @id\n}\n") ==
        "schema.prisma: expected a datasource block (datasource db { provider = \"postgresql\" }), found none");
  CHECK(located("datasource a {\n  provider = \"mysql\"\n}\ndatasource b {\n  provider = \"mysql\"\n}\n") ==
        "schema.prisma:4:12: expected one datasource block, found a second one, b (the first is a at "
        "schema.prisma:1:12)");
  CHECK(located("datasource db {\n  url = \"x\"\n}\n") == "schema.prisma:1:12: datasource db has no provider");
}
