#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "core/error.h"
#include "migrations/locale_order.h"
#include "migrations/migration.h"
#include "temp_dir.h"
#include "util/file_io.h"

namespace fs = std::filesystem;
using namespace driftgate;

namespace {

using testing::TempDir;


std::vector<std::string> rule_ids(const MigrationDir& dir) {
  std::vector<std::string> ids;
  for (const auto& f : dir.problems) ids.push_back(f.rule_id + " " + f.location.file);
  return ids;
}

}  // namespace

TEST_CASE("locale_compare orders names as JavaScript's localeCompare does") {
  CHECK(locale_compare("a", "b") < 0);
  CHECK(locale_compare("B", "a") > 0);          // letters compare case-insensitively first
  CHECK(locale_compare("a", "A") < 0);          // then lower case before upper case
  CHECK(locale_compare("_x", "1") < 0);         // punctuation before digits
  CHECK(locale_compare("9", "a") < 0);          // digits before letters
  CHECK(locale_compare("20240101_Add", "20240101_add") > 0);
  CHECK(locale_compare("same", "same") == 0);
}

TEST_CASE("prisma_checksum is the SHA-256 of the script, lower-case hex") {
  CHECK(prisma_checksum("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(prisma_checksum("SELECT 1;\n").size() == 64);
}

TEST_CASE("a Prisma history loads in byte order with its checksums and lock provider") {
  TempDir t;
  t.file("migrations/migration_lock.toml", "provider = \"postgresql\"\n");
  t.file("migrations/20240201000000_b/migration.sql", "SELECT 2;\n");
  t.file("migrations/20240101000000_a/migration.sql", "SELECT 1;\n");
  MigrationDir dir = load_migration_dir(t.path / "migrations", {t.path, std::string("postgresql")});
  REQUIRE(dir.migrations.size() == 2);
  CHECK(dir.layout == MigrationLayout::Prisma);
  CHECK(dir.lock_provider == "postgresql");
  CHECK(dir.migrations[0].name == "20240101000000_a");
  CHECK(dir.migrations[0].relative_path == "migrations/20240101000000_a/migration.sql");
  CHECK(dir.migrations[0].checksum() == prisma_checksum("SELECT 1;\n"));
  CHECK(dir.problems.empty());
}

TEST_CASE("layout problems are findings and the rest of the history still loads") {
  TempDir t;
  t.file("m/migration_lock.toml", "provider = \"mysql\"\n");
  t.file("m/20240101000000_ok/migration.sql", "SELECT 1;\n");
  t.file("m/20240102000000_empty/migration.sql", "  \n");
  fs::create_directories(t.path / "m/20240103000000_no_script");
  t.file("m/notes.txt", "stray\n");
  MigrationDir dir = load_migration_dir(t.path / "m", {t.path, std::string("postgresql")});
  CHECK(dir.migrations.size() >= 1);
  auto ids = rule_ids(dir);
  CHECK(std::count(ids.begin(), ids.end(), "DG005 m/migration_lock.toml") == 1);
  CHECK(std::count(ids.begin(), ids.end(), "DG004 m/20240102000000_empty/migration.sql") == 1);
  CHECK(std::count(ids.begin(), ids.end(), "DG002 m/20240103000000_no_script") == 1);
  CHECK(std::count(ids.begin(), ids.end(), "DG006 m/notes.txt") == 1);
}

TEST_CASE("names that localeCompare orders differently from byte order are reported") {
  TempDir t;
  t.file("m/20240101000000_B/migration.sql", "SELECT 1;\n");
  t.file("m/20240101000000_a/migration.sql", "SELECT 2;\n");
  MigrationDir dir = load_migration_dir(t.path / "m", {t.path, std::nullopt});
  auto ids = rule_ids(dir);
  CHECK(std::any_of(ids.begin(), ids.end(), [](const std::string& s) { return s.rfind("DG007", 0) == 0; }));
}

TEST_CASE("a plain folder of .sql files loads in lexical order") {
  TempDir t;
  t.file("sql/002_second.sql", "SELECT 2;\n");
  t.file("sql/001_first.sql", "SELECT 1;\n");
  MigrationDir dir = load_migration_dir(t.path / "sql", {t.path, std::nullopt});
  REQUIRE(dir.migrations.size() == 2);
  CHECK(dir.layout == MigrationLayout::Plain);
  CHECK(dir.migrations[0].name == "001_first.sql");
}

TEST_CASE("a script that is not a regular file is a finding, never a read that blocks") {
  TempDir t;
  t.file("sql/001_first.sql", "SELECT 1;\n");
  REQUIRE(::mkfifo((t.path / "sql/002_fifo.sql").c_str(), 0600) == 0);  // nobody ever writes to it
  MigrationDir plain = load_migration_dir(t.path / "sql", {t.path, std::nullopt});
  CHECK(plain.migrations.size() == 1);
  auto ids = rule_ids(plain);
  CHECK(std::count(ids.begin(), ids.end(), "DG003 sql/002_fifo.sql") == 1);

  t.file("m/20240101000000_ok/migration.sql", "SELECT 1;\n");
  fs::create_directories(t.path / "m/20240102000000_fifo");
  REQUIRE(::mkfifo((t.path / "m/20240102000000_fifo/migration.sql").c_str(), 0600) == 0);
  MigrationDir prisma = load_migration_dir(t.path / "m", {t.path, std::nullopt});
  CHECK(prisma.migrations.size() == 1);
  ids = rule_ids(prisma);
  CHECK(std::count(ids.begin(), ids.end(), "DG003 m/20240102000000_fifo/migration.sql") == 1);
}

TEST_CASE("a missing migrations directory is an error naming it") {
  TempDir t;
  CHECK_THROWS_WITH_AS(load_migration_dir(t.path / "nope", {t.path, std::nullopt}),
                       doctest::Contains("nope"), Error);
}
