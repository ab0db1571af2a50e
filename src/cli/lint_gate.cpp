#include "cli/lint_gate.h"

#include <algorithm>

#include "core/error.h"
#include "core/rule_doc.h"
#include "migrations/git_base.h"

namespace fs = std::filesystem;

namespace driftgate {
namespace {

std::vector<bool> scope(const MigrationDir& dir, const LintScopeArgs& args, const fs::path& root,
                        std::vector<Finding>& findings) {
  std::size_t n = dir.migrations.size();
  std::vector<bool> in_scope(n, true);
  if (args.base) {
    BaseComparison base = compare_with_git_base(dir, *args.base, root);
    for (std::size_t i = 0; i < n; ++i) in_scope[i] = base.status[i] != BaseStatus::Unchanged;
    findings.insert(findings.end(), base.findings.begin(), base.findings.end());
  }
  if (args.latest) {
    std::size_t first = n > *args.latest ? n - *args.latest : 0;
    for (std::size_t i = 0; i < first; ++i) in_scope[i] = false;
  }
  return in_scope;
}

}  // namespace

LintResult lint_in_scope(MigrationDir& history, Provider provider, const LintScopeArgs& args, const ProjectConfig& config,
                         const fs::path& root) {
  LintOptions options;
  options.provider = provider;
  options.levels = config.levels;
  options.disabled = config.disabled;
  for (const auto& name : args.disable) {
    const RuleDoc* doc = find_rule_doc(name);
    if (!doc) throw Error("--disable " + name + ": unknown rule (see `driftgate rules`)");
    options.disabled.insert(doc->id);
  }
  std::vector<Finding> scope_findings;
  options.in_scope = scope(history, args, root, scope_findings);
  history.problems.insert(history.problems.end(), scope_findings.begin(), scope_findings.end());
  return lint_history(history, options);
}

void add_lint_scope_options(CLI::App& cmd, LintScopeArgs& args) {
  cmd.add_option("--latest", args.latest, "Lint only the last N migrations (the rest still feed the catalogue)");
  cmd.add_option("--base", args.base, "Lint only migrations new or changed since this git revision");
  cmd.add_option("--disable", args.disable, "Rule to skip (id or name); repeatable");
}

void apply_rule_settings(std::vector<Finding>& findings, const ProjectConfig& config) {
  std::erase_if(findings, [&](const Finding& f) { return config.disabled.count(f.rule_id) > 0; });
  for (auto& f : findings)
    if (auto it = config.levels.find(f.rule_id); it != config.levels.end()) f.level = it->second;
}

}  // namespace driftgate
