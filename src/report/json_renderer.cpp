#include <nlohmann/json.hpp>

#include "core/rule_doc.h"
#include "core/version.h"
#include "report/renderers.h"
#include "report/summary.h"

namespace driftgate {

void JsonRenderer::render(const Report& report, std::ostream& out) const {
  using Json = nlohmann::ordered_json;
  Json findings = Json::array();
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
  }
  Tally counts = tally(report);
  Json doc = {{"schema_version", 1},
              {"tool", {{"name", "driftgate"}, {"version", kVersion}}},
              {"command", report.command},
              {"fail_on", to_string(report.fail_on)},
              {"passed", count_failing(report) == 0},
              {"summary",
               {{"migrations", report.migrations_linted},
                {"statements", report.statements_linted},
                {"errors", counts.errors},
                {"warnings", counts.warnings},
                {"notices", counts.notices},
                {"suppressed", counts.suppressed}}},
              {"findings", std::move(findings)}};
  // Messages quote SQL, which may hold invalid UTF-8: replace it rather than fail the report.
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace driftgate
