#include <string>

#include "core/rule_doc.h"
#include "report/renderers.h"
#include "report/summary.h"

namespace driftgate {
namespace {

// GitHub shows only the first few annotations of each level per step.
constexpr std::size_t kAnnotationsShown = 10;

// Workflow-command escaping as @actions/core has it (toolkit packages/core/src/command.ts).
std::string escape_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string escape_property(std::string_view s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

}  // namespace

void GithubRenderer::render(const Report& report, std::ostream& out) const {
  for (const Finding* f : by_severity(report)) {
    const SourceLocation& at = f->location;
    std::string props;
    auto add = [&](const char* key, const std::string& value) {
      props += (props.empty() ? " " : ",") + std::string(key) + "=" + escape_property(value);
    };
    if (!at.file.empty()) add("file", at.file);
    if (at.line > 0) {
      add("line", std::to_string(at.line));
      if (at.column > 0) add("col", std::to_string(at.column));
      if (at.end_line > 0) add("endLine", std::to_string(at.end_line));
      if (at.end_column > 0) add("endColumn", std::to_string(at.end_column));
    }
    const RuleDoc* doc = find_rule_doc(f->rule_id);
    add("title", f->rule_id + (doc ? " " + doc->name : ""));
    std::string message = f->message;
    for (const auto& note : f->notes) message += "\n" + note;
    out << "::" << to_string(f->level) << props << "::" << escape_data(message) << "\n";
  }
  Tally t = tally(report);
  out << "driftgate " << report.command << ": " << counts_line(report, t) << "; " << verdict(report);
  if (t.errors > kAnnotationsShown || t.warnings > kAnnotationsShown || t.notices > kAnnotationsShown)
    out << " (GitHub shows at most " << kAnnotationsShown
        << " annotations of each level per step; the SARIF upload or the job summary lists all)";
  out << "\n";
}

}  // namespace driftgate
