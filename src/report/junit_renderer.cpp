#include <map>
#include <string>
#include <vector>

#include "core/rule_doc.h"
#include "report/renderers.h"

namespace driftgate {
namespace {

// The length of the well-formed UTF-8 sequence at s[i], or 0 when it is not one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  auto b1 = static_cast<unsigned char>(n > 1 ? s[i + 1] : 0);
  if (n == 2 && c < 0xC2) return 0;                            // overlong
  if (n == 3 && c == 0xE0 && b1 < 0xA0) return 0;              // overlong
  if (n == 3 && c == 0xED && b1 >= 0xA0) return 0;             // surrogate
  if (n == 3 && c == 0xEF && b1 == 0xBF &&                     // U+FFFE, U+FFFF: not XML characters
      (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xBE) return 0;
  if (n == 4 && (c > 0xF4 || (c == 0xF0 && b1 < 0x90) || (c == 0xF4 && b1 >= 0x90))) return 0;
  return n;
}

// XML 1.0 text or attribute value: markup characters as entities; characters XML 1.0 forbids
// (C0 controls but tab, line feed and carriage return; bytes that are not UTF-8) as U+FFFD. In an
// attribute, tab and line breaks are character references so that parsers keep them.
std::string xml_escape(std::string_view s, bool attribute) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = utf8_length(s, i);
    char c = s[i];
    if (n == 0 || (n == 1 && static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
      out += "\xEF\xBF\xBD";
      i += n ? n : 1;
      continue;
    }
    if (n > 1) {
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += attribute ? "&quot;" : "\""; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\r': out += "&#13;"; break;
      default: out += c;
    }
    ++i;
  }
  return out;
}

// The migration a script path is, or "" for a file that is not a migration (schema.prisma).
std::string migration_of(const std::string& path) {
  auto slash = path.rfind('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base == "migration.sql") {
    if (slash == std::string::npos || slash == 0) return "";
    auto parent = path.rfind('/', slash - 1);
    return path.substr(parent == std::string::npos ? 0 : parent + 1, slash - (parent == std::string::npos ? 0 : parent + 1));
  }
  return base.ends_with(".sql") ? base : "";
}

std::string finding_line(const Finding& f) {
  std::string where = f.location.str();
  std::string line = (where.empty() ? "" : where + ": ") + std::string(to_string(f.level)) + ": " + f.message + " [" + f.rule_id + "]";
  if (f.suppressed())
    line += " (suppressed" + (f.suppression->reason.empty() ? "" : ": " + f.suppression->reason) + ")";
  for (const auto& note : f.notes) line += "\n  note: " + note;
  return line;
}

struct Case {
  std::string name;
  std::vector<const Finding*> findings;
};

}  // namespace

void JunitRenderer::render(const Report& report, std::ostream& out) const {
  // One case per migration, in name order (a history's apply order): every script the report
  // read, every migration a finding or the ledger names. Then one per rule for the findings that
  // are about no migration (drift, the datamodel, the layout of the history).
  std::map<std::string, Case> migrations;
  std::map<std::string, Case> checks;
  for (const auto& [path, text] : report.sources)
    if (auto name = migration_of(path); !name.empty()) migrations[name].name = name;
  if (report.ledger)
    for (const auto& row : *report.ledger) migrations[row.migration].name = row.migration;
  for (const auto& f : report.findings) {
    Case& c = f.migration.empty() ? checks[f.rule_id] : migrations[f.migration];
    if (c.name.empty()) {
      const RuleDoc* doc = f.migration.empty() ? find_rule_doc(f.rule_id) : nullptr;
      c.name = f.migration.empty() ? f.rule_id + (doc ? " " + doc->name : "") : f.migration;
    }
    c.findings.push_back(&f);
  }
  std::vector<const Case*> cases;
  for (const auto& [key, c] : migrations) cases.push_back(&c);
  for (const auto& [key, c] : checks) cases.push_back(&c);
  Case whole{report.command, {}};  // nothing to list: one passing case says the command ran
  if (cases.empty()) cases.push_back(&whole);

  auto failing = [&](const Finding* f) { return !f->suppressed() && f->level >= report.fail_on; };
  std::size_t failures = 0;
  for (const Case* c : cases)
    for (const Finding* f : c->findings)
      if (failing(f)) {
        ++failures;
        break;
      }

  std::string suite = xml_escape(report.command, true);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"driftgate\" tests=\"" << cases.size() << "\" failures=\"" << failures
      << "\" errors=\"0\">\n"
      << "  <testsuite name=\"" << suite << "\" tests=\"" << cases.size() << "\" failures=\"" << failures
      << "\" errors=\"0\" skipped=\"0\">\n";
  for (const Case* c : cases) {
    std::string failed, passed;
    const Finding* first = nullptr;
    for (const Finding* f : c->findings) {
      std::string& to = failing(f) ? failed : passed;
      if (failing(f) && !first) first = f;
      to += finding_line(*f) + "\n";
    }
    out << "    <testcase classname=\"" << suite << "\" name=\"" << xml_escape(c->name, true) << "\"";
    if (!first && passed.empty()) {
      out << "/>\n";
      continue;
    }
    out << ">\n";
    if (first)
      out << "      <failure message=\"" << xml_escape(first->message, true) << "\" type=\""
          << xml_escape(first->rule_id, true) << "\">" << xml_escape(failed, false) << "</failure>\n";
    if (!passed.empty()) out << "      <system-out>" << xml_escape(passed, false) << "</system-out>\n";
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace driftgate
