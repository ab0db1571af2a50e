// prisma.config.ts read without Node: literals and env() are followed, computed values reported.
#include <doctest/doctest.h>

#include "datamodel/prisma_config.h"
#include "temp_dir.h"

using namespace driftgate;
using testing::TempDir;

namespace {
psl::PrismaConfig read(const std::string& text) {
  TempDir dir;
  dir.file("prisma.config.ts", text);
  return psl::read_prisma_config(dir.path / "prisma.config.ts", "prisma.config.ts");
}
}  // namespace

TEST_CASE("prisma.config.ts: defineConfig with literals, env() and process.env") {
  psl::PrismaConfig c = read(R"(import "dotenv/config";
import { defineConfig, env } from "prisma/config";

export default defineConfig({
  // the datamodel
  schema: "db/schema.prisma",
  migrations: {
    path: 'db/migrations',
    seed: `tsx db/seed.ts`,
  },
  datasource: {
    url: env("DATABASE_URL"),
    shadowDatabaseUrl: process.env.SHADOW_URL,
  },
});
)");
  REQUIRE(c.schema);
  CHECK(c.schema->literal == "db/schema.prisma");
  CHECK(c.schema->where.str() == "prisma.config.ts:6:11");
  REQUIRE(c.migrations);
  CHECK(c.migrations->literal == "db/migrations");
  REQUIRE(c.url);
  CHECK(c.url->env == "DATABASE_URL");
  REQUIRE(c.shadow_url);
  CHECK(c.shadow_url->env == "SHADOW_URL");
  CHECK(c.unreadable.empty());
}

TEST_CASE("prisma.config.ts: computed values are named with their place, never guessed") {
  psl::PrismaConfig c = read(R"(import path from "node:path";
const dir = "db";
export default {
  schema: path.join(dir, "schema.prisma"),
  migrations: { path: `${dir}/migrations` },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/dev" },
};
)");
  CHECK_FALSE(c.schema);
  CHECK_FALSE(c.migrations);
  CHECK_FALSE(c.url);
  REQUIRE(c.unreadable.size() == 3);
  CHECK(c.unreadable[0].starts_with("prisma.config.ts:4:11: schema is computed"));
  CHECK(c.unreadable[1].starts_with("prisma.config.ts:5:23: migrations.path is computed"));
  CHECK(c.unreadable[2].starts_with("prisma.config.ts:6:22: datasource.url is computed"));
}

TEST_CASE("prisma.config.ts: found beside the project, .ts first") {
  TempDir dir;
  CHECK_FALSE(psl::find_prisma_config(dir.path));
  dir.file("prisma.config.mjs", "export default {}");
  CHECK(psl::find_prisma_config(dir.path) == dir.path / "prisma.config.mjs");
  dir.file("prisma.config.ts", "export default {}");
  CHECK(psl::find_prisma_config(dir.path) == dir.path / "prisma.config.ts");
}
