#include <doctest/doctest.h>

#include "core/schema_diff.h"
#include "sql/migration_script.h"

using namespace driftgate;

namespace {

using Gen = ColumnGeneration;
constexpr Provider PG = Provider::PostgreSQL;
constexpr Provider MY = Provider::MySQL;

Column col(std::string name, std::string type, bool nullable = true, std::optional<std::string> default_value = {},
           Gen generation = Gen::None) {
  return {std::move(name), std::move(type), nullable, std::move(default_value), generation, {}, {}};
}

// PostgreSQL's serial column as introspection reads it: a nextval() default on an owned sequence.
Column serial(const std::string& table, const std::string& name = "id") {
  return col(name, "integer", false, "nextval('\"" + table + "_" + name + "_seq\"'::regclass)", Gen::Serial);
}

Table table(std::string name, std::vector<Column> columns, std::optional<PrimaryKey> pk = {}) {
  Table t;
  t.name = std::move(name);
  t.columns = std::move(columns);
  t.primary_key = std::move(pk);
  return t;
}

Index index(std::string name, std::vector<IndexColumn> columns, bool unique = false, std::string method = "btree") {
  return {std::move(name), std::move(columns), unique, false, std::move(method), {}};
}

ForeignKey fk(Provider p, std::string name, std::string column, std::string referenced, std::string on_delete,
              std::string on_update = "CASCADE") {
  return {std::move(name), {std::move(column)}, p == PG ? "public" : "", std::move(referenced), {"id"},
          std::move(on_delete), std::move(on_update), false};
}

PrimaryKey pk(Provider p, const std::string& table, std::vector<std::string> columns = {"id"}) {
  return {p == PG ? table + "_pkey" : "PRIMARY", std::move(columns)};
}

// The schema introspection would read: namespace "public" (PostgreSQL) or "" (MySQL's database,
// whatever its name); on PostgreSQL each serial column's owned sequence too.
Schema schema(Provider p, std::vector<Table> tables, std::vector<Enum> enums = {}, std::vector<View> views = {}) {
  Schema s;
  s.provider = p;
  Namespace& ns = s.namespace_named(p == PG ? "public" : "");
  for (const auto& t : tables)
    for (const auto& c : t.columns)
      if (c.generation == Gen::Serial)
        ns.sequences.push_back({t.name + "_" + c.name + "_seq", c.type, 1, 1, t.name + "." + c.name});
  ns.tables = std::move(tables);
  ns.enums = std::move(enums);
  ns.views = std::move(views);
  s.normalise();
  return s;
}

std::string script(const Schema& from, const Schema& to) {
  return write_migration_script(diff_schemas(from, to), to.provider);
}

// The fixtures/diff/<case>/<provider>/{from,to}.sql pairs as src/db's introspection reads them
// (types as format_type() and normalised COLUMN_TYPE print them, defaults as pg_get_expr() and
// MariaDB's COLUMN_DEFAULT do, checks as pg_get_constraintdef() and CHECK_CLAUSE do). Every
// expected script in this file was applied to its FROM on PostgreSQL 15 or MariaDB 10.11, in one
// transaction on PostgreSQL, and left a schema dump equal to TO's.
struct Pair {
  Schema from, to;
};

Pair tables_case(Provider p) {
  bool pg = p == PG;
  Table user = table("User", {pg ? serial("User") : col("id", "int", false, {}, Gen::AutoIncrement),
                              col("email", pg ? "text" : "varchar(191)", false)},
                     pk(p, "User"));
  Table legacy = table("Legacy", {col("id", pg ? "integer" : "int", false), col("userId", pg ? "integer" : "int")},
                       pk(p, "Legacy"));
  if (!pg) legacy.indexes.push_back(index("Legacy_userId_idx", {{"userId"}}));
  legacy.foreign_keys.push_back(fk(p, "Legacy_userId_fkey", "userId", "User", "SET NULL"));
  Table post = table("Post",
                     {pg ? serial("Post") : col("id", "int", false, {}, Gen::AutoIncrement),
                      col("title", pg ? "character varying(255)" : "varchar(255)", false),
                      col("authorId", pg ? "integer" : "int", false),
                      pg ? col("createdAt", "timestamp(3) without time zone", false, "CURRENT_TIMESTAMP")
                         : col("createdAt", "datetime(3)", false, "CURRENT_TIMESTAMP(3)")},
                     pk(p, "Post"));
  post.indexes.push_back(index("Post_authorId_idx", {{"authorId"}}));
  post.foreign_keys.push_back(fk(p, "Post_authorId_fkey", "authorId", "User", "RESTRICT"));
  return {schema(p, {user, legacy}), schema(p, {user, post})};
}

Pair columns_case(Provider p) {
  if (p == PG)
    return {schema(p, {table("Account",
                             {serial("Account"), col("name", "text", false), col("nickname", "text"), col("legacyCode", "text"),
                              col("balance", "integer", false, "0"), col("status", "text", false, "'active'::text"),
                              col("score", "integer"), col("note", "character varying(100)")},
                             pk(p, "Account"))}),
            schema(p, {table("Account",
                             {serial("Account"), col("name", "character varying(200)", false),
                              col("nickname", "text", false, "''::text"), col("balance", "bigint", false),
                              col("status", "text", true, "'pending'::text"), col("score", "double precision", true, "0"),
                              col("note", "text"), col("createdAt", "timestamp(3) without time zone", false, "CURRENT_TIMESTAMP"),
                              col("tags", "text[]")},
                             pk(p, "Account"))})};
  Column id = col("id", "int", false, {}, Gen::AutoIncrement);
  return {schema(p, {table("Account",
                           {id, col("name", "varchar(191)", false), col("nickname", "varchar(191)"),
                            col("legacyCode", "varchar(191)"), col("balance", "int", false, "0"),
                            col("status", "varchar(191)", false, "'active'"), col("score", "int"),
                            col("note", "varchar(100)")},
                           pk(p, "Account"))}),
          schema(p, {table("Account",
                           {id, col("name", "varchar(200)", false), col("nickname", "varchar(191)", false, "''"),
                            col("email", "varchar(191)"), col("balance", "bigint", false),
                            col("status", "varchar(191)", true, "'pending'"), col("score", "double", true, "0"),
                            col("note", "text"), col("createdAt", "datetime(3)", false, "CURRENT_TIMESTAMP(3)")},
                           pk(p, "Account"))})};
}

Pair indexes_case(Provider p) {
  bool pg = p == PG;
  std::string text = pg ? "text" : "varchar(191)";
  Table item = table("Item", {pg ? serial("Item") : col("id", "int", false, {}, Gen::AutoIncrement),
                              col("sku", text, false), col("name", text, false), col("category", text, false)},
                     pk(p, "Item"));
  if (pg) {
    item.columns.push_back(col("deletedAt", "timestamp(3) without time zone"));
    item.columns.push_back(col("tags", "text[]"));
  } else {
    item.columns.push_back(col("description", "text"));
  }
  Table from = item, to = item;
  from.indexes = {index("Item_sku_key", {{"sku"}}, true), index("Item_name_idx", {{"name"}}),
                  index("Item_category_idx", {{"category"}})};
  to.indexes = {index("Item_sku_key", {{"sku"}}, true), index("Item_category_idx", {{"category", true}, {"name"}}),
                index("Item_name_key", {{"name"}}, true)};
  if (pg) {
    to.indexes[0].is_constraint = true;
    to.indexes[2].predicate = "(\"deletedAt\" IS NULL)";
    to.indexes.push_back(index("Item_tags_idx", {{"tags"}}, false, "gin"));
  } else {
    to.indexes.push_back(index("Item_description_idx", {{"description", false, 20}}));
    to.indexes.push_back(index("Item_name_description_idx", {{"name"}, {"description"}}, false, "fulltext"));
  }
  return {schema(p, {from}), schema(p, {to})};
}

Pair foreign_keys_case(Provider p) {
  bool pg = p == PG;
  std::string integer = pg ? "integer" : "int";
  Column id = col("id", integer, false, {}, Gen::AutoIncrement);
  Table author = table("Author", {pg ? serial("Author") : id}, pk(p, "Author"));
  Table book = table("Book", {pg ? serial("Book") : id, col("authorId", integer, false), col("editorId", integer),
                              col("reviewerId", integer)},
                     pk(p, "Book"));
  if (!pg)
    book.indexes = {index("Book_authorId_idx", {{"authorId"}}), index("Book_editorId_idx", {{"editorId"}}),
                    index("Book_reviewerId_idx", {{"reviewerId"}})};
  Table from = book, to = book;
  from.foreign_keys = {fk(p, "Book_authorId_fkey", "authorId", "Author", "RESTRICT"),
                       fk(p, "Book_editorId_fkey", "editorId", "Author", "SET NULL")};
  to.foreign_keys = {fk(p, "Book_authorId_fkey", "authorId", "Author", "CASCADE"),
                     fk(p, "Book_reviewerId_fkey", "reviewerId", "Author", "SET NULL")};
  return {schema(p, {author, from}), schema(p, {author, to})};
}

Pair enums_case(Provider p) {
  if (p == PG)
    return {schema(p,
                   {table("Member",
                          {serial("Member"), col("role", "\"Role\"", false, "'USER'::\"Role\""), col("roles", "\"Role\"[]"),
                           col("status", "\"Status\"", false, "'DRAFT'::\"Status\""), col("legacy", "\"Legacy\"")},
                          pk(p, "Member"))},
                   {{"Role", {"USER", "ADMIN", "GUEST"}}, {"Status", {"DRAFT", "PUBLISHED"}}, {"Legacy", {"A", "B"}}}),
            schema(p,
                   {table("Member",
                          {serial("Member"), col("role", "\"Role\"", false, "'USER'::\"Role\""), col("roles", "\"Role\"[]"),
                           col("status", "\"Status\"", false, "'DRAFT'::\"Status\""),
                           col("plan", "\"Plan\"", false, "'FREE'::\"Plan\"")},
                          pk(p, "Member"))},
                   {{"Role", {"USER", "ADMIN"}}, {"Status", {"DRAFT", "REVIEW", "PUBLISHED", "ARCHIVED"}}, {"Plan", {"FREE", "PRO"}}})};
  Column id = col("id", "int", false, {}, Gen::AutoIncrement);
  return {schema(p, {table("Member",
                           {id, col("role", "enum('USER','ADMIN','GUEST')", false, "'USER'"),
                            col("status", "enum('DRAFT','PUBLISHED')", false, "'DRAFT'"), col("legacy", "enum('A','B')")},
                           pk(p, "Member"))}),
          schema(p, {table("Member",
                           {id, col("role", "enum('USER','ADMIN')", false, "'USER'"),
                            col("status", "enum('DRAFT','REVIEW','PUBLISHED','ARCHIVED')", false, "'DRAFT'"),
                            col("plan", "enum('FREE','PRO')", false, "'FREE'")},
                           pk(p, "Member"))})};
}

Pair checks_case(Provider p) {
  bool pg = p == PG;
  Table product = table("Product", {pg ? serial("Product") : col("id", "int", false, {}, Gen::AutoIncrement),
                                    col("price", pg ? "integer" : "int", false),
                                    col("discount", pg ? "integer" : "int", false, "0")},
                        pk(p, "Product"));
  Table from = product, to = product;
  from.checks = {{"Product_price_check", pg ? "CHECK ((price > 0))" : "`price` > 0"},
                 {"Product_discount_check", pg ? "CHECK ((discount >= 0))" : "`discount` >= 0"}};
  to.checks = {{"Product_price_check", pg ? "CHECK ((price >= 0))" : "`price` >= 0"},
               {"Product_discount_price_check", pg ? "CHECK ((discount <= price))" : "`discount` <= `price`"}};
  return {schema(p, {from}), schema(p, {to})};
}

// View definitions as pg_get_viewdef() and MariaDB's VIEW_DEFINITION print them (the latter
// without the database qualifier).
Pair views_case(Provider p) {
  bool pg = p == PG;
  Table order = table("Order", {pg ? serial("Order") : col("id", "int", false, {}, Gen::AutoIncrement),
                                col("status", pg ? "text" : "varchar(191)", false), col("total", pg ? "integer" : "int", false)},
                      pk(p, "Order"));
  View totals_from{"OrderTotals",
                   pg ? " SELECT \"Order\".status,\n    sum(\"Order\".total) AS sum\n   FROM \"Order\"\n  GROUP BY \"Order\".status;"
                      : "select `Order`.`status` AS `status`,sum(`Order`.`total`) AS `sum` from `Order` group by `Order`.`status`"};
  View ids{"OrderIds", pg ? " SELECT \"Order\".id\n   FROM \"Order\";" : "select `Order`.`id` AS `id` from `Order`"};
  View totals_to{"OrderTotals",
                 pg ? " SELECT \"Order\".status,\n    sum(\"Order\".total) AS sum,\n    count(*) AS count\n   FROM \"Order\"\n  GROUP BY \"Order\".status;"
                    : "select `Order`.`status` AS `status`,sum(`Order`.`total`) AS `sum`,count(0) AS `count` from `Order` group by `Order`.`status`"};
  View big{"BigOrders", pg ? " SELECT \"Order\".id,\n    \"Order\".total\n   FROM \"Order\"\n  WHERE (\"Order\".total > 100);"
                           : "select `Order`.`id` AS `id`,`Order`.`total` AS `total` from `Order` where `Order`.`total` > 100"};
  return {schema(p, {order}, {}, {totals_from, ids}), schema(p, {order}, {}, {totals_to, big})};
}

// Only names change: indexes (on PostgreSQL one of them a UNIQUE constraint) and a foreign key.
Pair renames_case(Provider p) {
  bool pg = p == PG;
  std::string integer = pg ? "integer" : "int";
  Column id = col("id", integer, false, {}, Gen::AutoIncrement);
  Table author = table("Author", {pg ? serial("Author") : id}, pk(p, "Author"));
  Table post = table("Post", {pg ? serial("Post") : id, col("slug", pg ? "text" : "varchar(191)", false),
                              col("authorId", integer, false)},
                     pk(p, "Post"));
  auto indexes = [&](std::string author_idx, std::string author_slug_key, std::string slug_key) {
    std::vector<Index> out{index(std::move(author_idx), {{"authorId"}}),
                           index(std::move(author_slug_key), {{"authorId"}, {"slug", true}}, true),
                           index(std::move(slug_key), {{"slug"}}, true)};
    out[2].is_constraint = pg;
    return out;
  };
  Table from = post, to = post;
  from.indexes = indexes("post_author", "post_author_slug", "post_slug_unique");
  to.indexes = indexes("Post_authorId_idx", "Post_authorId_slug_key", "Post_slug_key");
  from.foreign_keys = {fk(p, "post_author_fk", "authorId", "Author", "RESTRICT")};
  to.foreign_keys = {fk(p, "Post_authorId_fkey", "authorId", "Author", "RESTRICT")};
  return {schema(p, {author, from}), schema(p, {author, to})};
}

std::string script(const Pair& pair) { return script(pair.from, pair.to); }

}  // namespace

