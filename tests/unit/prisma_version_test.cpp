// The project's Prisma version, and the rules keyed by it.
#include <doctest/doctest.h>

#include "core/error.h"
#include "datamodel/prisma_version.h"
#include "temp_dir.h"

using namespace driftgate;
using testing::TempDir;

TEST_CASE("lowest_major: the lowest major a range allows") {
  CHECK(psl::lowest_major("^5.4.2") == 5);
  CHECK(psl::lowest_major("~6.1.0") == 6);
  CHECK(psl::lowest_major(">=4.16.0 <6") == 4);
  CHECK(psl::lowest_major("5.x") == 5);
  CHECK(psl::lowest_major("6") == 6);
  CHECK(psl::lowest_major("workspace:^6.19.0") == 6);
  CHECK(psl::lowest_major("v5.22.0") == 5);
  CHECK_FALSE(psl::lowest_major("latest"));
  CHECK_FALSE(psl::lowest_major("*"));
  CHECK_FALSE(psl::lowest_major("<6"));
}

TEST_CASE("find_prisma_version: setting, then package.json, then lock files, then the newest") {
  TempDir dir;
  CHECK(psl::find_prisma_version(dir.path, std::nullopt).major == psl::kNewestPrismaMajor);
  dir.file("package.json", R"({"name": "app", "dependencies": {"next": "14"}})");
  dir.file("pnpm-lock.yaml", "lockfileVersion: '6.0'\npackages:\n  /prisma@5.22.0:\n    resolution: {}\n");
  psl::PrismaVersion v = psl::find_prisma_version(dir.path / "sub", std::nullopt);
  CHECK(v.major == 5);
  CHECK(v.reason == "pnpm-lock.yaml resolves prisma to 5.x");
  dir.file("package.json", R"({"devDependencies": {"prisma": "^6.2.1"}, "dependencies": {"@prisma/client": "^6.2.1"}})");
  v = psl::find_prisma_version(dir.path, std::nullopt);
  CHECK(v.major == 6);
  CHECK(v.reason == R"(package.json dependencies "@prisma/client": "^6.2.1")");
  v = psl::find_prisma_version(dir.path, std::string("5"));
  CHECK(v.major == 5);
  CHECK(v.reason == R"(driftgate.toml prisma-version = "5")");
  CHECK_THROWS_AS(psl::find_prisma_version(dir.path, std::string("next")), Error);
}

TEST_CASE("find_prisma_version: package-lock.json, yarn.lock and bun.lock") {
  TempDir dir;
  dir.file("package.json", R"({"name": "app"})");
  dir.file("yarn.lock", "prisma@^5.1.0:\n  version \"5.1.1\"\n");
  CHECK(psl::find_prisma_version(dir.path, std::nullopt).major == 5);
  dir.file("package-lock.json", R"({"packages": {"node_modules/prisma": {"version": "6.19.3", "dev": true}}})");
  CHECK(psl::find_prisma_version(dir.path, std::nullopt).major == 6);
  TempDir bun;
  bun.file("package.json", R"({"name": "app"})");
  bun.file("bun.lock", R"({"packages": {"prisma": ["prisma@7.0.1", "", {}, "sha512-x"]}})");
  CHECK(psl::find_prisma_version(bun.path, std::nullopt).major == 7);
}

TEST_CASE("prisma rules by version: the join table's primary key from Prisma 6 on") {
  for (int major : {4, 5}) CHECK_FALSE(psl::prisma_has(major, "join-table-primary-key"));
  for (int major : {6, 7}) CHECK(psl::prisma_has(major, "join-table-primary-key"));
  CHECK_THROWS_AS(psl::prisma_has(6, "no-such-rule"), std::out_of_range);
}
