#include <cctype>
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

// Mermaid's erDiagram grammar: entity and attribute names and types are words (letters, digits,
// '_', '-'; types also '(' ')' '[' ']'); comments and labels are double-quoted without quotes inside.
std::string mermaid_word(std::string_view s, bool type) {
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '_' || c == '-' || (type && (c == '(' || c == ')' || c == '[' || c == ']'))) out += c;
    else if (c == '"') continue;
    else if (!out.empty() && out.back() != '_') out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty() || !(std::isalpha(static_cast<unsigned char>(out[0])) || out[0] == '_')) out.insert(0, "_");
  return out;
}

std::string mermaid_text(std::string_view s) {
  std::string out;
  for (char c : s) out += c == '"' ? '\'' : (c == '\n' || c == '\r') ? ' ' : c;
  if (out.size() > 120) out = out.substr(0, 117) + "...";
  return "\"" + out + "\"";
}

std::string mermaid(const ErDiagram& d) {
  std::string out = "```mermaid\nerDiagram\n";
  for (const auto& t : d.tables) {
    out += "  " + mermaid_word(t.name, false);
    if (!t.change.empty()) out += "[" + mermaid_text(t.name + " (" + t.change + ")") + "]";
    out += " {\n";
    for (const auto& c : t.columns) {
      out += "    " + mermaid_word(c.type, true) + " " + mermaid_word(c.name, false);
      if (!c.key.empty()) out += " " + c.key;
      if (!c.change.empty()) out += " " + mermaid_text(c.change);
      out += "\n";
    }
    out += "  }\n";
  }
  for (const auto& r : d.relations) {
    std::string label = r.name + (r.change.empty() ? "" : " (" + r.change + ")");
    out += "  " + mermaid_word(r.from_table, false) + (r.optional ? " }o" : " }|") + (r.change == "removed" ? ".." : "--") +
           (r.optional ? "o| " : "|| ") + mermaid_word(r.to_table, false) + " : " + mermaid_text(label) + "\n";
  }
  out += "```\n";
  return out;
}

// The ledger as a table: each migration and its state (collapsed when long).
std::string ledger_table(const std::vector<MigrationStateRow>& rows) {
  std::string out = rows.size() > 15 ? "\n<details><summary>Migrations (" + std::to_string(rows.size()) + ")</summary>\n\n"
                                     : "\n### Migrations\n\n";
  out += "| Migration | State | Finished |\n| --- | --- | --- |\n";
  for (const auto& r : rows) {
    std::string state = r.state;
    if (r.out_of_order) state += " (out of order)";
    if (r.line_endings_only) state += " (line endings only)";
    out += "| " + cell(r.migration) + " | " + cell(state) + " | " + cell(r.finished_at.value_or("")) + " |\n";
  }
  if (rows.size() > 15) out += "\n</details>\n";
  return out;
}

// The drift findings as a list, accepted ones with their reason.
std::string drift_list(const Report& report) {
  std::string out;
  std::size_t n = 0;
  for (const auto& f : report.findings) {
    if (f.rule_id != "DG601") continue;
    ++n;
    out += "- " + cell(f.message);
    if (f.suppressed()) out += " (accepted: " + cell(f.suppression->reason) + ")";
    out += "\n";
  }
  if (!n) return "";
  return "\n### Drift (" + std::to_string(n) + ")\n\n" + out;
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
  // The live database's side: the ledger, the drift, and the tables drift or the datamodel touched.
  std::vector<std::string> sections;
  if (report.ledger && !report.ledger->empty()) sections.push_back(ledger_table(*report.ledger));
  if (std::string drift = drift_list(report); !drift.empty()) sections.push_back(drift);
  for (const auto& d : report.diagrams) sections.push_back("\n### " + cell(d.title) + "\n\n" + mermaid(d));
  for (const auto& section : sections)
    if (md.size() + section.size() + kFooterReserve <= kMaxBytes) md += section;

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
