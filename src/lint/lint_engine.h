#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/finding.h"
#include "core/schema.h"
#include "migrations/migration.h"

namespace driftgate {

struct LintOptions {
  Provider provider = Provider::PostgreSQL;  // the dialect of the migrations; rules that do not cover it do not run
  std::map<std::string, Level> levels;  // rule id -> level that replaces the rule's own
  std::set<std::string> disabled;       // rule ids that do not run
  // Which migrations are reported on (same length as the history); empty means all. The others
  // still feed the catalogue, so that rules know what earlier migrations created.
  std::vector<bool> in_scope;
};

struct LintResult {
  std::vector<Finding> findings;  // sorted, fingerprinted
  std::size_t migrations_linted = 0;
  std::size_t statements_linted = 0;
};

// Lints a PostgreSQL or MySQL migration history: walks every migration in order, keeps the catalogue of
// what exists, runs every registered rule on each statement of the in-scope migrations, then
// applies ignore directives. Layout problems of `dir` are included in the result.
LintResult lint_history(const MigrationDir& dir, const LintOptions& options);

}  // namespace driftgate