TEST_CASE("an empty diff gives Prisma's empty migration") {
  Pair pair = tables_case(PG);
  CHECK(script(pair.from, pair.from) == "-- This is an empty migration.\n");
}

TEST_CASE("fixture tables: foreign keys of a dropped table go first, a new table comes with its indexes and foreign keys") {
  CHECK(script(tables_case(PG)) == R"(-- DropForeignKey
ALTER TABLE "Legacy" DROP CONSTRAINT "Legacy_userId_fkey";

-- DropTable
DROP TABLE "Legacy";

-- CreateTable
CREATE TABLE "Post" (
    "id" SERIAL NOT NULL,
    "title" VARCHAR(255) NOT NULL,
    "authorId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
)");
  CHECK(script(tables_case(MY)) == R"(-- DropForeignKey
ALTER TABLE `Legacy` DROP FOREIGN KEY `Legacy_userId_fkey`;

-- DropTable
DROP TABLE `Legacy`;

-- CreateTable
CREATE TABLE `Post` (
    `id` int NOT NULL AUTO_INCREMENT,
    `title` varchar(255) NOT NULL,
    `authorId` int NOT NULL,
    `createdAt` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `Post_authorId_idx`(`authorId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `Post` ADD CONSTRAINT `Post_authorId_fkey` FOREIGN KEY (`authorId`) REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
)");
}

TEST_CASE("fixture columns: one ALTER TABLE drops, adds and alters; PostgreSQL casts with USING, MySQL modifies in full") {
  CHECK(script(columns_case(PG)) == R"(-- AlterTable
ALTER TABLE "Account" DROP COLUMN "legacyCode",
ADD COLUMN "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN "tags" TEXT[],
ALTER COLUMN "balance" DROP DEFAULT,
ALTER COLUMN "balance" SET DATA TYPE BIGINT USING ("balance"::BIGINT),
ALTER COLUMN "name" SET DATA TYPE VARCHAR(200) USING ("name"::VARCHAR(200)),
ALTER COLUMN "nickname" SET NOT NULL,
ALTER COLUMN "nickname" SET DEFAULT '',
ALTER COLUMN "note" SET DATA TYPE TEXT USING ("note"::TEXT),
ALTER COLUMN "score" SET DATA TYPE DOUBLE PRECISION USING ("score"::DOUBLE PRECISION),
ALTER COLUMN "score" SET DEFAULT 0,
ALTER COLUMN "status" DROP NOT NULL,
ALTER COLUMN "status" SET DEFAULT 'pending';
)");
  CHECK(script(columns_case(MY)) == R"(-- AlterTable
ALTER TABLE `Account` DROP COLUMN `legacyCode`,
    ADD COLUMN `email` varchar(191) NULL AFTER `nickname`,
    ADD COLUMN `createdAt` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    MODIFY `balance` bigint NOT NULL,
    MODIFY `name` varchar(200) NOT NULL,
    MODIFY `nickname` varchar(191) NOT NULL DEFAULT '',
    MODIFY `note` text NULL,
    MODIFY `score` double NULL DEFAULT 0,
    MODIFY `status` varchar(191) NULL DEFAULT 'pending';
)");
}

TEST_CASE("fixture indexes: changed indexes are dropped and created again, MySQL's in one statement") {
  CHECK(script(indexes_case(PG)) == R"(-- DropIndex
DROP INDEX "Item_category_idx";

-- DropIndex
DROP INDEX "Item_name_idx";

-- DropIndex
DROP INDEX "Item_sku_key";

-- CreateIndex
CREATE INDEX "Item_category_idx" ON "Item"("category" DESC, "name");

-- CreateIndex
CREATE UNIQUE INDEX "Item_name_key" ON "Item"("name") WHERE ("deletedAt" IS NULL);

-- CreateIndex
ALTER TABLE "Item" ADD CONSTRAINT "Item_sku_key" UNIQUE ("sku");

-- CreateIndex
CREATE INDEX "Item_tags_idx" ON "Item" USING GIN ("tags");
)");
  CHECK(script(indexes_case(MY)) == R"(-- DropIndex
DROP INDEX `Item_name_idx` ON `Item`;

-- RedefineIndex
ALTER TABLE `Item` DROP INDEX `Item_category_idx`, ADD INDEX `Item_category_idx`(`category` DESC, `name`);

-- CreateIndex
CREATE INDEX `Item_description_idx` ON `Item`(`description`(20));

-- CreateIndex
CREATE FULLTEXT INDEX `Item_name_description_idx` ON `Item`(`name`, `description`);

-- CreateIndex
CREATE UNIQUE INDEX `Item_name_key` ON `Item`(`name`);
)");
}

TEST_CASE("fixture foreign_keys: a changed action drops and adds the constraint") {
  CHECK(script(foreign_keys_case(PG)) == R"(-- DropForeignKey
ALTER TABLE "Book" DROP CONSTRAINT "Book_authorId_fkey";

-- DropForeignKey
ALTER TABLE "Book" DROP CONSTRAINT "Book_editorId_fkey";

-- AddForeignKey
ALTER TABLE "Book" ADD CONSTRAINT "Book_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Author"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Book" ADD CONSTRAINT "Book_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "Author"("id") ON DELETE SET NULL ON UPDATE CASCADE;
)");
  CHECK(script(foreign_keys_case(MY)) == R"(-- DropForeignKey
ALTER TABLE `Book` DROP FOREIGN KEY `Book_authorId_fkey`;

-- DropForeignKey
ALTER TABLE `Book` DROP FOREIGN KEY `Book_editorId_fkey`;

-- AddForeignKey
ALTER TABLE `Book` ADD CONSTRAINT `Book_authorId_fkey` FOREIGN KEY (`authorId`) REFERENCES `Author`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Book` ADD CONSTRAINT `Book_reviewerId_fkey` FOREIGN KEY (`reviewerId`) REFERENCES `Author`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
)");
}

TEST_CASE("fixture enums: added values in place, a removed value recreates the type, MySQL modifies the column") {
  CHECK(script(enums_case(PG)) == R"(-- CreateEnum
CREATE TYPE "Plan" AS ENUM ('FREE', 'PRO');

-- AlterEnum
CREATE TYPE "Role_new" AS ENUM ('USER', 'ADMIN');
ALTER TABLE "Member" ALTER COLUMN "role" DROP DEFAULT;
ALTER TABLE "Member" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");
ALTER TABLE "Member" ALTER COLUMN "roles" TYPE "Role_new"[] USING ("roles"::text[]::"Role_new"[]);
DROP TYPE "Role";
ALTER TYPE "Role_new" RENAME TO "Role";
ALTER TABLE "Member" ALTER COLUMN "role" SET DEFAULT 'USER'::"Role";

-- AlterEnum
ALTER TYPE "Status" ADD VALUE 'REVIEW' BEFORE 'PUBLISHED';
ALTER TYPE "Status" ADD VALUE 'ARCHIVED';

-- AlterTable
ALTER TABLE "Member" DROP COLUMN "legacy",
ADD COLUMN "plan" "Plan" NOT NULL DEFAULT 'FREE';

-- DropEnum
DROP TYPE "Legacy";
)");
  CHECK(script(enums_case(MY)) == R"(-- AlterTable
ALTER TABLE `Member` DROP COLUMN `legacy`,
    ADD COLUMN `plan` enum('FREE','PRO') NOT NULL DEFAULT 'FREE',
    MODIFY `role` enum('USER','ADMIN') NOT NULL DEFAULT 'USER',
    MODIFY `status` enum('DRAFT','REVIEW','PUBLISHED','ARCHIVED') NOT NULL DEFAULT 'DRAFT';
)");
}

TEST_CASE("fixture checks: changed checks are dropped and added") {
  CHECK(script(checks_case(PG)) == R"(-- DropCheckConstraint
ALTER TABLE "Product" DROP CONSTRAINT "Product_discount_check";

-- DropCheckConstraint
ALTER TABLE "Product" DROP CONSTRAINT "Product_price_check";

-- AddCheckConstraint
ALTER TABLE "Product" ADD CONSTRAINT "Product_discount_price_check" CHECK ((discount <= price));

-- AddCheckConstraint
ALTER TABLE "Product" ADD CONSTRAINT "Product_price_check" CHECK ((price >= 0));
)");
  CHECK(script(checks_case(MY)) == R"(-- DropCheckConstraint
ALTER TABLE `Product` DROP CONSTRAINT `Product_discount_check`;

-- DropCheckConstraint
ALTER TABLE `Product` DROP CONSTRAINT `Product_price_check`;

-- AddCheckConstraint
ALTER TABLE `Product` ADD CONSTRAINT `Product_discount_price_check` CHECK (`discount` <= `price`);

-- AddCheckConstraint
ALTER TABLE `Product` ADD CONSTRAINT `Product_price_check` CHECK (`price` >= 0);
)");
}

TEST_CASE("fixture views: changed views are dropped first and created last") {
  CHECK(script(views_case(PG)) == R"(-- DropView
DROP VIEW "OrderIds";

-- DropView
DROP VIEW "OrderTotals";

-- CreateView
CREATE VIEW "BigOrders" AS SELECT "Order".id,
    "Order".total
   FROM "Order"
  WHERE ("Order".total > 100);

-- CreateView
CREATE VIEW "OrderTotals" AS SELECT "Order".status,
    sum("Order".total) AS sum,
    count(*) AS count
   FROM "Order"
  GROUP BY "Order".status;
)");
  CHECK(script(views_case(MY)) == R"(-- DropView
DROP VIEW `OrderIds`;

-- DropView
DROP VIEW `OrderTotals`;

-- CreateView
CREATE VIEW `BigOrders` AS select `Order`.`id` AS `id`,`Order`.`total` AS `total` from `Order` where `Order`.`total` > 100;

-- CreateView
CREATE VIEW `OrderTotals` AS select `Order`.`status` AS `status`,sum(`Order`.`total`) AS `sum`,count(0) AS `count` from `Order` group by `Order`.`status`;
)");
}

TEST_CASE("identity columns and serial sequences: PostgreSQL makes a sequence itself unless TO's is not SERIAL's") {
  Schema from = schema(
      PG, {table("Job", {col("id", "integer"), col("n", "integer", true, "nextval('\"Job_n_seq\"'::regclass)", Gen::Serial)})});
  // Job_n_seq is owned by Job.n, as SERIAL would have made it.
  from.namespaces[0].sequences = {{"Job_n_seq", "integer", 1, 1, "Job.n"}};
  Schema to = schema(PG, {table("Job", {col("id", "integer", false, {}, Gen::IdentityAlways), col("n", "integer")}),
                          table("Run", {col("id", "bigint", false, {}, Gen::IdentityDefault),
                                        col("no", "integer", false, "nextval('\"Task_no_seq\"'::regclass)", Gen::Serial)})});
  // Run.no keeps the sequence of a table since renamed; identity sequences are not in the model.
  to.namespaces[0].sequences = {{"Task_no_seq", "integer", 1, 1, "Run.no"}};
  to.normalise();
  CHECK(script(from, to) == R"(-- CreateSequence
CREATE SEQUENCE "Task_no_seq" AS integer;

-- CreateTable
CREATE TABLE "Run" (
    "id" BIGINT NOT NULL GENERATED BY DEFAULT AS IDENTITY,
    "no" INTEGER NOT NULL DEFAULT nextval('"Task_no_seq"'::regclass)
);

-- AlterTable
ALTER TABLE "Job" ALTER COLUMN "id" SET NOT NULL,
ALTER COLUMN "id" ADD GENERATED ALWAYS AS IDENTITY,
ALTER COLUMN "n" DROP DEFAULT;

-- AlterSequence
ALTER SEQUENCE "Task_no_seq" OWNED BY "Run"."no";

-- DropSequence
DROP SEQUENCE "Job_n_seq";
)");
}

TEST_CASE("objects outside public are qualified; schemas and extensions come first and go last") {
  Schema from = schema(PG, {});
  Namespace& old = from.namespace_named("old");
  old.tables.push_back(table("Gone", {col("id", "integer", false)}));
  from.extensions.push_back({"hstore", "public", "1.8"});
  from.normalise();
  Schema to = schema(PG, {});
  Namespace& auth = to.namespace_named("auth");
  auth.enums.push_back({"Kind", {"a", "b"}});
  Table user = table("User", {col("id", "uuid", false, "gen_random_uuid()"), col("kind", "auth.\"Kind\"", false),
                              col("email", "citext", false)},
                     PrimaryKey{"User_pkey", {"id"}});
  user.indexes.push_back(index("User_email_key", {{"email"}}, true));
  auth.tables.push_back(user);
  to.extensions.push_back({"citext", "public", "1.6"});
  to.normalise();
  CHECK(script(from, to) == R"(-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "auth";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "public" VERSION "1.6";

-- DropTable
DROP TABLE "old"."Gone";

-- CreateEnum
CREATE TYPE "auth"."Kind" AS ENUM ('a', 'b');

-- CreateTable
CREATE TABLE "auth"."User" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" "auth"."Kind" NOT NULL,
    "email" CITEXT NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "auth"."User"("email");

-- DropExtension
DROP EXTENSION "hstore";

-- DropSchema
DROP SCHEMA "old";
)");
}

TEST_CASE("a datamodel's extensions: created from empty, their version altered only when both sides name one") {
  Schema empty = schema(PG, {});
  Schema declared = schema(PG, {});
  declared.extensions = {{"citext", "", ""}, {"pgcrypto", "", ""}};
  CHECK(write_migration_script(diff_schemas(empty, declared, datamodel_diff_options()), PG) == R"(-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "citext";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pgcrypto";
)");
  Schema database = schema(PG, {});
  database.extensions = {{"citext", "public", "1.6"}, {"pgcrypto", "public", "1.3"}};
  CHECK(write_migration_script(diff_schemas(database, declared, datamodel_diff_options()), PG) ==
        "-- This is an empty migration.\n");
  declared.extensions[0].version = "1.5";
  CHECK(write_migration_script(diff_schemas(database, declared, datamodel_diff_options()), PG) == R"(-- AlterExtension
ALTER EXTENSION "citext" UPDATE TO "1.5";
)");
}

TEST_CASE("routines and triggers run the server's definitions; a PostgreSQL function is replaced in place") {
  auto with = [](std::vector<Routine> routines, std::vector<Trigger> triggers) {
    Table t = table("Doc", {col("id", "integer", false), col("updatedAt", "timestamp(3) without time zone")});
    t.triggers = std::move(triggers);
    Schema s = schema(PG, {t});
    s.namespaces[0].routines = std::move(routines);
    s.normalise();
    return s;
  };
  auto touch_with = [](std::string now) {
    return Routine{"touch", "", "function",
                   "CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$BEGIN "
                   "NEW.\"updatedAt\" = " + now + "; RETURN NEW; END;$function$\n"};
  };
  Routine touch = touch_with("now()"), touch2 = touch_with("clock_timestamp()");
  Routine old{"legacy", "integer, text", "function", "CREATE OR REPLACE FUNCTION public.legacy(integer, text) ..."};
  Trigger trigger{"Doc_touch",
                  "CREATE TRIGGER \"Doc_touch\" BEFORE UPDATE ON public.\"Doc\" FOR EACH ROW EXECUTE FUNCTION touch()"};
  Trigger legacy_trigger{"Doc_legacy", "CREATE TRIGGER \"Doc_legacy\" ..."};
  CHECK(script(with({touch, old}, {legacy_trigger}), with({touch2}, {trigger})) == R"(-- DropTrigger
DROP TRIGGER "Doc_legacy" ON "Doc";

-- CreateRoutine
CREATE OR REPLACE FUNCTION public.touch()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$BEGIN NEW."updatedAt" = clock_timestamp(); RETURN NEW; END;$function$;

-- CreateTrigger
CREATE TRIGGER "Doc_touch" BEFORE UPDATE ON public."Doc" FOR EACH ROW EXECUTE FUNCTION touch();

-- DropRoutine
DROP FUNCTION "legacy"(integer, text);
)");
}

TEST_CASE("a MySQL routine is dropped and created again") {
  auto with = [](std::string body) {
    Schema s = schema(MY, {});
    s.namespaces[0].routines = {{"total", "", "function", "CREATE FUNCTION `total`() RETURNS int DETERMINISTIC\n" + body}};
    return s;
  };
  CHECK(script(with("RETURN 1"), with("RETURN 2")) == R"(-- DropRoutine
DROP FUNCTION `total`;

-- CreateRoutine
CREATE FUNCTION `total`() RETURNS int DETERMINISTIC
RETURN 2;
)");
}

TEST_CASE("primary keys and comments: a renamed key is renamed, a moved one dropped and added") {
  Table a = table("Tag", {col("id", "integer", false), col("slug", "text", false)}, PrimaryKey{"Tag_pk", {"id"}});
  Table b = table("Tag", {col("id", "integer", false), col("slug", "text", false)}, PrimaryKey{"Tag_pkey", {"id"}});
  b.comment = "labels";
  b.columns[1].comment = "the tag's URL name";
  Table c = a;
  c.primary_key = PrimaryKey{"Tag_pkey", {"slug"}};
  CHECK(script(schema(PG, {a}), schema(PG, {b})) == R"(-- AlterTable
COMMENT ON COLUMN "Tag"."slug" IS 'the tag''s URL name';
ALTER TABLE "Tag" RENAME CONSTRAINT "Tag_pk" TO "Tag_pkey";
COMMENT ON TABLE "Tag" IS 'labels';
)");
  CHECK(script(schema(PG, {a}), schema(PG, {c})) == R"(-- AlterTable
ALTER TABLE "Tag" DROP CONSTRAINT "Tag_pk",
ADD CONSTRAINT "Tag_pkey" PRIMARY KEY ("slug");
)");
  Table my_a = table("Tag", {col("id", "int", false), col("slug", "varchar(191)", false)}, PrimaryKey{"PRIMARY", {"id"}});
  Table my_b = my_a;
  my_b.primary_key->columns = {"slug"};
  my_b.comment = "back\\slash";
  CHECK(script(schema(MY, {my_a}), schema(MY, {my_b})) == R"(-- AlterTable
ALTER TABLE `Tag` DROP PRIMARY KEY,
    ADD PRIMARY KEY (`slug`),
    COMMENT 'back\\slash';
)");
}

TEST_CASE("generated columns: PostgreSQL adds a new expression with its column, MySQL modifies it") {
  auto line = [](Provider p, std::string total, std::string doubled) {
    std::string integer = p == PG ? "integer" : "int";
    auto column = [&](std::string name, std::string expression) {
      return expression.empty() ? col(name, integer) : col(name, integer, true, expression, Gen::Stored);
    };
    return schema(p, {table("Line", {col("qty", integer, false), column("total", total), col("note", "text"),
                                     column("doubled", doubled)})});
  };
  CHECK(script(line(PG, "", "(qty * 2)"), line(PG, "(qty * 3)", "")) == R"(-- AlterTable
ALTER TABLE "Line" DROP COLUMN "total",
ADD COLUMN "total" INTEGER GENERATED ALWAYS AS ((qty * 3)) STORED,
ALTER COLUMN "doubled" DROP EXPRESSION;
)");
  CHECK(script(line(MY, "", "`qty` * 2"), line(MY, "`qty` * 3", "")) == R"(-- AlterTable
ALTER TABLE `Line` MODIFY `doubled` int NULL,
    MODIFY `total` int GENERATED ALWAYS AS (`qty` * 3) STORED;
)");
}

TEST_CASE("an enum value that a default uses at once needs the recreated type, not ADD VALUE") {
  auto with = [](std::vector<std::string> values, std::string default_value) {
    return schema(PG, {table("U", {col("role", "\"Role\"", false, std::move(default_value))})},
                  {{"Role", std::move(values)}});
  };
  CHECK(script(with({"USER"}, "'USER'::\"Role\""), with({"USER", "GUEST"}, "'GUEST'::\"Role\"")) == R"(-- AlterEnum
CREATE TYPE "Role_new" AS ENUM ('USER', 'GUEST');
ALTER TABLE "U" ALTER COLUMN "role" DROP DEFAULT;
ALTER TABLE "U" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");
DROP TYPE "Role";
ALTER TYPE "Role_new" RENAME TO "Role";

-- AlterTable
ALTER TABLE "U" ALTER COLUMN "role" SET DEFAULT 'GUEST';
)");
}

TEST_CASE("an exclusion constraint is added as PostgreSQL prints it") {
  Table room = table("Room", {col("during", "tsrange")});
  Table excluded = room;
  excluded.checks = {{"Room_no_overlap", "EXCLUDE USING gist (during WITH &&)"}};
  CHECK(script(schema(PG, {room}), schema(PG, {excluded})) == R"(-- AddCheckConstraint
ALTER TABLE "Room" ADD CONSTRAINT "Room_no_overlap" EXCLUDE USING gist (during WITH &&);
)");
}

TEST_CASE("identifiers are quoted with their quote character doubled") {
  Table t = table("we\"ird", {col("a`b", "integer")});
  CHECK(script(schema(PG, {}), schema(PG, {t})) == "-- CreateTable\nCREATE TABLE \"we\"\"ird\" (\n    \"a`b\" INTEGER\n);\n");
  t.columns[0].type = "int";
  CHECK(script(schema(MY, {}), schema(MY, {t})) ==
        "-- CreateTable\nCREATE TABLE `we\"ird` (\n    `a``b` int NULL\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n");
}

TEST_CASE("fixture renames: the script renames an index or foreign key whose name alone changes, a MySQL foreign key is dropped and added") {
  CHECK(script(renames_case(PG)) == R"(-- RenameForeignKey
ALTER TABLE "Post" RENAME CONSTRAINT "post_author_fk" TO "Post_authorId_fkey";

-- RenameIndex
ALTER INDEX "post_author" RENAME TO "Post_authorId_idx";

-- RenameIndex
ALTER INDEX "post_author_slug" RENAME TO "Post_authorId_slug_key";

-- RenameIndex
ALTER TABLE "Post" RENAME CONSTRAINT "post_slug_unique" TO "Post_slug_key";
)");
  CHECK(script(renames_case(MY)) == R"(-- DropForeignKey
ALTER TABLE `Post` DROP FOREIGN KEY `post_author_fk`;

-- AddForeignKey
ALTER TABLE `Post` ADD CONSTRAINT `Post_authorId_fkey` FOREIGN KEY (`authorId`) REFERENCES `Author`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- RenameIndex
ALTER TABLE `Post` RENAME INDEX `post_author` TO `Post_authorId_idx`;

-- RenameIndex
ALTER TABLE `Post` RENAME INDEX `post_author_slug` TO `Post_authorId_slug_key`;

-- RenameIndex
ALTER TABLE `Post` RENAME INDEX `post_slug_unique` TO `Post_slug_key`;
)");
}

TEST_CASE("a script's renames come where Prisma puts them, qualified outside public") {
  Table a = table("Tag", {col("id", "integer", false), col("slug", "text", false), col("parentId", "integer")});
  a.indexes = {index("tag_slug", {{"slug"}})};
  a.foreign_keys = {fk(PG, "tag_parent", "parentId", "Tag", "SET NULL")};
  Table b = a;
  b.indexes = {index("Tag_slug_idx", {{"slug"}}), index("Tag_parentId_idx", {{"parentId"}})};
  b.foreign_keys = {fk(PG, "Tag_parentId_fkey", "parentId", "Tag", "SET NULL")};
  auto in_app = [](Table t) {
    Schema s = schema(PG, {});
    t.foreign_keys[0].referenced_schema = "app";
    s.namespace_named("app").tables = {std::move(t)};
    s.normalise();
    return s;
  };
  CHECK(script(in_app(a), in_app(b)) == R"(-- CreateIndex
CREATE INDEX "Tag_parentId_idx" ON "app"."Tag"("parentId");

-- RenameForeignKey
ALTER TABLE "app"."Tag" RENAME CONSTRAINT "tag_parent" TO "Tag_parentId_fkey";

-- RenameIndex
ALTER INDEX "app"."tag_slug" RENAME TO "Tag_slug_idx";
)");
}

TEST_CASE("a script drops and adds look-alike indexes and foreign keys rather than guess which one was renamed") {
  Table a = table("Tag", {col("id", "integer", false), col("slug", "text", false), col("parentId", "integer")});
  Table b = a;
  a.indexes = {index("tag_slug_1", {{"slug"}}), index("tag_slug_2", {{"slug"}})};
  b.indexes = {index("Tag_slug_idx", {{"slug"}})};
  a.foreign_keys = {fk(PG, "tag_parent", "parentId", "Tag", "SET NULL")};
  b.foreign_keys = {fk(PG, "Tag_parent_1", "parentId", "Tag", "SET NULL"), fk(PG, "Tag_parent_2", "parentId", "Tag", "SET NULL")};
  CHECK(script(schema(PG, {a}), schema(PG, {b})) == R"(-- DropForeignKey
ALTER TABLE "Tag" DROP CONSTRAINT "tag_parent";

-- DropIndex
DROP INDEX "tag_slug_1";

-- DropIndex
DROP INDEX "tag_slug_2";

-- CreateIndex
CREATE INDEX "Tag_slug_idx" ON "Tag"("slug");

-- AddForeignKey
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_parent_1" FOREIGN KEY ("parentId") REFERENCES "Tag"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_parent_2" FOREIGN KEY ("parentId") REFERENCES "Tag"("id") ON DELETE SET NULL ON UPDATE CASCADE;
)");
  Table my_a = table("Tag", {col("id", "int", false), col("slug", "varchar(191)", false)});
  Table my_b = my_a;
  my_a.indexes = {index("tag_slug", {{"slug"}})};
  my_b.indexes = {index("Tag_slug_1", {{"slug"}}), index("Tag_slug_2", {{"slug"}})};
  CHECK(script(schema(MY, {my_a}), schema(MY, {my_b})) == R"(-- DropIndex
DROP INDEX `tag_slug` ON `Tag`;

-- CreateIndex
CREATE INDEX `Tag_slug_1` ON `Tag`(`slug`);

-- CreateIndex
CREATE INDEX `Tag_slug_2` ON `Tag`(`slug`);
)");
}
