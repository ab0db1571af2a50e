#include "core/finding.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "util/hash.h"

namespace driftgate {

void sort_findings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.location.file, a.location.line, a.location.column, a.rule_id) <
           std::tie(b.location.file, b.location.line, b.location.column, b.rule_id);
  });
}

void fingerprint_findings(std::vector<Finding>& findings) {
  std::map<std::pair<std::string, std::string>, int> seen;  // (file, hash) -> occurrences so far
  for (auto& f : findings) {
    const std::string& basis = f.fingerprint_basis.empty() ? f.message : f.fingerprint_basis;
    std::string hash = hex64(hash64(f.rule_id + '\n' + basis));
    int n = ++seen[{f.location.file, hash}];
    f.fingerprint = hash + ":" + std::to_string(n);
  }
}

}  // namespace driftgate
