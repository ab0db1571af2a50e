#pragma once
// The lint rule interface. A rule is one class in one file under src/lint/rules/, registered
// with DRIFTGATE_REGISTER_RULE; its id, name, default level and documentation come from
// rules/<ID>-<name>.md. Rules are pure: they read the statement context and report, nothing else.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/level.h"
#include "lint/statement_context.h"

namespace driftgate {

// One diagnostic a rule raises, built fluently: out.report(offset, "message").level(...).about(...)
struct Diagnostic {
  std::size_t offset = 0;  // byte offset of the clause in the file
  std::string message;
  std::optional<Level> level_override;  // below the rule's default, e.g. a widening type change
  std::vector<std::string> subjects;    // names involved (table, column): matched to Prisma warnings

  Diagnostic& level(Level l) { level_override = l; return *this; }
  Diagnostic& about(std::string name) { subjects.push_back(std::move(name)); return *this; }
};

class Diagnostics {
 public:
  Diagnostic& report(std::size_t offset, std::string message) {
    items_.push_back({offset, std::move(message), std::nullopt, {}});
    return items_.back();
  }
  std::vector<Diagnostic>& items() { return items_; }

 private:
  std::vector<Diagnostic> items_;
};

class Rule {
 public:
  virtual ~Rule() = default;
  // The id of this rule's doc in rules/, e.g. "DG102".
  virtual std::string_view id() const = 0;
  // Called for every statement of every linted migration, in history order, with the catalogue
  // as it stands just before the statement.
  virtual void check(const StatementContext& ctx, Diagnostics& out) const = 0;
};

// Every rule linked into the program, in id order.
class RuleRegistry {
 public:
  static const std::vector<std::unique_ptr<Rule>>& rules();
  static bool add(std::unique_ptr<Rule> rule);  // used by DRIFTGATE_REGISTER_RULE

 private:
  static std::vector<std::unique_ptr<Rule>>& storage();
};

#define DRIFTGATE_REGISTER_RULE(RuleClass) \
  static const bool kRegistered##RuleClass = ::driftgate::RuleRegistry::add(std::make_unique<RuleClass>())

}  // namespace driftgate
