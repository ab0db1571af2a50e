// Introspection against real servers, each started with ShadowServer::start.
//
//   introspection_test postgresql FIXTURES_DIR   fixtures/introspection/postgresql.sql, introspected,
//   introspection_test mysql FIXTURES_DIR        must equal <provider>.expected.json exactly
//   introspection_test corpus SHARED_DIR         every PostgreSQL history of the shared corpus:
//                                                 its tables and enums are its datamodel's
//
// Also checked: a second introspection gives identical JSON; the snapshot reads back to an equal
// Schema; and the number of queries an introspection sends does not depend on what the database
// holds (an empty database, the fixture and every corpus history take the same number). Times are
// printed, never asserted. Exits 77 (CTest: skipped) when the server binaries or the corpus are
// absent. DRIFTGATE_UPDATE_SNAPSHOTS=1 rewrites the expected JSON instead of comparing with it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/error.h"
#include "core/schema_json.h"
#include "datamodel/schema_loader.h"
#include "db/connection.h"
#include "db/introspector.h"
#include "db/shadow_server.h"
#include "migrations/migration.h"
#include "util/file_io.h"

namespace fs = std::filesystem;
using namespace driftgate;

namespace {

constexpr int kSkip = 77;

// Forwards to a real connection, counting the queries introspection sends.
class CountingConnection final : public Connection {
 public:
  explicit CountingConnection(Connection& inner) : inner_(inner) {}
  Provider provider() const override { return inner_.provider(); }
  QueryResult query(const std::string& sql) override {
    ++queries_;
    return inner_.query(sql);
  }
  void execute_script(const std::string& sql) override { inner_.execute_script(sql); }
  std::string quote_identifier(std::string_view name) const override { return inner_.quote_identifier(name); }
  std::string quote_literal(std::string_view value) const override { return inner_.quote_literal(value); }
  std::size_t queries() const { return queries_; }

