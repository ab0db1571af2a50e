#include <doctest/doctest.h>

#include "core/error.h"
#include "datamodel/constraint_names.h"
#include "datamodel/parser.h"
#include "datamodel/translate.h"

using namespace driftgate;
using namespace driftgate::psl;

namespace {

Translation translation(const std::string& body, Provider provider = Provider::PostgreSQL,
                        TranslateOptions options = {}) {
  std::string source = provider == Provider::PostgreSQL ? "postgresql" : "mysql";
  return translate_datamodel(parse_datamodel({{"schema.prisma", "datasource db {\n  provider = \"" + source +
                                                                        "\"\n}\n" + body}}),
                             provider, options);
}

Schema translate(const std::string& body, Provider provider = Provider::PostgreSQL, TranslateOptions options = {}) {
  return translation(body, provider, options).schema;
}

const Table& table(const Schema& s, const std::string& name, const std::string& ns = "public") {
  const Table* t = s.find_namespace(ns)->table(name);
  REQUIRE(t);
  return *t;
}

const Column& column(const Table& t, const std::string& name) {
  const Column* c = t.column(name);
  REQUIRE(c);
  return *c;
}

std::string error_of(const std::string& body) {
  try {
    translate(body);
  } catch (const Error& e) {
    return e.located_message();
  }
  return "no error";
}

const char* kBlog = R"psl(
enum Role {
  USER
  ADMIN @map("admin")
}
model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  name      String?
  role      Role     @default(USER)
  createdAt DateTime @default(now())
  updatedAt DateTime @updatedAt
  tags      String[]
  posts     Post[]
}
model Post {
  id       String @id @default(cuid())
  title    String @db.VarChar(255)
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
  editorId Int?
  editor   User?  @relation("edits", fields: [editorId], references: [id], onDelete: Cascade)
  tags     Tag[]
  @@index([title(sort: Desc), authorId], map: "by_title")
  @@map("posts")
}
model Tag {
  id    Int    @id @default(autoincrement())
  posts Post[]
}
)psl";

}  // namespace

TEST_CASE("translate: PostgreSQL columns, types and defaults as introspection prints them") {
  // The second User relation of Post needs its back relation.
  std::string body = std::string(kBlog);
  body.replace(body.find("  posts     Post[]\n"), 19, "  posts     Post[]\n  edited    Post[] @relation(\"edits\")\n");
  Schema s = translate(body);
  const Table& user = table(s, "User");
  CHECK(column(user, "id") == Column{"id", "integer", false, "nextval('\"User_id_seq\"'::regclass)", ColumnGeneration::Serial});
  CHECK(column(user, "email") == Column{"email", "text", false});
  CHECK(column(user, "name") == Column{"name", "text", true});
  CHECK(column(user, "role") == Column{"role", "\"Role\"", false, "'USER'::\"Role\""});
  CHECK(column(user, "createdAt") == Column{"createdAt", "timestamp(3) without time zone", false, "CURRENT_TIMESTAMP"});
  CHECK(column(user, "updatedAt") == Column{"updatedAt", "timestamp(3) without time zone", false});
  CHECK(column(user, "tags") == Column{"tags", "text[]", true});  // lists are never NOT NULL
  CHECK(user.columns.size() == 7);  // relation fields make no column
  CHECK(user.primary_key == PrimaryKey{"User_pkey", {"id"}});
  CHECK(user.indexes == std::vector<Index>{Index{"User_email_key", {{"email"}}, true}});
  CHECK(s.find_namespace("public")->enums == std::vector<Enum>{{"Role", {"USER", "admin"}}});
  CHECK(s.find_namespace("public")->sequences == std::vector<Sequence>{{"Tag_id_seq", "integer", 1, 1, "Tag.id"},
                                                                        {"User_id_seq", "integer", 1, 1, "User.id"}});

  const Table& post = table(s, "posts");
  CHECK(column(post, "id") == Column{"id", "text", false});  // cuid(): no database default
  CHECK(column(post, "title").type == "character varying(255)");
  CHECK(post.primary_key == PrimaryKey{"posts_pkey", {"id"}});
  CHECK(post.indexes == std::vector<Index>{Index{"by_title", {{"title", true}, {"authorId"}}}});
  CHECK(post.foreign_keys == std::vector<ForeignKey>{
                                 {"posts_authorId_fkey", {"authorId"}, "public", "User", {"id"}, "RESTRICT", "CASCADE"},
                                 {"posts_editorId_fkey", {"editorId"}, "public", "User", {"id"}, "CASCADE", "CASCADE"}});
}

