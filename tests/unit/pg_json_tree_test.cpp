// The parse tree read from libpg_query's JSON against the one its protobuf unpacks to.
#include <doctest/doctest.h>
#include <pg_query.h>

#include <filesystem>
#include <memory_resource>
#include <string>

#include "lint/change.h"
#include "sql/pg_json_tree.h"
#include "sql/sql_file.h"
#include "util/file_io.h"

using namespace driftgate;
namespace fs = std::filesystem;

namespace {

// Where messages `a` (read from JSON) and `b` (unpacked) first differ, as a field path; empty if
// nowhere. An Integer of 0 in `a` matches any value below 1 in `b`: the loss read_json_tree names.
std::string difference(const ProtobufCMessage* a, const ProtobufCMessage* b, const std::string& path) {
  if (!a || !b) return a == b ? "" : path + ": one is null";
  const ProtobufCMessageDescriptor* d = a->descriptor;
  if (d != b->descriptor) return path + ": " + d->name + " vs " + b->descriptor->name;
  const auto* pa = reinterpret_cast<const char*>(a);
  const auto* pb = reinterpret_cast<const char*>(b);
  for (unsigned i = 0; i < d->n_fields; ++i) {
    const ProtobufCFieldDescriptor& f = d->fields[i];
    std::string at = path + "." + f.name;
    auto member = [&](const char* p) { return p + f.offset; };
    if (f.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      auto ca = *reinterpret_cast<const uint32_t*>(pa + f.quantifier_offset);
      auto cb = *reinterpret_cast<const uint32_t*>(pb + f.quantifier_offset);
      if (ca != cb) return at + ": case " + std::to_string(ca) + " vs " + std::to_string(cb);
      if (ca != f.id) continue;
    }
    if (f.label == PROTOBUF_C_LABEL_REPEATED) {
      auto na = *reinterpret_cast<const std::size_t*>(pa + f.quantifier_offset);
      auto nb = *reinterpret_cast<const std::size_t*>(pb + f.quantifier_offset);
      if (na != nb) return at + ": " + std::to_string(na) + " vs " + std::to_string(nb) + " items";
      if (f.type != PROTOBUF_C_TYPE_MESSAGE) return at + ": a repeated scalar";
      auto* ia = *reinterpret_cast<ProtobufCMessage* const* const*>(member(pa));
      auto* ib = *reinterpret_cast<ProtobufCMessage* const* const*>(member(pb));
      for (std::size_t k = 0; k < na; ++k)
        if (auto diff = difference(ia[k], ib[k], at + "[" + std::to_string(k) + "]"); !diff.empty()) return diff;
      continue;
    }
    switch (f.type) {
      case PROTOBUF_C_TYPE_MESSAGE:
        if (auto diff = difference(*reinterpret_cast<ProtobufCMessage* const*>(member(pa)),
                                   *reinterpret_cast<ProtobufCMessage* const*>(member(pb)), at);
            !diff.empty())
          return diff;
        break;
      case PROTOBUF_C_TYPE_STRING:
        if (std::string(*reinterpret_cast<char* const*>(member(pa))) != *reinterpret_cast<char* const*>(member(pb)))
          return at + ": strings differ";
        break;
      case PROTOBUF_C_TYPE_INT32:
      case PROTOBUF_C_TYPE_UINT32:
      case PROTOBUF_C_TYPE_BOOL:
      case PROTOBUF_C_TYPE_ENUM: {
        auto va = *reinterpret_cast<const int32_t*>(member(pa));
        auto vb = *reinterpret_cast<const int32_t*>(member(pb));
        bool lost = d == &pg_query__integer__descriptor && va == 0 && vb < 1;
        if (va != vb && !lost) return at + ": " + std::to_string(va) + " vs " + std::to_string(vb);
        break;
      }
      case PROTOBUF_C_TYPE_INT64:
        if (*reinterpret_cast<const int64_t*>(member(pa)) != *reinterpret_cast<const int64_t*>(member(pb)))
          return at + ": int64 differs";
        break;
      default: return at + ": a field of a type the reader does not read";
    }
  }
  return "";
}

struct Comparison {
  bool parsed = false;  // the text parses
  bool read = false;    // read_json_tree gave a tree
  std::string difference;
};

Comparison compare(const std::string& sql) {
  Comparison out;
  PgQueryParseResult json = pg_query_parse(sql.c_str());
  PgQueryProtobufParseResult packed = pg_query_parse_protobuf(sql.c_str());
  if (!json.error && !packed.error) {
    out.parsed = true;
    std::pmr::monotonic_buffer_resource arena;
    const PgQuery__ParseResult* from_json = read_json_tree(json.parse_tree, 1000, arena);
    PgQuery__ParseResult* unpacked = pg_query__parse_result__unpack(
        nullptr, packed.parse_tree.len, reinterpret_cast<const uint8_t*>(packed.parse_tree.data));
    out.read = from_json != nullptr;
    if (from_json) out.difference = difference(&from_json->base, &unpacked->base, "ParseResult");
    pg_query__parse_result__free_unpacked(unpacked, nullptr);
  }
  pg_query_free_parse_result(json);
  pg_query_free_protobuf_parse_result(packed);
  return out;
}

// The type modifiers the change extractor reads from `CREATE TABLE t (c <type>)`.
std::vector<long> modifiers_of(const std::string& type) {
  SqlFile file = SqlFile::parse_postgres("CREATE TABLE t (c " + type + ");", false);
  return extract_changes(file.statements().at(0), file.text()).at(0).as<CreateTable>()->columns.at(0).type.modifiers;
}

}  // namespace

