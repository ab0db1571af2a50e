#include <nlohmann/json.hpp>

#include "core/rule_doc.h"
#include "core/version.h"
#include "report/renderers.h"

namespace driftgate {

void JsonRenderer::render(const Report& report, std::ostream& out) const {
  using Json = nlohmann::ordered_json;
  Json findings = Json::array();
  std::size_t counts[3] = {0, 0, 0}, suppressed = 0;
  for (const auto& f : report.findings) {
    const RuleDoc* doc = find_rule_doc(f.rule_id);
    Json j = {{"rule", f.rule_id},
              {"name", doc ? doc->name : ""},
              {"level", to_string(f.level)},
              {"message", f.message},
              {"file", f.location.file},
              {"line", f.location.line},
              {"column", f.location.column},
              {"end_line", f.location.end_line},
              {"end_column", f.location.end_column},
              {"migration", f.migration},
              {"notes", f.notes},
              {"suppressed", f.suppressed()},
              {"fingerprint", f.fingerprint}};
    if (f.suppression) j["suppression_reason"] = f.suppression->reason;
    findings.push_back(std::move(j));
    if (f.suppressed()) ++suppressed;
    else ++counts[static_cast<int>(f.level)];
  }
  Json doc = {{"schema_version", 1},
              {"tool", {{"name", "driftgate"}, {"version", kVersion}}},
              {"command", report.command},
              {"fail_on", to_string(report.fail_on)},
              {"passed", count_failing(report) == 0},
              {"summary",
               {{"migrations", report.migrations_linted},
                {"statements", report.statements_linted},
                {"errors", counts[2]},
                {"warnings", counts[1]},
                {"notices", counts[0]},
                {"suppressed", suppressed}}},
              {"findings", std::move(findings)}};
  out << doc.dump(2) << "\n";
}

}  // namespace driftgate