TEST_CASE("translate: implicit many-to-many join table, Prisma 6 and Prisma 5 forms") {
  Schema s = translate(kBlog);
  const Table& join = table(s, "_PostToTag");
  CHECK(join.columns == std::vector<Column>{{"A", "text", false}, {"B", "integer", false}});
  CHECK(join.primary_key == PrimaryKey{"_PostToTag_AB_pkey", {"A", "B"}});
  CHECK(join.indexes == std::vector<Index>{Index{"_PostToTag_B_index", {{"B"}}}});
  CHECK(join.foreign_keys == std::vector<ForeignKey>{
                                 {"_PostToTag_A_fkey", {"A"}, "public", "posts", {"id"}, "CASCADE", "CASCADE"},
                                 {"_PostToTag_B_fkey", {"B"}, "public", "Tag", {"id"}, "CASCADE", "CASCADE"}});

  TranslateOptions prisma5;
  prisma5.join_table_primary_key = false;
  Schema s5 = translate(kBlog, Provider::PostgreSQL, prisma5);
  const Table& old = table(s5, "_PostToTag");
  CHECK_FALSE(old.primary_key);
  CHECK(old.indexes.front() == Index{"_PostToTag_AB_unique", {{"A"}, {"B"}}, true});
}

TEST_CASE("translate: relationMode prisma has no foreign keys") {
  std::string body = std::string("datasource x {\n  provider = \"postgresql\"\n  relationMode = \"prisma\"\n}\n");
  Schema s = translate_datamodel(parse_datamodel({{"schema.prisma", body + (kBlog)}}), Provider::PostgreSQL).schema;
  CHECK(table(s, "posts").foreign_keys.empty());
  CHECK(table(s, "_PostToTag").foreign_keys.empty());
  CHECK(table(s, "_PostToTag").primary_key);
}

TEST_CASE("translate: referentialIntegrity, relationMode's name before Prisma 4.5, is read too") {
  std::string body = std::string("datasource x {\n  provider = \"postgresql\"\n  referentialIntegrity = \"prisma\"\n}\n");
  Schema s = translate_datamodel(parse_datamodel({{"schema.prisma", body + (kBlog)}}), Provider::PostgreSQL).schema;
  CHECK(table(s, "posts").foreign_keys.empty());
}

TEST_CASE("translate: MySQL types, defaults, enums and foreign key indexes") {
  Schema s = translate(kBlog, Provider::MySQL);
  const Table& user = table(s, "User", "");
  CHECK(column(user, "id") == Column{"id", "int", false, std::nullopt, ColumnGeneration::AutoIncrement});
  CHECK(column(user, "email").type == "varchar(191)");
  CHECK(column(user, "role") == Column{"role", "enum('USER','admin')", false, "'USER'"});
  CHECK(column(user, "createdAt") == Column{"createdAt", "datetime(3)", false, "CURRENT_TIMESTAMP(3)"});
  CHECK(user.primary_key == PrimaryKey{"PRIMARY", {"id"}});
  CHECK(s.find_namespace("")->sequences.empty());
  const Table& post = table(s, "posts", "");
  // No index starts with editorId: InnoDB adds one named after the constraint. by_title does not
  // start with authorId either.
  CHECK(post.index("posts_editorId_fkey"));
  CHECK(post.index("posts_authorId_fkey"));
  CHECK(post.foreign_key("posts_authorId_fkey")->on_delete == "RESTRICT");
  const Table& join = table(s, "_PostToTag", "");
  CHECK_FALSE(join.primary_key);
  CHECK(join.index("_PostToTag_AB_unique")->unique);
  CHECK(column(join, "A").type == "varchar(191)");
}

TEST_CASE("translate: native types per provider") {
  const char* body = R"psl(
model T {
  id   Int      @id @db.SmallInt
  a    String   @db.Char(2)
  b    DateTime @db.Timestamptz(6)
  c    Decimal  @db.Decimal(19, 4)
  d    String   @db.Uuid @default(dbgenerated("gen_random_uuid()"))
  e    Boolean  @default(true)
  f    Float    @default(1.5)
  g    String   @default("it's")
  h    String[] @default([])
  i    Unsupported("circle")?
}
)psl";
  Schema s = translate(body);
  const Table& pg = table(s, "T");
  CHECK(column(pg, "id").type == "smallint");
  CHECK(column(pg, "a").type == "character(2)");
  CHECK(column(pg, "b").type == "timestamp(6) with time zone");
  CHECK(column(pg, "c").type == "numeric(19,4)");
  CHECK(column(pg, "d") == Column{"d", "uuid", false, "gen_random_uuid()"});
  CHECK(column(pg, "e").default_value == "true");
  CHECK(column(pg, "f").default_value == "1.5");
  CHECK(column(pg, "g").default_value == "'it''s'::text");
  CHECK(column(pg, "h").default_value == "ARRAY[]::text[]");
  CHECK(column(pg, "i") == Column{"i", "circle", true});
}

