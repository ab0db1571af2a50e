// The replay cache's parts without a server: packed trees (util/tree_archive.h), the store with
// its check and eviction (db/data_dir_cache.h), and the keys of history prefixes (db/replay_key.h).
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "db/data_dir_cache.h"
#include "db/replay_key.h"
#include "temp_dir.h"
#include "util/file_io.h"
#include "util/tree_archive.h"

namespace fs = std::filesystem;
using driftgate::testing::TempDir;

namespace driftgate {
namespace {

// A small data directory: nested folders, an empty file, one private file.
void make_tree(const TempDir& dir, const std::string& root = "data") {
  dir.file(root + "/PG_VERSION", "16\n");
  dir.file(root + "/base/5/1259", std::string(100000, 'x'));
  dir.file(root + "/base/5/empty", "");
  dir.file(root + "/pg_wal/archive_status/.keep", "k");
  fs::permissions(dir.path / root / "PG_VERSION", fs::perms::owner_read | fs::perms::owner_write);
}

std::string describe_tree(const fs::path& root) {
  std::vector<std::string> lines;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    std::string line = fs::relative(e.path(), root).string() + " " +
                       std::to_string(static_cast<int>(fs::status(e.path()).permissions()));
    if (e.is_regular_file()) line += " " + read_file(e.path());
    lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

void flip_byte(const fs::path& file, std::uintmax_t at) {
  std::string bytes = read_file(file);
  bytes[at] = static_cast<char>(bytes[at] ^ 0x20);
  write_file(file, bytes);
}

Migration migration(std::string name, std::string bytes) {
  Migration m;
  m.name = std::move(name);
  m.bytes = std::move(bytes);
  return m;
}

}  // namespace

TEST_CASE("a packed tree unpacks to the same files, folders and permissions") {
  TempDir dir;
  make_tree(dir);
  pack_tree(dir.path / "data", dir.path / "packed");
  REQUIRE(unpack_tree(dir.path / "packed", dir.path / "copy"));
  CHECK(describe_tree(dir.path / "copy") == describe_tree(dir.path / "data"));
}

TEST_CASE("a packed tree that changed in any way does not unpack, and leaves nothing") {
  TempDir dir;
  make_tree(dir);
  pack_tree(dir.path / "data", dir.path / "packed");
  std::string packed = read_file(dir.path / "packed");

  SUBCASE("a flipped byte in a file's content") { flip_byte(dir.path / "packed", packed.find("xxxx") + 50000); }
  SUBCASE("a flipped byte in a header") { flip_byte(dir.path / "packed", packed.find("base/5/1259") + 2); }
  SUBCASE("truncated at a file boundary") { write_file(dir.path / "packed", packed.substr(0, packed.rfind("end "))); }
  SUBCASE("truncated in a file") { write_file(dir.path / "packed", packed.substr(0, packed.find("xxxx") + 10)); }
  SUBCASE("bytes appended") { write_file(dir.path / "packed", packed + "f 600 1 extra\nx\n"); }
  SUBCASE("a path outside the tree") {
    std::string evil = packed;
    evil.replace(evil.find("d 755 base\n"), 11, "d 755 ../up\n");
    write_file(dir.path / "packed", evil);
  }
  SUBCASE("not an archive") { write_file(dir.path / "packed", "PGDMP"); }
  CHECK_FALSE(unpack_tree(dir.path / "packed", dir.path / "copy"));
  CHECK_FALSE(fs::exists(dir.path / "copy"));
}

TEST_CASE("the cache restores what it stored, and discards a damaged entry") {
  TempDir dir;
  make_tree(dir);
  DataDirCache cache(dir.path / "cache", 1 << 30);
  CHECK_FALSE(cache.contains("k"));
  cache.store("k", dir.path / "data");
  REQUIRE(cache.contains("k"));
  REQUIRE(cache.restore("k", dir.path / "one", std::nullopt));
  CHECK(describe_tree(dir.path / "one") == describe_tree(dir.path / "data"));

  flip_byte(dir.path / "cache" / "k", fs::file_size(dir.path / "cache" / "k") / 2);
  CHECK_FALSE(cache.restore("k", dir.path / "two", std::nullopt));
  CHECK_FALSE(fs::exists(dir.path / "two"));
  CHECK_FALSE(cache.contains("k"));  // never tried again
}

TEST_CASE("an entry others can write is not trusted") {
  TempDir dir;
  make_tree(dir);
  DataDirCache cache(dir.path / "cache", 1 << 30);
  cache.store("k", dir.path / "data");
  fs::permissions(dir.path / "cache" / "k", fs::perms::group_write, fs::perm_options::add);
  CHECK_FALSE(cache.restore("k", dir.path / "copy", std::nullopt));
}

TEST_CASE("the cache evicts the least recently used entries beyond its size") {
  TempDir dir;
  make_tree(dir);
  pack_tree(dir.path / "data", dir.path / "sized");
  const std::uintmax_t entry = fs::file_size(dir.path / "sized");
  DataDirCache cache(dir.path / "cache", 2 * entry + entry / 2);  // room for two
  auto age = [&](const std::string& key, int minutes) {
    fs::last_write_time(dir.path / "cache" / key, fs::file_time_type::clock::now() - std::chrono::minutes(minutes));
  };
  cache.store("a", dir.path / "data");
  age("a", 30);
  cache.store("b", dir.path / "data");
  age("b", 20);
  REQUIRE(cache.restore("a", dir.path / "used", std::nullopt));  // a is now the most recently used
  cache.store("c", dir.path / "data");
  CHECK(cache.contains("a"));
  CHECK_FALSE(cache.contains("b"));
  CHECK(cache.contains("c"));
  std::vector<CacheEntry> listed = cache.entries();
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].bytes == entry);

