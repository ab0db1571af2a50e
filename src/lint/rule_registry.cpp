#include <algorithm>

#include "lint/rule.h"

namespace driftgate {

std::vector<std::unique_ptr<Rule>>& RuleRegistry::storage() {
  static std::vector<std::unique_ptr<Rule>> rules;  // filled during static initialisation only
  return rules;
}

bool RuleRegistry::add(std::unique_ptr<Rule> rule) {
  auto& rules = storage();
  auto pos = std::lower_bound(rules.begin(), rules.end(), rule,
                              [](const auto& a, const auto& b) { return a->id() < b->id(); });
  rules.insert(pos, std::move(rule));
  return true;
}

const std::vector<std::unique_ptr<Rule>>& RuleRegistry::rules() { return storage(); }

}  // namespace driftgate