TEST_CASE("the tree read from JSON is the one protobuf unpacks to") {
  const char* statements[] = {
      "CREATE TABLE \"A\" (\"id\" SERIAL PRIMARY KEY, \"b\" TEXT[] NOT NULL DEFAULT '{}', \"c\" NUMERIC(10,2), "
      "\"d\" DOUBLE PRECISION DEFAULT -1.5, \"e\" BOOLEAN DEFAULT false, \"f\" JSONB DEFAULT '{\"k\": \"<v>\\n\"}', "
      "\"g\" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP, \"h\" INTEGER DEFAULT -1, \"i\" UUID DEFAULT gen_random_uuid(), "
      "CONSTRAINT \"A_b_key\" UNIQUE (\"b\"), CHECK (\"h\" > 0 AND \"c\" IS NOT NULL))",
      "ALTER TABLE \"A\" ADD COLUMN \"x\" INTEGER NOT NULL DEFAULT 0, DROP COLUMN IF EXISTS \"y\", "
      "ALTER COLUMN \"z\" TYPE VARCHAR(191) USING \"z\"::text, ALTER COLUMN \"w\" SET NOT NULL",
      "ALTER TABLE ONLY public.\"A\" ADD CONSTRAINT \"fk\" FOREIGN KEY (\"b\") REFERENCES \"B\"(\"id\") "
      "ON DELETE CASCADE ON UPDATE SET NULL NOT VALID",
      "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"i\" ON \"A\" USING gin (lower(\"b\"), \"c\" DESC NULLS LAST) "
      "WHERE \"d\" IS NULL",
      "CREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN')",
      "ALTER TYPE \"Role\" ADD VALUE IF NOT EXISTS 'OWNER' BEFORE 'ADMIN'",
      "ALTER TYPE \"Role\" RENAME VALUE 'USER' TO 'MEMBER'",
      "UPDATE \"A\" SET \"b\" = ARRAY['x'], \"c\" = NULL WHERE \"id\" IN (SELECT \"id\" FROM \"B\" LIMIT 10)",
      "INSERT INTO \"A\" (\"id\", \"b\") VALUES (1, 'é'), (2, E'\\t') ON CONFLICT DO NOTHING",
      "DELETE FROM \"A\" USING \"B\" WHERE \"A\".\"id\" = \"B\".\"id\"",
      "DROP TABLE IF EXISTS \"A\", \"B\" CASCADE",
      "DROP INDEX CONCURRENTLY \"i\"; DROP TYPE \"Role\"; DROP SCHEMA s CASCADE",
      "ALTER TABLE \"A\" RENAME COLUMN \"a\" TO \"b\"; ALTER INDEX \"i\" RENAME TO \"j\"",
      "BEGIN; SET LOCAL lock_timeout = '1s'; COMMIT",
      "REINDEX (CONCURRENTLY) TABLE \"A\"",
      "CREATE VIEW v AS SELECT a, count(*) FILTER (WHERE b) OVER (PARTITION BY c) FROM t GROUP BY a HAVING sum(d) > 1",
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
      "CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f()",
      "CREATE EXTENSION IF NOT EXISTS \"pgcrypto\"; COMMENT ON COLUMN t.c IS 'x'",
      "CREATE SEQUENCE s INCREMENT BY -1 MINVALUE -10; ALTER SEQUENCE s OWNED BY t.c",
      "SELECT CASE WHEN a THEN B'101' ELSE X'1F' END, 1e10, $1, a[1:2], (a).b, t.* FROM t",
      "",
  };
  for (const char* sql : statements) {
    CAPTURE(sql);
    Comparison c = compare(sql);
    CHECK(c.parsed);
    CHECK(c.read);
    CHECK(c.difference == "");
  }
  // Every migration of the fixtures and the corpus: the reader may leave a tree to protobuf, but a
  // tree it reads is protobuf's.
  int read = 0, total = 0;
  for (fs::path dir : {fs::path(DRIFTGATE_SOURCE_DIR) / "fixtures", fs::path(DRIFTGATE_SOURCE_DIR) / ".." / "shared" / "corpus"}) {
    if (!fs::exists(dir)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (entry.path().extension() != ".sql") continue;
      Comparison c = compare(read_file(entry.path()));
      if (!c.parsed) continue;
      CAPTURE(entry.path());
      CHECK(c.difference == "");
      ++total;
      read += c.read;
    }
  }
  CHECK(read * 10 >= total * 9);
}

