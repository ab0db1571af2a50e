#pragma once
// Where a project's history, datamodel and databases are, for the commands that need more than a
// migrations directory (`status`, `drift`, `check`). Each comes from, in this order: the flag,
// driftgate.toml, Prisma 7's prisma.config.ts (datamodel/prisma_config.h), the Prisma datamodel's datasource (`url = env("DATABASE_URL")`,
// `shadowDatabaseUrl = env("SHADOW_DATABASE_URL")`, resolved with .env files as Prisma reads
// them), then the default.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>
#include <string>

#include "cli/project_config.h"
#include "db/connection_url.h"
#include "db/shadow_database.h"

namespace driftgate {

struct ProjectArgs {
  std::optional<std::string> migrations;
  std::optional<std::string> schema;
  std::optional<std::string> url;
  std::optional<std::string> shadow_url;
  std::optional<std::string> root;
  std::string config = "driftgate.toml";
  int connect_timeout = 5;  // --connect-timeout: for URLs without their own connect_timeout
  int statement_timeout = ShadowOptions::kDefaultStatementTimeout;  // --statement-timeout, seconds
  bool no_cache = false;  // --no-cache
};

struct ProjectSettings {
  ProjectConfig config;
  std::filesystem::path root;        // report paths are relative to it
  std::filesystem::path migrations;  // the history
  std::optional<std::filesystem::path> datamodel;  // the schema.prisma found or named, if any
  std::optional<ConnectionUrl> url;                // the live database
  std::string url_origin;                          // "--url", "driftgate.toml", "DATABASE_URL (datasource db)"
  std::optional<ConnectionUrl> shadow_url;
};

// `want_url`: whether the command reads a live database (else the datasource is not consulted for
// one, and an unset DATABASE_URL is no error). Throws driftgate::Error for a bad URL, an unset
// variable named in driftgate.toml, or a datamodel that does not parse.
ProjectSettings resolve_project(const ProjectArgs& args, bool want_url);

// --migrations, --schema, --url, --shadow-url, --root, --config, --connect-timeout,
// --statement-timeout, --no-cache.
void add_project_options(CLI::App& command, ProjectArgs& args);

// --statement-timeout SECONDS: how long one statement of the shadow replay may run.
void add_statement_timeout_option(CLI::App& command, int& seconds);
// --no-cache: replay the whole history, reading and writing no cached shadow state.
void add_no_cache_option(CLI::App& command, bool& no_cache);

}  // namespace driftgate