 private:
  Connection& inner_;
  std::size_t queries_ = 0;
};

int failures = 0;
void fail(const std::string& message) {
  std::printf("FAIL: %s\n", message.c_str());
  ++failures;
}

struct Introspection {
  Schema schema;
  std::string json;
  std::size_t queries = 0;
  double ms = 0;         // this introspection
  double repeat_ms = 0;  // the second one of introspect_checked, with the server's caches warm
};

Introspection introspect_counted(Connection& connection, const IntrospectOptions& options) {
  CountingConnection counting(connection);
  auto start = std::chrono::steady_clock::now();
  Introspection out;
  out.schema = introspect(counting, options);
  out.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  out.json = schema_to_json(out.schema).dump(2) + "\n";
  out.queries = counting.queries();
  return out;
}

// Introspects twice; the second must give the same JSON, and the snapshot must read back equal.
Introspection introspect_checked(Connection& connection, const IntrospectOptions& options, const std::string& name) {
  Introspection first = introspect_counted(connection, options);
  Introspection second = introspect_counted(connection, options);
  if (second.json != first.json) fail(name + ": a second introspection gave other JSON");
  if (second.queries != first.queries) fail(name + ": a second introspection sent another number of queries");
  if (!(schema_from_json(nlohmann::json::parse(first.json), name) == first.schema))
    fail(name + ": the snapshot does not read back to an equal schema");
  first.repeat_ms = second.ms;
  return first;
}

void check_query_count(std::size_t expected, const Introspection& got, const std::string& name) {
  if (got.queries != expected)
    fail(name + ": " + std::to_string(got.queries) + " queries, but " + std::to_string(expected) +
         " for an empty database: the number must not depend on the schema");
}

// A fresh database on the shadow server, and a connection to it.
std::unique_ptr<Connection> create_database(const ShadowServer& server, const std::string& name) {
  auto admin = connect(server.url(), false);
  admin->query("CREATE DATABASE " + admin->quote_identifier(name));
  return connect(server.url().with_database(name), false);
}

void compare_with_snapshot(const std::string& actual, const fs::path& expected_path) {
  const char* update = std::getenv("DRIFTGATE_UPDATE_SNAPSHOTS");
  if (update && std::string(update) == "1") {
    write_file(expected_path, actual);
    std::printf("wrote %s\n", expected_path.c_str());
    return;
  }
  std::string expected = fs::exists(expected_path) ? read_file(expected_path) : "";
  if (actual == expected) return;
  fs::path actual_path = fs::temp_directory_path() / ("driftgate-" + expected_path.filename().string());
  write_file(actual_path, actual);
  fail("the introspected schema differs from " + expected_path.string() + " (actual: " + actual_path.string() +
       "; DRIFTGATE_UPDATE_SNAPSHOTS=1 rewrites it)");
  std::fflush(stdout);
  std::string diff = "diff -u '" + expected_path.string() + "' '" + actual_path.string() + "'";
  if (std::system(diff.c_str()) == -1) std::printf("%s\n", actual.c_str());
}

int fixture_test(Provider provider, const fs::path& fixtures) {
  if (!ShadowServer::available(provider)) {
    std::printf("SKIP: no %s server binaries to start a shadow server with\n", to_string(provider));
    return kSkip;
  }
  const std::string name = to_string(provider);
  auto server = ShadowServer::start(provider);
  // Which schemas to read: the fixture's second PostgreSQL schema too; MySQL reads its database.
  IntrospectOptions options;
  if (provider == Provider::PostgreSQL) options.namespaces = {"public", "audit"};

  auto empty = create_database(*server, "introspection_empty");
  Introspection baseline = introspect_checked(*empty, options, name + " empty database");
  std::printf("%s: empty database: %zu queries, %.1f ms (again: %.1f ms)\n", name.c_str(), baseline.queries,
              baseline.ms, baseline.repeat_ms);

  auto db = create_database(*server, "introspection_fixture");
  fs::path sql = fixtures / (name + ".sql");
  db->execute_script(read_file(sql));
  Introspection got = introspect_checked(*db, options, sql.string());
  std::printf("%s: fixture: %zu queries, %.1f ms (again: %.1f ms)\n", name.c_str(), got.queries, got.ms, got.repeat_ms);
  check_query_count(baseline.queries, got, sql.string());
  compare_with_snapshot(got.json, fixtures / (name + ".expected.json"));
  return failures ? 1 : 0;
}

struct History {
  const char* project;
  const char* migrations;  // relative to the project
  const char* datamodel;   // relative to the project
};

constexpr History kPostgresHistories[] = {
    {"documenso", "packages/prisma/migrations", "packages/prisma/schema.prisma"},
    {"rallly", "packages/database/prisma/migrations", "packages/database/prisma"},
    {"papermark", "prisma/migrations", "prisma/schema"},
    {"hoppscotch", "packages/hoppscotch-backend/prisma/migrations", "packages/hoppscotch-backend/prisma/schema.prisma"},
    {"umami", "db/postgresql/migrations", "db/postgresql/schema.prisma"},
};

// The database names (@@map, else the name) of a datamodel's models or enums, sorted.
std::vector<std::string> datamodel_names(const psl::Datamodel& model, psl::BlockKind kind) {
  std::vector<std::string> names;
  for (const auto& block : model.blocks) {
    if (block.kind != kind) continue;
    const psl::Attribute* map = block.attribute("map");
    const psl::Expression* mapped = map ? map->positional(0) : nullptr;
    names.push_back(mapped ? mapped->value : block.name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

template <class T>
std::vector<std::string> names_of(const std::vector<T>& items) {
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(item.name);
  return names;  // Schema::normalise sorted them
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Each history replayed file by file (one implicit transaction each, as Prisma Migrate applies
// them) into a database of its own, then introspected twice. Every project is in sync with its
// datamodel at the pinned commit (corpus/README.md), so the tables and enums must be the
// datamodel's models and enums.
int corpus_test(const fs::path& shared) {
  fs::path corpus = shared / "corpus";
  if (!fs::is_directory(corpus)) {
    std::printf("SKIP: %s is absent (the shared corpus sits beside the checkout)\n", corpus.c_str());
    return kSkip;
  }
  if (!ShadowServer::available(Provider::PostgreSQL)) {
    std::printf("SKIP: no PostgreSQL server binaries to start a shadow server with\n");
    return kSkip;
  }
  auto server = ShadowServer::start(Provider::PostgreSQL);
  auto empty = create_database(*server, "empty");
  const std::size_t expected_queries = introspect_counted(*empty, {}).queries;
  for (const auto& history : kPostgresHistories) {
    const std::string name = history.project;
    fs::path dir = corpus / history.project / history.migrations;
    try {
      MigrationDir migrations = load_migration_dir(dir, {});
      auto db = create_database(*server, name);
      for (const auto& m : migrations.migrations) {
        try {
          db->execute_script(m.bytes);
        } catch (const DatabaseError& e) {
          throw Error(name + ": migration " + m.name + " fails: " + e.what());
        }
      }
      Introspection got = introspect_checked(*db, {}, name);
      check_query_count(expected_queries, got, name);
      const Namespace* ns = got.schema.find_namespace("public");
      if (!ns) throw Error(name + ": no public schema after the replay");
      std::printf("%-10s %3zu migrations: %3zu tables, %2zu enums, %zu queries, introspection %.1f ms (again: %.1f ms)\n",
                  name.c_str(), migrations.migrations.size(), ns->tables.size(), ns->enums.size(), got.queries,
                  got.ms, got.repeat_ms);
      fs::path root = corpus / history.project;
      psl::Datamodel model = psl::load_datamodel(history.datamodel, {root, root});
      if (auto want = datamodel_names(model, psl::BlockKind::Model); names_of(ns->tables) != want)
        fail(name + ": tables " + joined(names_of(ns->tables)) + "; the datamodel's: " + joined(want));
      if (auto want = datamodel_names(model, psl::BlockKind::Enum); names_of(ns->enums) != want)
        fail(name + ": enums " + joined(names_of(ns->enums)) + "; the datamodel's: " + joined(want));
    } catch (const Error& e) {
      fail(e.located_message());
    }
  }
  return failures ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc == 3 ? argv[1] : "";
  try {
    if (mode == "corpus") return corpus_test(argv[2]);
    if (auto provider = parse_provider(mode)) return fixture_test(*provider, argv[2]);
  } catch (const std::exception& e) {
    std::printf("FAIL: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "usage: introspection_test postgresql|mysql FIXTURES_DIR | corpus SHARED_DIR\n");
  return 2;
}
