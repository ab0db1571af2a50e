#include "report/summary.h"

#include <algorithm>

namespace driftgate {

Tally tally(const Report& report) {
  Tally t;
  for (const auto& f : report.findings) {
    if (f.suppressed()) ++t.suppressed;
    else if (f.level == Level::Error) ++t.errors;
    else if (f.level == Level::Warning) ++t.warnings;
    else ++t.notices;
  }
  return t;
}

std::string counts_line(const Report& report, const Tally& t) {
  std::string line = std::to_string(report.migrations_linted) + " migration(s)";
  // Commands that read no statement (status, drift) do not count them.
  if (report.statements_linted || report.command == "lint") line += ", " + std::to_string(report.statements_linted) + " statement(s)";
  line += ": " + std::to_string(t.errors) +
                     " error(s), " + std::to_string(t.warnings) + " warning(s), " + std::to_string(t.notices) +
                     " notice(s)";
  if (t.suppressed) line += ", " + std::to_string(t.suppressed) + " suppressed";
  return line;
}

std::string ledger_line(const std::vector<MigrationStateRow>& rows) {
  std::vector<std::pair<std::string, std::size_t>> counts;  // in order of first appearance
  for (const auto& r : rows) {
    auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == r.state; });
    if (it == counts.end()) counts.emplace_back(r.state, 1);
    else ++it->second;
  }
  std::string line = "ledger:";
  for (std::size_t i = 0; i < counts.size(); ++i)
    line += (i ? ", " : " ") + std::to_string(counts[i].second) + " " + counts[i].first;
  if (counts.empty()) line += " no migrations";
  return line;
}

std::string verdict(const Report& report) {
  std::size_t failing = count_failing(report);
  if (!failing) return "gate passed";
  return "gate failed: " + std::to_string(failing) + " finding(s) at or above " + std::string(to_string(report.fail_on));
}

std::vector<const Finding*> by_severity(const Report& report, bool suppressed) {
  std::vector<const Finding*> out;
  for (const auto& f : report.findings)
    if (f.suppressed() == suppressed) out.push_back(&f);
  std::stable_sort(out.begin(), out.end(), [](const Finding* a, const Finding* b) { return a->level > b->level; });
  return out;
}

}  // namespace driftgate
