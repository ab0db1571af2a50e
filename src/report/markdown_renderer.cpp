#include <string>

#include "core/rule_doc.h"
#include "core/version.h"
#include "report/renderers.h"
#include "report/summary.h"

namespace driftgate {
namespace {

// GitHub rejects a step summary over 1 MiB; stay well below it, footer included.
constexpr std::size_t kMaxBytes = 1'000'000;
constexpr std::size_t kFooterReserve = 512;

// One table cell: Markdown punctuation that could start emphasis, links, code or HTML is
// backslash-escaped ('|' too, which would end the cell); line breaks become <br>.
std::string cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>': case '|': case '~': case '&':
        out += '\\';
        out += c;
        break;
      case '\n': out += "<br>"; break;
      case '\r': break;
      default: out += c;
    }
  }
  return out;
}

std::string rule_cell(const Finding& f) {
  const RuleDoc* doc = find_rule_doc(f.rule_id);
  return cell(f.rule_id + (doc ? " " + doc->name : ""));
}

std::string message_cell(const Finding& f) {
  std::string text = f.message;
  for (const auto& note : f.notes) text += "\nnote: " + note;
  return cell(text);
}

// Appends rows while they fit under the size cap; returns how many did not.
std::size_t add_rows(std::string& out, const std::vector<const Finding*>& findings, bool suppressed) {
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = *findings[i];
    std::string row = suppressed ? "| " + rule_cell(f) + " | " + cell(f.location.str()) + " | " + message_cell(f) +
                                       " | " + cell(f.suppression->reason) + " |\n"
                                 : "| " + std::string(to_string(f.level)) + " | " + rule_cell(f) + " | " +
                                       cell(f.location.str()) + " | " + message_cell(f) + " |\n";
    if (out.size() + row.size() + kFooterReserve > kMaxBytes) return findings.size() - i;
    out += row;
  }
  return 0;
}

}  // namespace

void MarkdownRenderer::render(const Report& report, std::ostream& out) const {
  Tally t = tally(report);
  bool passed = count_failing(report) == 0;
  std::string md = "## driftgate " + report.command + "\n\n";
  std::string v = verdict(report);
  v[0] = 'G';
  md += std::string(passed ? ":white_check_mark: " : ":x: ") + "**" + v + "**\n\n";
  md += counts_line(report, t) + "\n";
  if (report.ledger) md += "\n" + ledger_line(*report.ledger) + "\n";

  std::size_t not_shown = 0;
  auto open = by_severity(report);
  if (!open.empty()) {
    md += "\n| Level | Rule | Location | Message |\n| --- | --- | --- | --- |\n";
    not_shown = add_rows(md, open, false);
    if (not_shown) md += "\n... " + std::to_string(not_shown) + " more findings not shown\n";
  }
  if (t.suppressed) {
    md += "\n### Suppressed (" + std::to_string(t.suppressed) + ")\n\n";
    if (not_shown) {
      md += "Not listed: the summary reached GitHub's size limit.\n";
    } else {
      md += "These do not count against the gate.\n\n| Rule | Location | Message | Reason |\n| --- | --- | --- | --- |\n";
      std::size_t rest = add_rows(md, by_severity(report, true), true);
      if (rest) md += "\n... " + std::to_string(rest) + " more suppressed findings not shown\n";
    }
  }
  md += std::string("\n<sub>driftgate ") + kVersion + "</sub>\n";
  out << md;
}

}  // namespace driftgate
