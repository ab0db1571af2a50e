#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "report/renderers.h"

namespace driftgate {
namespace {

// GitLab's scale is info, minor, major, critical, blocker. An error is what the default gate fails
// on: critical. A warning is worth a look: major. A notice is advice: info. blocker and minor are
// not used: driftgate has no level above error, and none between warning and notice.
const char* gitlab_severity(Level level) {
  switch (level) {
    case Level::Error: return "critical";
    case Level::Warning: return "major";
    case Level::Notice: return "info";
  }
  return "major";
}

}  // namespace

void GitlabRenderer::render(const Report& report, std::ostream& out) const {
  using Json = nlohmann::ordered_json;
  Json issues = Json::array();
  std::set<std::string> used;
  for (const auto& f : report.findings) {
    if (f.suppressed()) continue;  // GitLab has no suppressions: a suppressed finding is no issue
    // The finding's fingerprint counts repeats within one file only; GitLab shows one issue per
    // fingerprint, so a repeat in another file gets the path added, and any repeat after that a count.
    std::string base = f.fingerprint.empty() ? f.rule_id + ":" + f.message : f.fingerprint;
    std::string fingerprint = base;
    if (used.count(fingerprint)) fingerprint = base + ":" + f.location.file;
    for (std::size_t n = 2; used.count(fingerprint); ++n) fingerprint = base + ":" + f.location.file + ":" + std::to_string(n);
    used.insert(fingerprint);

    std::string description = f.message;
    for (const auto& note : f.notes) description += "\n" + note;
    Json& j = issues.emplace_back(Json::object());
    j["description"] = std::move(description);
    j["check_name"] = f.rule_id;
    j["fingerprint"] = std::move(fingerprint);
    j["severity"] = gitlab_severity(f.level);
    Json lines = {{"begin", f.location.line > 0 ? f.location.line : 1}};
    if (f.location.line > 0 && f.location.end_line > f.location.line) lines["end"] = f.location.end_line;
    // No file (a live database's drift): the repository root, as the SARIF output has it.
    j["location"] = {{"path", f.location.file.empty() ? "." : f.location.file}, {"lines", std::move(lines)}};
  }
  out << issues.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace driftgate
