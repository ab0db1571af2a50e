#pragma once
// Where a schema comes from, as `diff --from/--to` and `snapshot --from` name it:
//   migrations:DIR   the history replayed into a shadow database, then introspected
//   url:URL          a live database, introspected read-only
//   snapshot:FILE    a JSON snapshot written by `driftgate snapshot`
//   schema:PATH      a Prisma datamodel (a file or a folder; empty: found as the Prisma CLI finds
//                    it), translated to what Prisma Migrate would create; its datasource decides
//                    the provider
//   empty            no schema at all
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/finding.h"
#include "core/schema.h"
#include "core/schema_diff.h"
#include "datamodel/ast.h"
#include "datamodel/prisma_version.h"
#include "db/connection_url.h"
#include "db/shadow_database.h"
#include "migrations/migration.h"

namespace driftgate {

struct SourceSpec {
  enum class Kind { Migrations, Url, Snapshot, Datamodel, Empty } kind = Kind::Empty;
  std::string argument;  // the directory, URL, file or schema path

  // Throws driftgate::Error for an unknown prefix; the message lists the accepted forms.
  static SourceSpec parse(const std::string& text);
  // For messages: the URL is redacted.
  std::string display() const;
};

// What loading a source needs beyond its spec.
struct SourceContext {
  std::optional<Provider> provider;         // --provider, else the lock file or the URL
  std::optional<ConnectionUrl> shadow_url;  // --shadow-url, else an embedded shadow server
  std::optional<ConnectionUrl> live_url;    // the other side's URL: the shadow must not be it
  std::vector<std::string> namespaces;      // schemas to introspect; empty: the URL's or "public"
  bool quiet = false;                       // no replay progress on stderr
  bool timings = false;                     // print shadow start, replay and introspection times
  int statement_timeout_s = ShadowOptions::kDefaultStatementTimeout;  // --statement-timeout
  bool use_cache = true;                    // --no-cache: the replay cache is neither read nor written
  std::optional<std::string> prisma_version;  // driftgate.toml prisma-version, for datamodel sources
};

// The shadow a source context asks for, of `provider`, never `live`.
ShadowOptions shadow_options(const SourceContext& context, Provider provider, std::optional<ConnectionUrl> live);

struct LoadedSchema {
  Schema schema;
  std::vector<Finding> failures;  // DG001 when the history does not replay
  std::map<std::string, std::string> sources;  // file texts the findings point into
  DbGeneratedDefaults dbgenerated_defaults;  // a datamodel's (see DiffOptions::from_dbgenerated)
  std::shared_ptr<const psl::Datamodel> datamodel;  // a datamodel source's parsed files, else null
  // What a report should say about how the schema was obtained (a history replayed with MySQL 8
  // functions the shadow emulated, db/mysql8_emulation.h).
  std::vector<std::string> notes;
  // A datamodel source: the Prisma version whose rules it was translated by, and why.
  std::optional<psl::PrismaVersion> prisma_version;
};

LoadedSchema load_schema(const SourceSpec& spec, const SourceContext& context);

// Where a history's replay spent its time, for --timings and `check`'s phases (added up over calls).
struct ReplayTimings {
  double replay_ms = 0;
  double introspection_ms = 0;
};

// Replays `history` (or the part of it given) into `shadow` and introspects the result; the
// failures are DG001 and leave the schema empty.
LoadedSchema replay_and_introspect(const MigrationDir& history, ShadowDatabase& shadow, Provider provider,
                                   const SourceContext& context, ReplayTimings* timings = nullptr);

// The `schemas` a datamodel source's datasource lists (Prisma's multiSchema), in order; empty for
// any other source or a datamodel without them. They are the namespaces both sides of a diff
// against that datamodel compare, as in Prisma.
std::vector<std::string> datamodel_schemas(const SourceSpec& spec);

// A history that does not replay has no schema to compare: its DG001 findings are the command's
// report, in `format` (a report format, renderer_names(); another name: text), and the exit code is 1.
int report_replay_failures(const LoadedSchema& loaded, const std::string& command, const std::string& format);

}  // namespace driftgate