TEST_CASE("translate: default names are cut as Prisma cuts them") {
  std::string t = "SubscriptionBillingHistoryEntry";
  CHECK(constraint_name(t, {"externalPaymentProviderTransactionReference"}, "key", Provider::PostgreSQL) ==
        t + "_externalPaymentProviderTran_key");
  CHECK(constraint_name(t, {"customerAccountIdentifierNumber"}, "idx", Provider::PostgreSQL) ==
        t + "_customerAccountIdentifierNu_idx");
  CHECK(constraint_name(t, {"customerAccountIdentifierNumber"}, "fkey", Provider::PostgreSQL) ==
        t + "_customerAccountIdentifierN_fkey");
  CHECK(constraint_name(t, {"customerAccountIdentifierNumber"}, "idx", Provider::MySQL) ==
        t + "_customerAccountIdentifierNum_idx");
  CHECK(serial_sequence_name("User", "id") == "User_id_seq");
}

TEST_CASE("translate: composite types, views and @@ignore") {
  CHECK(error_of("type Address {\n  street String\n}\nmodel U {\n  id Int @id\n  a Address\n}\n") ==
        "schema.prisma:9:5: composite types are not supported for SQL providers (field a of model U has type Address)");
  Schema s = translate("view V {\n  id Int @unique\n}\nmodel M {\n  id Int @id\n  @@ignore\n}\n");
  CHECK(s.find_namespace("public")->tables.size() == 1);
  CHECK(s.find_namespace("public")->table("M"));
}

TEST_CASE("translate: the dbgenerated defaults Prisma compares its own way come with the schema") {
  const char* body = R"psl(
model T {
  id String   @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid
  at DateTime @default(now())
  n  Int      @default(dbgenerated()) @map("number")
  s  String   @default(dbgenerated("'x'")) @map("label")
  @@map("t")
}
)psl";
  DbGeneratedDefaults pg = translation(body).dbgenerated_defaults;
  CHECK(pg.expression == std::set<ColumnRef>{{"public", "t", "id"}, {"public", "t", "label"}});
  // dbgenerated() without an expression sets no database default, and leaves the database's alone.
  CHECK(pg.unmanaged == std::set<ColumnRef>{{"public", "t", "number"}});
  CHECK_FALSE(translation(body).schema.find_namespace("public")->table("t")->column("number")->default_value);
  // Prisma's MySQL reading of defaults is not known: no rule for expressions; dbgenerated() is
  // its differ's, for every provider.
  std::string mysql = body;
  mysql.replace(mysql.find(" @db.Uuid"), 9, " @db.Char(36)");
  DbGeneratedDefaults my = translation(mysql, Provider::MySQL).dbgenerated_defaults;
  CHECK(my.expression.empty());
  CHECK(my.unmanaged == std::set<ColumnRef>{{"", "t", "number"}});
}

TEST_CASE("translate: literal defaults as PostgreSQL prints back Prisma's DEFAULT clauses (D4, D5, D6)") {
  const char* body = R"psl(
model T {
  id    Int      @id
  at    DateTime @default("2020-01-01T00:00:00Z")
  dt    DateTime @default("2021-06-01T12:30:00.123Z") @db.Timestamptz(3)
  day   DateTime @default("2021-06-01T12:30:00+02:00") @db.Date
  bytes Bytes    @default("AQID")
  none  Bytes    @default("")
  bi    BigInt   @default(9007199254740993)
  neg   Int      @default(-3)
  f     Float    @default(-0.5)
  dec   Decimal  @default("0.10")
}
)psl";
  Schema s = translate(body);
  const Table& t = table(s, "T");
  CHECK(column(t, "at").default_value == "'2020-01-01 00:00:00'::timestamp without time zone");
  CHECK(column(t, "dt").default_value == "'2021-06-01 12:30:00.123+00'::timestamp with time zone");
  CHECK(column(t, "day").default_value == "'2021-06-01'::date");
  CHECK(column(t, "bytes").default_value == "'\\x010203'::bytea");
  CHECK(column(t, "none").default_value == "'\\x'::bytea");
  CHECK(column(t, "bi").default_value == "'9007199254740993'::bigint");
  CHECK(column(t, "neg").default_value == "'-3'::integer");
  CHECK(column(t, "f").default_value == "'-0.5'::numeric");
  CHECK(column(t, "dec").default_value == "0.10");
  // MySQL renders no default for a binary column (nor for JSON).
  Schema mysql = translate("model T {\n  id Int @id\n  b Bytes @default(\"AQID\")\n}\n", Provider::MySQL);
  CHECK_FALSE(column(table(mysql, "T", ""), "b").default_value);
  CHECK(error_of("model T {\n  id Int @id\n  b Bytes @default(\"not base64!\")\n}\n") ==
        "schema.prisma:6:20: the default of Bytes field b is not base64: \"not base64!\"");
  CHECK(error_of("model T {\n  id Int @id\n  at DateTime @default(\"2020-01-01\")\n}\n") ==
        "schema.prisma:6:24: the default of DateTime field at is not an RFC 3339 date and time "
        "(2020-01-01T00:00:00Z): \"2020-01-01\"");
}

