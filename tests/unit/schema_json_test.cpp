#include <doctest/doctest.h>

#include "core/error.h"
#include "core/schema_json.h"

using namespace driftgate;

namespace {
Schema sample() {
  Schema s;
  Namespace& ns = s.namespace_named("public");
  Table user{"User", {}, PrimaryKey{"User_pkey", {"id"}}, {}, {}, {}, {}, "people"};
  user.columns.push_back({"id", "integer", false, "nextval('\"User_id_seq\"'::regclass)", ColumnGeneration::Serial, {}, {}});
  user.columns.push_back({"email", "text", false, {}, ColumnGeneration::None, {}, {}});
  user.indexes.push_back({"User_email_key", {{"email", false, {}, {}}}, true, false, "btree", {}});
  ns.tables.push_back(user);
  Table post{"Post", {{"authorId", "integer", true, {}, ColumnGeneration::None, {}, {}}}, {}, {}, {}, {}, {}, {}};
  post.foreign_keys.push_back({"Post_authorId_fkey", {"authorId"}, "public", "User", {"id"}, "SET NULL", "CASCADE", false});
  ns.tables.push_back(post);
  ns.enums.push_back({"Role", {"USER", "ADMIN"}});
  s.extensions.push_back({"pg_trgm", "public", "1.6"});
  s.normalise();
  return s;
}
}  // namespace

TEST_CASE("a schema survives a JSON round trip and serialises deterministically") {
  Schema s = sample();
  auto json = schema_to_json(s);
  Schema back = schema_from_json(nlohmann::json::parse(json.dump()), "snap.json");
  CHECK(back == s);
  CHECK(schema_to_json(back).dump() == json.dump());
  CHECK(s.namespaces[0].tables[0].name == "Post");  // normalise sorts tables by name
}

TEST_CASE("a bad snapshot names the file and the JSON path of the bad member") {
  auto json = nlohmann::json::parse(schema_to_json(sample()).dump());
  json["namespaces"][0]["tables"][1]["columns"][0]["nullable"] = "no";
  CHECK_THROWS_WITH_AS(schema_from_json(json, "snap.json"),
                       "snap.json: namespaces[0].tables[1].columns[0].nullable: expected true or false", Error);
  json = {{"snapshot_version", 99}, {"provider", "postgresql"}};
  CHECK_THROWS_WITH_AS(schema_from_json(json, "snap.json"), doctest::Contains("unsupported snapshot version 99"), Error);
}