  CHECK(cache.clear() == 2 * entry);
  CHECK(cache.entries().empty());
}

TEST_CASE("a state's key covers every migration before it, in order, and nothing after") {
  ReplayKeys keys("initdb-1", "123:456", "public");
  std::vector<Migration> history{migration("1_a", "CREATE TABLE a ();"), migration("2_b", "CREATE TABLE b ();"),
                                 migration("3_c", "CREATE TABLE c ();")};
  std::vector<std::string> base = keys.prefixes(migration_digests(history));
  REQUIRE(base.size() == 3);
  CHECK(base[0].starts_with("initdb-1-replay-1-"));
  CHECK(base[2].starts_with("initdb-1-replay-3-"));
  CHECK(keys.after(migration_digests(history)) == base[2]);
  CHECK(keys.after({}) == "initdb-1");

  SUBCASE("one more migration keeps the keys before it") {
    history.push_back(migration("4_d", "CREATE TABLE d ();"));
    std::vector<std::string> more = keys.prefixes(migration_digests(history));
    CHECK(std::vector(more.begin(), more.begin() + 3) == base);
  }
  SUBCASE("an edit changes the keys from the edited migration on") {
    history[1].bytes += "\n-- edited";
    std::vector<std::string> edited = keys.prefixes(migration_digests(history));
    CHECK(edited[0] == base[0]);
    CHECK(edited[1] != base[1]);
    CHECK(edited[2] != base[2]);
  }
  SUBCASE("reordered migrations have other keys") {
    std::swap(history[0], history[1]);
    std::vector<std::string> reordered = keys.prefixes(migration_digests(history));
    CHECK(reordered[1] != base[1]);
    CHECK(reordered[2] != base[2]);
  }
  SUBCASE("the folder name is not part of the key, only the bytes") {
    history[0].name = "1_renamed";
    CHECK(keys.prefixes(migration_digests(history)) == base);
  }
  SUBCASE("another server build or schema has other keys") {
    CHECK(ReplayKeys("initdb-1", "999:456", "public").prefixes(migration_digests(history))[0] != base[0]);
    CHECK(ReplayKeys("initdb-1", "123:456", "audit").prefixes(migration_digests(history))[0] != base[0]);
    CHECK(ReplayKeys("initdb-2", "123:456", "public").prefixes(migration_digests(history))[0] != base[0]);
  }
}

}  // namespace driftgate
