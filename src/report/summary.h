#pragma once
// Counting and ordering shared by the CI-facing renderers (github, markdown).
#include <string>
#include <vector>

#include "report/report.h"

namespace driftgate {

struct Tally {
  std::size_t errors = 0, warnings = 0, notices = 0;  // unsuppressed, by level
  std::size_t suppressed = 0;
};
Tally tally(const Report& report);

// "N migration(s), M statement(s): a error(s), b warning(s), c notice(s)[, s suppressed]"
std::string counts_line(const Report& report, const Tally& tally);
// "ledger: 12 applied, 1 pending, 1 failed": the states in order of first appearance.
std::string ledger_line(const std::vector<MigrationStateRow>& rows);
// "gate passed", or "gate failed: N finding(s) at or above <fail level>"
std::string verdict(const Report& report);

// The findings errors first, then warnings, then notices; report order within a level.
// Suppressed findings are left out unless `suppressed` is true, when only they are returned.
std::vector<const Finding*> by_severity(const Report& report, bool suppressed = false);

}  // namespace driftgate
