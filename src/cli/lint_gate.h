#pragma once
// The lint step as `lint` and `check` both run it: which migrations are in scope (--base,
// --latest), the rule settings of driftgate.toml and --disable, then the linter.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/project_config.h"
#include "lint/lint_engine.h"
#include "migrations/migration.h"

namespace driftgate {

struct LintScopeArgs {
  std::optional<std::string> base;
  std::optional<std::size_t> latest;
  std::vector<std::string> disable;
};

// Lints `history` (its layout problems included). Throws driftgate::Error for an unknown rule in
// --disable, or a --base git cannot read.
LintResult lint_in_scope(MigrationDir& history, Provider provider, const LintScopeArgs& args, const ProjectConfig& config,
                         const std::filesystem::path& root);

// --latest, --base, --disable.
void add_lint_scope_options(CLI::App& command, LintScopeArgs& args);

// The level settings of driftgate.toml ([rules], disable) applied to findings that did not come
// from the linter (status, drift, datamodel): disabled rules are dropped, levels replaced.
void apply_rule_settings(std::vector<Finding>& findings, const ProjectConfig& config);

}  // namespace driftgate
