#include <string>

#include "core/rule_doc.h"
#include "report/renderers.h"
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
  std::size_t counts[3] = {0, 0, 0}, suppressed = 0;
  for (const auto& f : report.findings) {
    if (f.suppressed()) {
      ++suppressed;
      continue;
    }
    ++counts[static_cast<int>(f.level)];
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
  out << (report.findings.empty() ? "" : "\n") << report.migrations_linted << " migration(s), "
      << report.statements_linted << " statement(s): " << counts[2] << " error(s), " << counts[1]
      << " warning(s), " << counts[0] << " notice(s)";
  if (suppressed) out << ", " << suppressed << " suppressed";
  std::size_t failing = count_failing(report);
  out << "\n" << (failing ? "gate failed: " + std::to_string(failing) + " finding(s) at or above " +
                                std::string(to_string(report.fail_on))
                          : std::string("gate passed"))
      << "\n";
}

}  // namespace driftgate
