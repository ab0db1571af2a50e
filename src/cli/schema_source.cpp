#include "cli/schema_source.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/report_output.h"
#include "core/error.h"
#include "core/schema_json.h"
#include "db/introspector.h"
#include "db/mysql8_emulation.h"
#include "db/replay_key.h"
#include "db/replayer.h"
#include "db/shadow_database.h"
#include "datamodel/env.h"
#include "datamodel/schema_loader.h"
#include "datamodel/translate.h"
#include "migrations/migration.h"
#include "migrations/git_base.h"
#include "util/file_io.h"

namespace fs = std::filesystem;

namespace driftgate {
namespace {

IntrospectOptions introspect_options(const SourceContext& context, const std::string& url_schema) {
  IntrospectOptions o;
  if (!context.namespaces.empty()) o.namespaces = context.namespaces;
  else if (!url_schema.empty()) o.namespaces = {url_schema};
  return o;
}

// Progress on a terminal: one line rewritten per migration; elsewhere one line at the end.
ReplayProgress progress_printer(bool quiet) {
  if (quiet || !::isatty(STDERR_FILENO)) return {};
  return [](std::size_t i, std::size_t n, const Migration& m) {
    std::fprintf(stderr, "\r\033[Kreplaying migration %zu of %zu: %s", i + 1, n, m.name.c_str());
    if (i + 1 == n) std::fputc('\n', stderr);
    std::fflush(stderr);
  };
}

LoadedSchema from_migrations(const std::string& dir, const SourceContext& context) {
  fs::path root = git_toplevel(fs::exists(dir) ? fs::path(dir) : fs::current_path());
  if (root.empty()) root = fs::current_path();
  MigrationDir history = load_migration_dir(dir, {root, std::nullopt});
  Provider provider = context.provider.value_or(Provider::PostgreSQL);
  if (!context.provider && history.lock_provider) {
    auto p = parse_provider(*history.lock_provider);
    if (!p) throw Error(dir + "/migration_lock.toml: unknown provider \"" + *history.lock_provider + "\"");
    provider = *p;
  }
  ShadowOptions options = shadow_options(context, provider, context.live_url);
  options.replay_first = migration_digests(history.migrations);
  auto shadow = ShadowDatabase::open(options);
  LoadedSchema loaded = replay_and_introspect(history, *shadow, provider, context);
  shadow->keep_for_later_runs();
  return loaded;
}

}  // namespace

LoadedSchema replay_and_introspect(const MigrationDir& history, ShadowDatabase& shadow, Provider provider,
                                   const SourceContext& context, ReplayTimings* timings) {
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
  // A MySQL 8 history on a shadow that lacks MySQL 8's UUID functions: they are emulated in the
  // shadow database, and left out of what is introspected from it.
  std::vector<std::string> emulated;
  if (provider == Provider::MySQL) emulated = shadow.emulate_mysql8_functions(mysql8_functions_called(history));
  StatementRewrite rewrite;
  if (!emulated.empty())
    rewrite = [&emulated](std::string_view statement) { return rewrite_mysql8_calls(statement, emulated); };
  auto t1 = Clock::now();
  const std::size_t restored = shadow.take_restored(history.migrations);
  ReplayResult replay = replay_history(history, shadow.connection(), progress_printer(context.quiet), rewrite, restored);
  auto t2 = Clock::now();
  shadow.record_applied(std::span(history.migrations).subspan(restored, replay.applied - restored), ms(t2 - t1));
  if (!replay.complete()) shadow.exclude_from_cache();  // a MySQL failure leaves half a migration
  if (!context.quiet && (restored > 0 || !::isatty(STDERR_FILENO)))
    std::fprintf(stderr, "replayed %zu of %zu migrations from %s%s\n", replay.applied, history.migrations.size(),
                 history.relative_dir.c_str(),
                 restored ? (" (" + std::to_string(restored) + " restored from the replay cache)").c_str() : "");
  LoadedSchema loaded;
  for (const auto& m : history.migrations) loaded.sources[m.relative_path] = m.bytes;
  loaded.failures = std::move(replay.failures);
  if (loaded.failures.empty()) {
    loaded.schema = introspect(shadow.connection(), introspect_options(context, ""));
    drop_emulated_routines(loaded.schema, emulated);
  }
  if (!emulated.empty()) {
    loaded.notes.push_back(mysql8_emulation_note(emulated));
    if (!context.quiet) std::fprintf(stderr, "note: %s\n", loaded.notes.back().c_str());
  }
  auto t3 = Clock::now();
  if (timings) {
    timings->replay_ms += ms(t2 - t1);
    timings->introspection_ms += ms(t3 - t2);
  }
  if (context.timings)
    std::fprintf(stderr, "timings: shadow ready %.1f ms, replay %.1f ms, introspection %.1f ms\n",
                 shadow.ready_ms(), ms(t2 - t1), ms(t3 - t2));
  loaded.schema.provider = provider;
  return loaded;
}

ShadowOptions shadow_options(const SourceContext& context, Provider provider, std::optional<ConnectionUrl> live) {
  ShadowOptions o;
  o.provider = provider;
  o.shadow_url = context.shadow_url;
  o.live_url = std::move(live);
  o.statement_timeout_s = context.statement_timeout_s;
  o.use_cache = context.use_cache;
  return o;
}

SourceSpec SourceSpec::parse(const std::string& text) {
  auto after = [&](std::string_view prefix) { return text.substr(prefix.size()); };
  if (text == "empty") return {Kind::Empty, ""};
  if (text.starts_with("migrations:")) return {Kind::Migrations, after("migrations:")};
  if (text.starts_with("snapshot:")) return {Kind::Snapshot, after("snapshot:")};
  if (text.starts_with("url:")) return {Kind::Url, after("url:")};
  if (text.starts_with("schema:")) return {Kind::Datamodel, after("schema:")};
  throw Error("unknown schema source \"" + redact_passwords(text) +
              "\": use migrations:DIR, url:URL, snapshot:FILE, schema:PATH or empty");
}

std::string SourceSpec::display() const {
  switch (kind) {
    case Kind::Migrations: return "migrations:" + argument;
    case Kind::Url: return "url:" + ConnectionUrl::parse(argument).redacted();
    case Kind::Snapshot: return "snapshot:" + argument;
    case Kind::Datamodel: return "schema:" + argument;
    case Kind::Empty: return "empty";
  }
  return "";
}

LoadedSchema load_schema(const SourceSpec& spec, const SourceContext& context) {
  switch (spec.kind) {
    case SourceSpec::Kind::Empty: {
      // A fresh database: PostgreSQL has its public schema (when it is one compared), MySQL its one
      // database. Any other schema compared is yet to be created, as a from-empty script must.
      LoadedSchema loaded;
      loaded.schema.provider = context.provider.value_or(Provider::PostgreSQL);
      if (loaded.schema.provider == Provider::MySQL) {
        loaded.schema.namespace_named("");
      } else {
        auto compared = introspect_options(context, "").namespaces;
        if (std::find(compared.begin(), compared.end(), "public") != compared.end())
          loaded.schema.namespace_named("public");
      }
      loaded.schema.normalise();
      return loaded;
    }
    case SourceSpec::Kind::Snapshot: {
      nlohmann::json json;
      try {
        json = nlohmann::json::parse(read_file(spec.argument));
      } catch (const nlohmann::json::parse_error& e) {
        throw Error(spec.argument + ": not a JSON snapshot: " + e.what());
      }
      return {schema_from_json(json, spec.argument), {}, {}};
    }
    case SourceSpec::Kind::Url: {
      ConnectionUrl url = ConnectionUrl::parse(spec.argument);
      auto connection = connect(url, true);
      LoadedSchema loaded;
      loaded.schema = introspect(*connection, introspect_options(context, url.schema));
      return loaded;
    }
    case SourceSpec::Kind::Migrations:
      return from_migrations(spec.argument, context);
    case SourceSpec::Kind::Datamodel: {
      auto model = std::make_shared<const psl::Datamodel>(psl::load_datamodel(spec.argument));
      psl::TranslateOptions options;
      if (!context.namespaces.empty()) options.default_namespace = context.namespaces.front();
      fs::path project = model->schema_path.empty() ? fs::current_path() : fs::absolute(model->schema_path).parent_path();
      psl::PrismaVersion version = psl::find_prisma_version(project, context.prisma_version);
      options.join_table_primary_key = psl::prisma_has(version.major, "join-table-primary-key");
      Provider provider = psl::datasource_provider(*model, psl::env_context(model->schema_path, fs::current_path()));
      psl::Translation translation = psl::translate_datamodel(*model, provider, options);
      LoadedSchema loaded;
      loaded.prisma_version = std::move(version);
      loaded.schema = std::move(translation.schema);
      loaded.dbgenerated_defaults = std::move(translation.dbgenerated_defaults);
      loaded.datamodel = std::move(model);
      return loaded;
    }
  }
  return {};
}

std::vector<std::string> datamodel_schemas(const SourceSpec& spec) {
  std::vector<std::string> schemas;
  if (spec.kind != SourceSpec::Kind::Datamodel) return schemas;
  psl::Datamodel model = psl::load_datamodel(spec.argument);
  for (const auto& block : model.blocks)
    if (block.kind == psl::BlockKind::Datasource)
      if (const psl::Property* listed = block.property("schemas"))
        for (const auto& s : listed->value.elements) schemas.push_back(s.value);
  return schemas;
}

int report_replay_failures(const LoadedSchema& loaded, const std::string& command, const std::string& format) {
  Report report;
  report.command = command;
  report.findings = loaded.failures;
  report.sources = loaded.sources;
  report.context = loaded.notes;
  fingerprint_findings(report.findings);
  const auto& formats = renderer_names();
  bool known = std::find(formats.begin(), formats.end(), format) != formats.end();
  write_report(report, {known ? format : "text", {}, {}, {}});
  return kExitError;
}

}  // namespace driftgate
