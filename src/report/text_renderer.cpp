#include <string>

#include "core/rule_doc.h"
#include "report/renderers.h"
#include "report/summary.h"
#include "util/line_index.h"

namespace driftgate {
namespace {

const char* colour(Level level) {
  switch (level) {
    case Level::Error: return "\033[1;31m";
    case Level::Warning: return "\033[1;33m";
    case Level::Notice: return "\033[1;36m";
  }
  return "";
}

}  // namespace

void TextRenderer::render(const Report& report, std::ostream& out) const {
  const char* bold = options_.color ? "\033[1m" : "";
  const char* dim = options_.color ? "\033[2m" : "";
  const char* reset = options_.color ? "\033[0m" : "";
  for (const auto& line : report.context) out << dim << line << reset << "\n";
  if (!report.context.empty()) out << "\n";
  for (const auto& f : report.findings) {
    if (f.suppressed()) continue;
    const RuleDoc* doc = find_rule_doc(f.rule_id);
    out << bold << f.location.str() << ": " << reset << (options_.color ? colour(f.level) : "")
        << to_string(f.level) << reset << ": " << f.message << " [" << f.rule_id
        << (doc ? " " + doc->name : "") << "]\n";
    auto src = report.sources.find(f.location.file);
    if (src != report.sources.end() && f.location.line > 0) {
      LineIndex lines(src->second);
      std::string_view text = lines.line_text(f.location.line);
      std::string number = std::to_string(f.location.line);
      out << dim << "  " << number << " | " << reset << text << "\n";
      out << dim << "  " << std::string(number.size(), ' ') << " | " << reset
          << std::string(static_cast<std::size_t>(std::max(f.location.column - 1, 0)), ' ') << "^\n";
    }
    for (const auto& note : f.notes) out << "  note: " << note << "\n";
  }
  for (const auto& script : report.scripts) {
    out << "\n" << bold << script.description << reset;
    if (!script.path.empty()) out << " (written to " << script.path << ")";
    out << ":\n" << script.sql;
    if (!script.sql.empty() && script.sql.back() != '\n') out << "\n";
  }
  out << (report.findings.empty() && report.scripts.empty() ? "" : "\n");
  if (report.ledger) out << ledger_line(*report.ledger) << "\n";
  out << counts_line(report, tally(report)) << "\n"
      << verdict(report) << "\n";
}

}  // namespace driftgate
