#include "cli/source_options.h"

#include "cli/project_config.h"
#include "cli/project_settings.h"
#include "core/error.h"

namespace driftgate {

SourceContext SourceArgs::context() const {
  set_default_connect_timeout(connect_timeout);  // before any URL is opened
  SourceContext c;
  if (provider) {
    c.provider = parse_provider(*provider);
    if (!c.provider) throw Error("--provider must be postgresql or mysql, not \"" + *provider + "\"");
  }
  if (shadow_url) c.shadow_url = ConnectionUrl::parse(*shadow_url);
  c.namespaces = schemas;
  c.quiet = quiet;
  c.timings = timings;
  c.prisma_version = load_project_config("driftgate.toml").prisma_version;
  c.statement_timeout_s = statement_timeout;
  c.use_cache = !no_cache;
  return c;
}

void add_source_options(CLI::App& cmd, SourceArgs& args) {
  cmd.add_option("--provider", args.provider, "postgresql or mysql [from migration_lock.toml or the URL]");
  cmd.add_option("--shadow", args.shadow,
                 "auto: replay histories into a throwaway server driftgate starts and removes")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto"}));
  cmd.add_option("--shadow-url", args.shadow_url,
                 "Replay into a new database on this server instead (created and dropped by driftgate)");
  cmd.add_option("--schema", args.schemas, "Schema (namespace) to compare; repeatable [the URL's, or public]");
  add_statement_timeout_option(cmd, args.statement_timeout);
  add_no_cache_option(cmd, args.no_cache);
  cmd.add_option("--connect-timeout", args.connect_timeout,
                 "Seconds to wait for a database connection before giving up (a URL's own "
                 "connect_timeout wins)")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd.add_flag("--quiet,-q", args.quiet, "No replay progress on stderr");
  cmd.add_flag("--verbose,-v", args.verbose, "Say which Prisma version a datamodel is read by, and why");
  cmd.add_flag("--timings", args.timings, "Print how long the shadow start, replay and introspection took");
}

}  // namespace driftgate
