#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/rule_doc.h"
#include "core/version.h"
#include "report/renderers.h"
#include "report/summary.h"

namespace driftgate {
namespace {

// Writes JSON as it goes, byte for byte as nlohmann::json's dump(2) prints the same document
// (which the report's format was defined by). Building that document and dumping it, which
// decodes the UTF-8 of every byte, was as much of lint's time on a large history as reading all
// its parse trees.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(std::string_view name) {
    next_item();
    string(name);
    out_ += ": ";
    after_key_ = true;
  }
  void value(std::string_view s) {
    next_item();
    string(s);
  }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(const char* s) { value(std::string_view(s)); }
  void value(bool b) {
    next_item();
    out_ += b ? "true" : "false";
  }
  void value(long long n) {
    next_item();
    out_ += std::to_string(n);
  }
  void null() {
    next_item();
    out_ += "null";
  }
  void value(const std::optional<std::string>& s) { s ? value(std::string_view(*s)) : null(); }
  void value(const std::vector<std::string>& items) {
    begin_array();
    for (const auto& item : items) value(std::string_view(item));
    end_array();
  }
  template <class T>
  void member(std::string_view name, const T& v) {
    key(name);
    value(v);
  }

 private:
  // Where a key or a value starts: after its key on the same line, else on a line of its own,
  // after a comma when a member precedes it.
  void next_item() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (items_.empty()) return;
    out_ += items_.back()++ > 0 ? ",\n" : "\n";
    out_.append(2 * items_.size(), ' ');
  }
  void open(char bracket) {
    next_item();
    out_ += bracket;
    items_.push_back(0);
  }
  void close(char bracket) {  // an empty object or array stays on one line: {} []
    bool empty = items_.back() == 0;
    items_.pop_back();
    if (!empty) {
      out_ += '\n';
      out_.append(2 * items_.size(), ' ');
    }
    out_ += bracket;
  }

  // ASCII is escaped here as dump escapes it. Anything else goes through nlohmann itself, which
  // replaces invalid UTF-8 (messages quote SQL, which may hold it) rather than failing the report.
  void string(std::string_view s) {
    bool ascii = std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (!ascii) {
      out_ += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return;
    }
    out_ += '"';
    for (char c : s) {
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            static constexpr char kHex[] = "0123456789abcdef";
            out_ += "\\u00";
            out_ += kHex[(c >> 4) & 0xF];
            out_ += kHex[c & 0xF];
          } else {
            out_ += c;
          }
      }
    }
    out_ += '"';
  }

  std::string& out_;
  std::vector<std::size_t> items_;  // per open object or array, how many items it has so far
  bool after_key_ = false;
};

void write_finding(JsonWriter& w, const Finding& f) {
  const RuleDoc* doc = find_rule_doc(f.rule_id);
  w.begin_object();
  w.member("rule", f.rule_id);
  w.member("name", doc ? std::string_view(doc->name) : std::string_view());
  w.member("level", to_string(f.level));
  w.member("message", f.message);
  w.member("file", f.location.file);
  w.member("line", static_cast<long long>(f.location.line));
  w.member("column", static_cast<long long>(f.location.column));
  w.member("end_line", static_cast<long long>(f.location.end_line));
  w.member("end_column", static_cast<long long>(f.location.end_column));
  w.member("migration", f.migration);
  w.member("notes", f.notes);
  w.member("suppressed", f.suppressed());
  w.member("fingerprint", f.fingerprint);
  if (f.suppression) w.member("suppression_reason", f.suppression->reason);
  w.end_object();
}

void write_ledger(JsonWriter& w, const std::vector<MigrationStateRow>& rows) {
  w.begin_array();
  for (const auto& r : rows) {
    w.begin_object();
    w.member("migration", r.migration);
    w.member("state", r.state);
    w.member("started_at", r.started_at);
    w.member("finished_at", r.finished_at);
    w.member("rolled_back_at", r.rolled_back_at);
    w.member("applied_steps_count", r.applied_steps_count);
    w.member("logs", r.logs);
    w.member("out_of_order", r.out_of_order);
    w.member("line_endings_only", r.line_endings_only);
    w.end_object();
  }
  w.end_array();
}

// An object keyed by script name; a name given twice keeps its first place and its last script.
void write_scripts(JsonWriter& w, const std::vector<ReportScript>& scripts) {
  std::vector<const ReportScript*> by_name;
  for (const auto& s : scripts) {
    auto same = std::find_if(by_name.begin(), by_name.end(), [&](const ReportScript* b) { return b->name == s.name; });
    if (same != by_name.end()) *same = &s;
    else by_name.push_back(&s);
  }
  w.begin_object();
  for (const ReportScript* s : by_name) {
    w.key(s->name);
    w.begin_object();
    w.member("description", s->description);
    w.member("sql", s->sql);
    if (!s->path.empty()) w.member("path", s->path);
    w.end_object();
  }
  w.end_object();
}

}  // namespace

void JsonRenderer::render(const Report& report, std::ostream& out) const {
  std::string text;
  JsonWriter w(text);
  Tally counts = tally(report);
  w.begin_object();
  w.member("schema_version", 1LL);
  w.key("tool");
  w.begin_object();
  w.member("name", "driftgate");
  w.member("version", kVersion);
  w.end_object();
  w.member("command", report.command);
  w.member("fail_on", to_string(report.fail_on));
  w.member("passed", count_failing(report) == 0);
  w.key("summary");
  w.begin_object();
  w.member("migrations", static_cast<long long>(report.migrations_linted));
  w.member("statements", static_cast<long long>(report.statements_linted));
  w.member("errors", static_cast<long long>(counts.errors));
  w.member("warnings", static_cast<long long>(counts.warnings));
  w.member("notices", static_cast<long long>(counts.notices));
  w.member("suppressed", static_cast<long long>(counts.suppressed));
  w.end_object();
  w.key("findings");
  w.begin_array();
  for (const auto& f : report.findings) write_finding(w, f);
  w.end_array();
  if (!report.context.empty()) w.member("context", report.context);
  if (report.ledger) {
    w.key("migrations");
    write_ledger(w, *report.ledger);
  }
  if (!report.scripts.empty()) {
    w.key("scripts");
    write_scripts(w, report.scripts);
  }
  w.end_object();
  out << text << "\n";
}

}  // namespace driftgate