TEST_CASE("translate: index types and operator classes as introspection reads them (D10)") {
  const char* body = R"psl(
model T {
  id   Int      @id
  tags String[]
  doc  Json
  name String
  n    Int
  @@index([tags(ops: ArrayOps)], type: Gin)
  @@index([doc(ops: JsonbPathOps)], type: Gin, map: "T_doc_path_idx")
  @@index([name(ops: raw("text_pattern_ops"))])
  @@index([n(ops: Int4MinMaxOps)], type: Brin)
  @@index([name], type: SpGist, map: "T_name_sp")
  @@index([n], type: BTree, map: "T_n_bt")
}
)psl";
  Schema s = translate(body);
  const Table& t = table(s, "T");
  CHECK(*t.index("T_tags_idx") == Index{"T_tags_idx", {{"tags"}}, false, false, "gin"});
  CHECK(*t.index("T_doc_path_idx") == Index{"T_doc_path_idx", {{"doc", false, {}, "jsonb_path_ops"}}, false, false, "gin"});
  CHECK(*t.index("T_name_idx") == Index{"T_name_idx", {{"name", false, {}, "text_pattern_ops"}}});
  CHECK(*t.index("T_n_idx") == Index{"T_n_idx", {{"n"}}, false, false, "brin"});
  CHECK(t.index("T_name_sp")->method == "spgist");
  CHECK(t.index("T_n_bt")->method == "btree");
}

TEST_CASE("translate: the datasource's extensions are what Prisma creates (D15)") {
  std::string body = "datasource db {\n  provider = \"postgresql\"\n  extensions = [citext, "
                     "postgis(schema: \"gis\", version: \"3.4\"), uuid_ossp(map: \"uuid-ossp\")]\n}\n";
  Schema s = translate_datamodel(parse_datamodel({{"schema.prisma", body}}), Provider::PostgreSQL).schema;
  CHECK(s.extensions == std::vector<Extension>{{"citext", "", ""}, {"postgis", "gis", "3.4"}, {"uuid-ossp", "", ""}});
  CHECK(translate("model T {\n  id Int @id\n}\n").extensions.empty());
}

TEST_CASE("translate: names in any script, and the constraint names cut at a character boundary (D16)") {
  const char* body = R"psl(
model BModelWithAnotherQuiteLongNameForJoinTableTruncationTest {
  id      Int    @id
  längeré String @unique
}
)psl";
  Schema s = translate(body);
  const Table& t = table(s, "BModelWithAnotherQuiteLongNameForJoinTableTruncationTest");
  CHECK(column(t, "längeré").type == "text");
  // Prisma's name, from its script: the 59-byte stem would split "ä", so it keeps 58 bytes.
  CHECK(t.index("BModelWithAnotherQuiteLongNameForJoinTableTruncationTest_l_key"));
}

TEST_CASE("translate: Prisma's validation errors, located (D17, D18)") {
  CHECK(error_of("model A {\n  id Int @id\n  bs A2[]\n}\nmodel A2 {\n  id Int @id\n  aId Int\n"
                 "  a A @relation(fields: [aId], references: [id])\n  @@ignore\n}\n") ==
        "schema.prisma:6:3: Error parsing attribute \"@ignore\": The relation field `bs` on Model `A` must specify "
        "the `@ignore` attribute, because the model A2 it is pointing to is marked ignored.");
  Schema ignored = translate("model A {\n  id Int @id\n  bs A2[] @ignore\n}\nmodel A2 {\n  id Int @id\n  aId Int\n"
                             "  a A @relation(fields: [aId], references: [id])\n  @@ignore\n}\n");
  CHECK(table(ignored, "A2").foreign_keys.size() == 1);  // an ignored model's table and keys are still created
  const char* partial =
      "schema.prisma:7:20: Error parsing attribute \"@@index\": No such argument. (where: makes a partial index, which "
      "needs Prisma 7's partialIndexes preview feature; driftgate follows Prisma 6, which has none: create the index "
      "in a migration)";
  CHECK(error_of("model T {\n  id Int @id\n  email String?\n  @@index([email], where: raw(\"email IS NOT NULL\"))\n}\n") ==
        partial);
  CHECK(error_of("model T {\n  id Int @id\n  n Int @unique(where: raw(\"n > 0\"))\n}\n").find(
            "schema.prisma:6:17: Error parsing attribute \"@unique\": No such argument.") == 0);
}
