#pragma once
// Prisma 7's prisma.config.ts, read without Node: the `defineConfig({...})` (or `export default
// {...}`) object's `schema`, `migrations.path`, `datasource.url` and `datasource.shadowDatabaseUrl`,
// when each is a string literal, `env("NAME")` or `process.env.NAME`. A value computed any other
// way (a function call, a template with ${}, a variable) cannot be followed statically: it is
// listed in `unreadable` with its location, and the caller says so and lets flags decide.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/source_location.h"

namespace driftgate::psl {

// A value as written: a literal, or the environment variable that holds it.
struct ConfigValue {
  std::string literal;
  std::string env;  // set for env("NAME") / process.env.NAME
  SourceLocation where;
};

struct PrismaConfig {
  std::filesystem::path file;
  std::optional<ConfigValue> schema;      // paths are relative to the file's folder
  std::optional<ConfigValue> migrations;  // migrations.path
  std::optional<ConfigValue> url;         // datasource.url
  std::optional<ConfigValue> shadow_url;  // datasource.shadowDatabaseUrl
  std::vector<std::string> unreadable;    // "prisma.config.ts:7:9: migrations.path is computed ..."
};

// Reads `file` (prisma.config.ts, .mts, .js ...). Throws driftgate::Error when it cannot be read.
PrismaConfig read_prisma_config(const std::filesystem::path& file, const std::string& display_path);

// The config Prisma would load from `dir`: prisma.config.ts, else .mts, .cts, .js, .mjs, .cjs.
std::optional<std::filesystem::path> find_prisma_config(const std::filesystem::path& dir);

}  // namespace driftgate::psl
