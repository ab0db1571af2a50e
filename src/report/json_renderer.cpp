#include <nlohmann/json.hpp>

#include "core/rule_doc.h"
#include "core/version.h"
#include "report/renderers.h"
#include "report/summary.h"

namespace driftgate {

void JsonRenderer::render(const Report& report, std::ostream& out) const {
  using Json = nlohmann::ordered_json;
  Json findings = Json::array();
  findings.get_ref<Json::array_t&>().reserve(report.findings.size());
  for (const auto& f : report.findings) {
    const RuleDoc* doc = find_rule_doc(f.rule_id);
    // Member by member: an initializer list builds and copies a temporary array per pair, which
    // made up most of this renderer's time on reports with thousands of findings.
    Json& j = findings.emplace_back(Json::object());
    j.get_ref<Json::object_t&>().reserve(14);
    j["rule"] = f.rule_id;
    j["name"] = doc ? doc->name : "";
    j["level"] = to_string(f.level);
    j["message"] = f.message;
    j["file"] = f.location.file;
    j["line"] = f.location.line;
    j["column"] = f.location.column;
    j["end_line"] = f.location.end_line;
    j["end_column"] = f.location.end_column;
    j["migration"] = f.migration;
    j["notes"] = f.notes;
    j["suppressed"] = f.suppressed();
    j["fingerprint"] = f.fingerprint;
    if (f.suppression) j["suppression_reason"] = f.suppression->reason;
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
  if (!report.context.empty()) doc["context"] = report.context;
  if (report.ledger) {
    Json rows = Json::array();
    for (const auto& r : *report.ledger) {
      Json& j = rows.emplace_back(Json::object());
      j["migration"] = r.migration;
      j["state"] = r.state;
      j["started_at"] = r.started_at ? Json(*r.started_at) : Json();
      j["finished_at"] = r.finished_at ? Json(*r.finished_at) : Json();
      j["rolled_back_at"] = r.rolled_back_at ? Json(*r.rolled_back_at) : Json();
      j["applied_steps_count"] = r.applied_steps_count;
      j["logs"] = r.logs ? Json(*r.logs) : Json();
      j["out_of_order"] = r.out_of_order;
      j["line_endings_only"] = r.line_endings_only;
    }
    doc["migrations"] = std::move(rows);
  }
  if (!report.scripts.empty()) {
    Json scripts = Json::object();
    for (const auto& s : report.scripts) {
      Json& j = scripts[s.name] = {{"description", s.description}, {"sql", s.sql}};
      if (!s.path.empty()) j["path"] = s.path;
    }
    doc["scripts"] = std::move(scripts);
  }
  // Messages quote SQL, which may hold invalid UTF-8: replace it rather than fail the report.
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace driftgate
