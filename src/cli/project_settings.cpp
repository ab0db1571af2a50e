#include "cli/project_settings.h"

#include <cstdio>
#include <regex>

#include "core/error.h"
#include "datamodel/env.h"
#include "datamodel/prisma_config.h"
#include "datamodel/schema_loader.h"
#include "migrations/git_base.h"

namespace fs = std::filesystem;

namespace driftgate {
namespace {

// A value of driftgate.toml: a URL, or env(NAME) / env("NAME").
std::string config_value(const std::string& text, const psl::EnvContext& env, const std::string& key,
                         const fs::path& file) {
  static const std::regex env_call(R"re(^\s*env\(\s*"?([A-Za-z_][A-Za-z0-9_]*)"?\s*\)\s*$)re");
  std::smatch m;
  if (!std::regex_match(text, m, env_call)) return text;
  auto value = psl::resolve_env(m[1].str(), env);
  if (!value) throw Error(file.generic_string() + ": " + key + " names " + m[1].str() + ", which is not set");
  return *value;
}

// The datasource's `key` property when it is a literal or a set env() variable; the origin says which.
std::optional<std::string> datasource_value(const psl::Datamodel& model, const psl::EnvContext& env,
                                            const char* key, std::string& origin) {
  for (const auto& block : model.blocks) {
    if (block.kind != psl::BlockKind::Datasource) continue;
    const psl::Property* p = block.property(key);
    if (!p) return std::nullopt;
    if (p->value.is(psl::Expression::Kind::String)) {
      origin = std::string(key) + " of datasource " + block.name;
      return p->value.value;
    }
    if (p->value.is(psl::Expression::Kind::Function) && p->value.value == "env") {
      const psl::Expression* name = p->value.positional(0);
      if (!name) return std::nullopt;
      origin = name->value + " (" + key + " of datasource " + block.name + ")";
      return psl::resolve_env(name->value, env);
    }
  }
  return std::nullopt;
}

// A prisma.config.ts value: its literal, or the variable env() names, which must be set.
std::string config_text(const psl::ConfigValue& v, const psl::EnvContext& env) {
  if (v.env.empty()) return v.literal;
  auto value = psl::resolve_env(v.env, env);
  if (!value) throw Error(v.where, "prisma.config.ts names " + v.env + ", which is not set");
  return *value;
}

}  // namespace

ProjectSettings resolve_project(const ProjectArgs& args, bool want_url) {
  // Before any URL is opened; a URL's own ?connect_timeout= still wins.
  set_default_connect_timeout(args.connect_timeout);
  ProjectSettings s;
  s.config = load_project_config(args.config);
  const ProjectConfig& c = s.config;

  // Prisma 7's prisma.config.ts, read statically; what it computes is left to the flags.
  std::optional<psl::PrismaConfig> prisma;
  if (auto file = psl::find_prisma_config(fs::current_path())) {
    prisma = psl::read_prisma_config(*file, file->filename().string());
    for (const auto& why : prisma->unreadable) std::fprintf(stderr, "driftgate: warning: %s\n", why.c_str());
  }
  psl::EnvContext process_env = psl::env_context(fs::current_path(), fs::current_path());
  // A path of prisma.config.ts, relative to its folder; an env() value resolved.
  auto config_path = [&](const std::optional<psl::ConfigValue>& v) -> std::optional<fs::path> {
    if (!v) return std::nullopt;
    return (prisma->file.parent_path() / config_text(*v, process_env)).lexically_normal();
  };

  std::optional<std::string> schema = args.schema ? args.schema : c.schema;
  if (schema) s.datamodel = *schema;
  else if (auto from_config = prisma ? config_path(prisma->schema) : std::nullopt) s.datamodel = from_config;
  else s.datamodel = psl::find_datamodel();

  // Prisma keeps the history beside the schema: prisma/schema.prisma -> prisma/migrations.
  std::optional<fs::path> config_migrations = prisma ? config_path(prisma->migrations) : std::nullopt;
  if (args.migrations || c.migrations) {
    s.migrations = args.migrations ? *args.migrations : *c.migrations;
  } else if (config_migrations) {
    s.migrations = *config_migrations;
  } else if (s.datamodel) {
    fs::path beside = (fs::is_directory(*s.datamodel) ? *s.datamodel : s.datamodel->parent_path()) / "migrations";
    s.migrations = fs::exists(beside) ? beside : fs::path("prisma/migrations");
  } else {
    s.migrations = "prisma/migrations";
  }

  s.root = args.root ? fs::path(*args.root) : git_toplevel(fs::exists(s.migrations) ? s.migrations : fs::current_path());
  if (s.root.empty()) s.root = fs::current_path();

  psl::EnvContext env = psl::env_context(s.datamodel.value_or(fs::current_path()), fs::current_path());
  std::optional<psl::Datamodel> model;
  auto datamodel = [&]() -> const psl::Datamodel* {
    if (!s.datamodel) return nullptr;
    if (!model) model = psl::load_datamodel(*s.datamodel, {fs::current_path(), s.root});
    return &*model;
  };

  auto pick = [&](const std::optional<std::string>& flag, const char* flag_name, const std::optional<std::string>& toml,
                  const char* toml_key, const char* datasource_key, std::string& origin) -> std::optional<ConnectionUrl> {
    if (flag) {
      origin = flag_name;
      return ConnectionUrl::parse(*flag);
    }
    if (toml) {
      origin = c.file.generic_string();
      return ConnectionUrl::parse(config_value(*toml, env, toml_key, c.file));
    }
    if (const std::optional<psl::ConfigValue>* v = !prisma ? nullptr
                                                  : std::string_view(datasource_key) == "url" ? &prisma->url
                                                                                              : &prisma->shadow_url;
        v && *v) {
      origin = prisma->file.filename().string();
      if (!(*v)->env.empty()) origin = (*v)->env + " (" + origin + ")";
      return ConnectionUrl::parse(config_text(**v, env));
    }
    if (const psl::Datamodel* m = datamodel())
      if (auto value = datasource_value(*m, env, datasource_key, origin)) return ConnectionUrl::parse(*value);
    return std::nullopt;
  };
  std::string shadow_origin;
  if (want_url) s.url = pick(args.url, "--url", c.url, "url", "url", s.url_origin);
  s.shadow_url = pick(args.shadow_url, "--shadow-url", c.shadow_url, "shadow-url", "shadowDatabaseUrl", shadow_origin);
  return s;
}

void add_statement_timeout_option(CLI::App& cmd, int& seconds) {
  cmd.add_option("--statement-timeout", seconds,
                 "Seconds one statement of the shadow replay may run before it is a DG001 (PostgreSQL: one "
                 "migration file, which runs as one statement message; 0: no limit)")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400));
}

