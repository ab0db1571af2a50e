// Introspection time for a generated Prisma-style schema of N tables (default 1,000) on a shadow
// server of each provider whose binaries are installed. Each table: a serial/auto-increment id
// primary key, text, enum and timestamp columns with defaults, a unique index, an index and a
// foreign key to the table before it. Prints the first introspection (a fresh connection, cold
// server caches) and the best of the following runs. Target (issue 3): under 0.5 s for 1,000 tables.
//
// Usage: bench-introspect [TABLES] [postgresql|mysql]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "db/connection.h"
#include "db/introspector.h"
#include "db/shadow_server.h"

using namespace driftgate;

namespace {

constexpr int kRuns = 5;
constexpr int kTablesPerScript = 100;  // one migration-sized transaction each

std::string table_name(int i) {
  char name[16];
  std::snprintf(name, sizeof name, "T%04d", i);
  return name;
}

// The DDL of tables [from, to), the way Prisma Migrate writes it.
std::string tables_sql(Provider provider, int from, int to) {
  std::string sql;
  for (int i = from; i < to; ++i) {
    const std::string t = table_name(i), parent = table_name(i == 0 ? 0 : i - 1);
    if (provider == Provider::PostgreSQL) {
      sql += "CREATE TABLE \"" + t + "\" (\"id\" SERIAL NOT NULL, \"name\" TEXT NOT NULL, \"email\" TEXT, "
             "\"status\" \"Status\" NOT NULL DEFAULT 'ACTIVE', \"score\" DOUBLE PRECISION NOT NULL DEFAULT 0, "
             "\"createdAt\" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, \"updatedAt\" TIMESTAMP(3) NOT NULL, "
             "\"parentId\" INTEGER, CONSTRAINT \"" + t + "_pkey\" PRIMARY KEY (\"id\"));\n"
             "CREATE UNIQUE INDEX \"" + t + "_email_key\" ON \"" + t + "\"(\"email\");\n"
             "CREATE INDEX \"" + t + "_parentId_idx\" ON \"" + t + "\"(\"parentId\");\n"
             "ALTER TABLE \"" + t + "\" ADD CONSTRAINT \"" + t + "_parentId_fkey\" FOREIGN KEY (\"parentId\") "
             "REFERENCES \"" + parent + "\"(\"id\") ON DELETE SET NULL ON UPDATE CASCADE;\n";
    } else {
      sql += "CREATE TABLE `" + t + "` (`id` INTEGER NOT NULL AUTO_INCREMENT, `name` VARCHAR(191) NOT NULL, "
             "`email` VARCHAR(191) NULL, `status` ENUM('ACTIVE', 'INACTIVE') NOT NULL DEFAULT 'ACTIVE', "
             "`score` DOUBLE NOT NULL DEFAULT 0, `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), "
             "`updatedAt` DATETIME(3) NOT NULL, `parentId` INTEGER NULL, "
             "UNIQUE INDEX `" + t + "_email_key`(`email`), INDEX `" + t + "_parentId_idx`(`parentId`), "
             "PRIMARY KEY (`id`)) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n"
             "ALTER TABLE `" + t + "` ADD CONSTRAINT `" + t + "_parentId_fkey` FOREIGN KEY (`parentId`) "
             "REFERENCES `" + parent + "`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;\n";
    }
  }
  return sql;
}

double elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

void bench(Provider provider, int tables) {
  const char* name = to_string(provider);
  if (!ShadowServer::available(provider)) {
    std::printf("%s: skipped, no server binaries\n", name);
    return;
  }
  auto server = ShadowServer::start(provider);
  auto admin = connect(server->url(), false);
  admin->query("CREATE DATABASE bench");
  const ConnectionUrl url = server->url().with_database("bench");
  auto start = std::chrono::steady_clock::now();
  {
    auto db = connect(url, false);
    if (provider == Provider::PostgreSQL) db->execute_script("CREATE TYPE \"Status\" AS ENUM ('ACTIVE', 'INACTIVE')");
    for (int from = 0; from < tables; from += kTablesPerScript)
      db->execute_script(tables_sql(provider, from, std::min(tables, from + kTablesPerScript)));
  }
  const double create_ms = elapsed_ms(start);

  double first_ms = 0, best_ms = 1e18;
  std::size_t found = 0;
  for (int run = 0; run <= kRuns; ++run) {
    auto db = connect(url, false);  // as a driftgate run would: a fresh connection each time
    start = std::chrono::steady_clock::now();
    Schema schema = introspect(*db);
    const double ms = elapsed_ms(start);
    if (run == 0) first_ms = ms;
    else best_ms = std::min(best_ms, ms);
    found = schema.namespaces.empty() ? 0 : schema.namespaces.front().tables.size();
  }
  if (found != static_cast<std::size_t>(tables))
    throw Error(std::string(name) + ": introspection found " + std::to_string(found) + " tables, not " + std::to_string(tables));
  std::printf("%s: %d tables (created in %.0f ms): introspection first %.0f ms, best of %d %.0f ms\n", name, tables,
              create_ms, first_ms, kRuns, best_ms);
}

}  // namespace

int main(int argc, char** argv) {
  const int tables = argc > 1 ? std::atoi(argv[1]) : 1000;
  const auto only = argc > 2 ? parse_provider(argv[2]) : std::nullopt;
  if (tables < 1 || (argc > 2 && !only)) {
    std::fprintf(stderr, "usage: bench-introspect [TABLES] [postgresql|mysql]\n");
    return 2;
  }
  try {
    for (Provider provider : {Provider::PostgreSQL, Provider::MySQL})
      if (!only || *only == provider) bench(provider, tables);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench-introspect: %s\n", e.what());
    return 1;
  }
  return 0;
}
