#pragma once
// The options every command that loads schemas shares: provider, shadow, namespaces, quiet.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/schema_source.h"

namespace driftgate {

struct SourceArgs {
  std::optional<std::string> provider;
  std::string shadow = "auto";
  std::optional<std::string> shadow_url;
  std::vector<std::string> schemas;
  bool quiet = false;
  bool timings = false;
  bool verbose = false;  // --verbose: say which Prisma version's rules a datamodel was read by
  int connect_timeout = 5;  // --connect-timeout: for URLs without their own connect_timeout
  int statement_timeout = ShadowOptions::kDefaultStatementTimeout;  // --statement-timeout, seconds
  bool no_cache = false;  // --no-cache

  // Also sets the process's default connect timeout (see default_connect_timeout()).
  // Throws driftgate::Error for a bad provider or URL.
  SourceContext context() const;
};

void add_source_options(CLI::App& command, SourceArgs& args);

}  // namespace driftgate