void add_no_cache_option(CLI::App& cmd, bool& no_cache) {
  cmd.add_flag("--no-cache", no_cache,
               "Replay the whole history into a fresh shadow: no shadow state is read from or kept in the cache "
               "(`driftgate cache` shows it); results are the same, only slower");
}

void add_project_options(CLI::App& cmd, ProjectArgs& args) {
  add_statement_timeout_option(cmd, args.statement_timeout);
  add_no_cache_option(cmd, args.no_cache);
  cmd.add_option("--migrations", args.migrations, "Migrations directory [beside the schema, or prisma/migrations]");
  cmd.add_option("--schema", args.schema, "Prisma datamodel (file or folder) [found as the Prisma CLI finds it]");
  cmd.add_option("--url", args.url, "The live database [driftgate.toml url, else the datasource's url]");
  cmd.add_option("--shadow-url", args.shadow_url,
                 "Replay into a new database on this server instead of a throwaway server "
                 "[driftgate.toml shadow-url, else the datasource's shadowDatabaseUrl]");
  cmd.add_option("--root", args.root, "Repository root that report paths are relative to [git top level]");
  cmd.add_option("--config", args.config, "Project settings file")->capture_default_str();
  cmd.add_option("--connect-timeout", args.connect_timeout,
                 "Seconds to wait for a database connection before giving up (a URL's own "
                 "connect_timeout wins)")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
}

}  // namespace driftgate