TEST_CASE("what JSON cannot give exactly is left to protobuf") {
  CHECK_FALSE(compare("CREATE TABLE t (c NUMERIC(10,0))").read);  // 0 or a negative scale
  CHECK_FALSE(compare("CREATE TABLE t (c TIMESTAMP(0))").read);
  CHECK_FALSE(compare("CREATE FOREIGN TABLE t (c INT) SERVER s").read);  // base_stmt, printed "base"
  std::pmr::monotonic_buffer_resource arena;
  CHECK(read_json_tree("{\"version\":150001,\"stmts\":[]}", 1000, arena));
  CHECK_FALSE(read_json_tree("{\"version\":150001,\"stmts\":[]} ", 1000, arena));
  CHECK_FALSE(read_json_tree("{\"version\":150001,\"nope\":1}", 1000, arena));
  CHECK_FALSE(read_json_tree("{\"stmts\":[{\"stmt\":{\"String\":{\"sval\":\"x\"}}}]}", 2, arena));
  CHECK(read_json_tree("{\"stmts\":[{\"stmt\":{\"String\":{\"sval\":\"x\"}}}]}", 4, arena));

  // ... and so the type modifiers driftgate reads stay exact.
  CHECK(modifiers_of("NUMERIC(10,0)") == std::vector<long>{10, 0});
  CHECK(modifiers_of("NUMERIC(3,-2)") == std::vector<long>{3, -2});
  CHECK(modifiers_of("TIMESTAMP(0)") == std::vector<long>{0});
  CHECK(modifiers_of("VARCHAR(191)") == std::vector<long>{191});
}
