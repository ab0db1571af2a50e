// The CI-facing output formats: SARIF structure, workflow-command escaping and order, the
// job summary's escaping and size cap.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "core/rule_doc.h"
#include "core/version.h"
#include "report/renderers.h"
#include "report/summary.h"

using namespace driftgate;
using Json = nlohmann::json;

namespace {

Finding finding(std::string rule, Level level, std::string message, SourceLocation where,
                std::string fingerprint = "0123456789abcdef:1") {
  Finding f;
  f.rule_id = std::move(rule);
  f.level = level;
  f.message = std::move(message);
  f.location = std::move(where);
  f.fingerprint = std::move(fingerprint);
  return f;
}

Finding suppressed(Finding f, std::string reason) {
  f.suppression = Suppression{std::move(reason), {f.location.file, f.location.line - 1, 1, 0, 0}};
  return f;
}

std::string render(const Renderer& renderer, const Report& report) {
  std::ostringstream out;
  renderer.render(report, out);
  return out.str();
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

// Three levels out of order, a suppressed error, a finding about a whole folder.
Report mixed_report() {
  Report r;
  r.command = "lint";
  r.migrations_linted = 3;
  r.statements_linted = 7;
  r.findings = {
      finding("DG006", Level::Notice, "stray file", {"m/notes.txt", 0, 0, 0, 0}),
      finding("DG101", Level::Error, "first error", {"m/1/migration.sql", 2, 1, 2, 15}),
      suppressed(finding("DG102", Level::Error, "dropped on purpose", {"m/1/migration.sql", 5, 3, 5, 20}), "unused"),
      finding("DG008", Level::Warning, "a warning", {"m/2/migration.sql", 1, 1, 1, 5}),
      finding("DG002", Level::Error, "second error", {"m/3", 0, 0, 0, 0}),
  };
  return r;
}

const RuleDoc& doc(const char* id) {
  const RuleDoc* d = find_rule_doc(id);
  REQUIRE(d != nullptr);
  return *d;
}

}  // namespace

// ---- github ---------------------------------------------------------------------------------

TEST_CASE("render github: errors, then warnings, then notices, suppressed left out, summary last") {
  std::string out = render(GithubRenderer(), mixed_report());
  std::string expected =
      "::error file=m/1/migration.sql,line=2,col=1,endLine=2,endColumn=15,title=DG101 " + doc("DG101").name +
      "::first error\n"
      "::error file=m/3,title=DG002 " + doc("DG002").name + "::second error\n"
      "::warning file=m/2/migration.sql,line=1,col=1,endLine=1,endColumn=5,title=DG008 " + doc("DG008").name +
      "::a warning\n"
      "::notice file=m/notes.txt,title=DG006 " + doc("DG006").name + "::stray file\n"
      "driftgate lint: 3 migration(s), 7 statement(s): 2 error(s), 1 warning(s), 1 notice(s), 1 suppressed; "
      "gate failed: 2 finding(s) at or above error\n";
  CHECK(out == expected);
}

TEST_CASE("render github: message and property escaping as @actions/core has it") {
  Report r;
  r.command = "lint";
  Finding f = finding("DG101", Level::Warning, "100% sure:\r\nline two, a::b", {"dir,with:odd%/a\nb.sql", 3, 4, 0, 0});
  f.notes = {"a note"};
  r.findings = {f};
  std::string out = render(GithubRenderer(), r);
  std::string first = out.substr(0, out.find('\n') + 1);
  CHECK(first == "::warning file=dir%2Cwith%3Aodd%25/a%0Ab.sql,line=3,col=4,title=DG101 " + doc("DG101").name +
                     "::100%25 sure:%0D%0Aline two, a::b%0Aa note\n");
  CHECK(count(out, "\n") == 2);  // one annotation, one summary line
  CHECK(out.ends_with("0 error(s), 1 warning(s), 0 notice(s); gate passed\n"));
}

TEST_CASE("render github: a finding with no file gets no file property, unknown rules keep their id") {
  Report r;
  r.command = "check";
  r.findings = {finding("DG999", Level::Error, "whole run", {"", 0, 0, 0, 0})};
  std::string out = render(GithubRenderer(), r);
  CHECK(out.starts_with("::error title=DG999::whole run\n"));
}

TEST_CASE("render github: points to the full report when a level has more than 10 annotations") {
  Report r;
  r.command = "lint";
  for (int i = 1; i <= 11; ++i) r.findings.push_back(finding("DG101", Level::Error, "e", {"a.sql", i, 1, i, 2}));
  std::string out = render(GithubRenderer(), r);
  CHECK(count(out, "::error ") == 11);
  CHECK(out.find("at most 10 annotations") != std::string::npos);
  r.findings.pop_back();
  CHECK(render(GithubRenderer(), r).find("at most 10") == std::string::npos);
}

// ---- markdown -------------------------------------------------------------------------------

TEST_CASE("render markdown: verdict, counts, rows by severity, suppressed listed separately") {
  std::string out = render(MarkdownRenderer(), mixed_report());
  CHECK(out.starts_with("## driftgate lint\n\n:x: **Gate failed: 2 finding(s) at or above error**\n\n"
                        "3 migration(s), 7 statement(s): 2 error(s), 1 warning(s), 1 notice(s), 1 suppressed\n\n"
                        "| Level | Rule | Location | Message |\n| --- | --- | --- | --- |\n"));
  auto e1 = out.find("| error | DG101"), e2 = out.find("| error | DG002"), w = out.find("| warning | DG008"),
       n = out.find("| notice | DG006");
  CHECK(e1 < e2);
  CHECK(e2 < w);
  CHECK(w < n);
  CHECK(n != std::string::npos);
  CHECK(out.find("| error | DG002 " + doc("DG002").name + " | m/3 | second error |\n") != std::string::npos);
  auto section = out.find("### Suppressed (1)");
  REQUIRE(section != std::string::npos);
  CHECK(section > n);
  CHECK(out.find("| DG102 " + doc("DG102").name + " | m/1/migration.sql:5:3 | dropped on purpose | unused |") !=
        std::string::npos);
  CHECK(out.find("not shown") == std::string::npos);
}

TEST_CASE("render markdown: table cells escape pipes, line breaks and Markdown punctuation") {
  Report r;
  r.command = "lint";
  Finding f = finding("DG101", Level::Error, "a | b\r\nc *d* `e` <b>x</b> [l](u) \\|", {"m/x_y.sql", 1, 1, 1, 2});
  f.notes = {"n|1"};
  r.findings = {f};
  std::string out = render(MarkdownRenderer(), r);
  CHECK(out.find("| error | DG101 " + doc("DG101").name + " | m/x\\_y.sql:1:1 | "
                 "a \\| b<br>c \\*d\\* \\`e\\` \\<b\\>x\\</b\\> \\[l\\](u) \\\\\\|<br>note: n\\|1 |\n") !=
        std::string::npos);
  CHECK(out.find("**Gate failed: 1 finding(s) at or above error**") != std::string::npos);
}

TEST_CASE("render markdown: a clean run has a passing verdict and no table") {
  Report r;
  r.command = "lint";
  r.migrations_linted = 2;
  std::string out = render(MarkdownRenderer(), r);
  CHECK(out.find(":white_check_mark: **Gate passed**") != std::string::npos);
  CHECK(out.find("| Level |") == std::string::npos);
  CHECK(out.find("Suppressed") == std::string::npos);
}

TEST_CASE("render markdown: stays under 1 MiB and says how many findings it left out") {
  Report r;
  r.command = "lint";
  const std::size_t total = 6000;
  for (std::size_t i = 0; i < total; ++i)
    r.findings.push_back(finding("DG101", Level::Error, "dropping table \"t" + std::to_string(i) + "\" " +
                                                            std::string(250, 'x'),
                                 {"prisma/migrations/" + std::to_string(i) + "/migration.sql", 1, 1, 1, 2}));
  r.findings.push_back(suppressed(finding("DG102", Level::Error, "s", {"s.sql", 3, 1, 3, 2}), "why"));
  std::string out = render(MarkdownRenderer(), r);
  CHECK(out.size() < 1'000'000);
  CHECK(out.size() > 990'000);
  std::size_t rows = count(out, "\n| error | DG101");
  CHECK(rows > 0);
  CHECK(rows < total);
  CHECK(out.find("\n... " + std::to_string(total - rows) + " more findings not shown\n") != std::string::npos);
  CHECK(out.find("### Suppressed (1)") != std::string::npos);
  CHECK(out.find("| DG102") == std::string::npos);
}

// ---- sarif ----------------------------------------------------------------------------------

TEST_CASE("sarif: log, run and driver fields, and every rule doc as a rule") {
  Json log = Json::parse(render(SarifRenderer(), mixed_report()));
  CHECK(log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(log["version"] == "2.1.0");
  REQUIRE(log["runs"].size() == 1);
  const Json& run = log["runs"][0];
  const Json& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "driftgate");
  CHECK(driver["semanticVersion"] == kVersion);
  CHECK(driver["informationUri"].get<std::string>().starts_with("https://"));
  CHECK(run["columnKind"] == "utf16CodeUnits");
  CHECK(run["invocations"][0]["executionSuccessful"] == true);
  CHECK(run["originalUriBaseIds"].contains("%SRCROOT%"));
  const Json& rules = driver["rules"];
  REQUIRE(rules.size() == rule_docs().size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const RuleDoc& d = rule_docs()[i];
    CAPTURE(d.id);
    CHECK(rules[i]["id"] == d.id);
    CHECK(rules[i]["name"] == d.name);
    CHECK(rules[i]["shortDescription"]["text"] == d.summary);
    CHECK(rules[i]["fullDescription"]["text"] == d.description());
    CHECK(rules[i]["fullDescription"]["text"].get<std::string>().size() <= 1024);
    CHECK(rules[i]["help"]["text"] == d.plain_body());
    CHECK(rules[i]["help"]["markdown"] == d.body);
    const char* level = d.level == Level::Error ? "error" : d.level == Level::Warning ? "warning" : "note";
    CHECK(rules[i]["defaultConfiguration"]["level"] == level);
  }
}

TEST_CASE("sarif: results carry rule index, level, location, fingerprint and suppressions") {
  Report r = mixed_report();
  r.findings[1].notes = {"Prisma warned: data loss"};
  Json run = Json::parse(render(SarifRenderer(), r))["runs"][0];
  const Json& results = run["results"];
  REQUIRE(results.size() == r.findings.size());  // suppressed ones too, in report order
  for (const auto& res : results) {
    CAPTURE(res["ruleId"]);
    CHECK(run["tool"]["driver"]["rules"][res["ruleIndex"].get<std::size_t>()]["id"] == res["ruleId"]);
    CHECK(res["locations"].size() == 1);
    CHECK(res["locations"][0]["physicalLocation"].contains("region"));
    CHECK(res["partialFingerprints"]["primaryLocationLineHash"] == "0123456789abcdef:1");
  }
  CHECK(results[0]["level"] == "note");
  CHECK(results[1]["level"] == "error");
  CHECK(results[3]["level"] == "warning");
  CHECK(results[1]["message"]["text"] == "first error\nPrisma warned: data loss");
  const Json& loc = results[1]["locations"][0]["physicalLocation"];
  CHECK(loc["artifactLocation"] == Json{{"uri", "m/1/migration.sql"}, {"uriBaseId", "%SRCROOT%"}});
  CHECK(loc["region"] == Json{{"startLine", 2}, {"startColumn", 1}, {"endLine", 2}, {"endColumn", 15}});
  // A finding about a whole file or folder points at its first line.
  CHECK(results[4]["locations"][0]["physicalLocation"]["region"] == Json{{"startLine", 1}});
  CHECK(results[4]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "m/3");
  CHECK_FALSE(results[1].contains("suppressions"));
  CHECK(results[2]["suppressions"] == Json::array({{{"kind", "inSource"}, {"justification", "unused"}}}));
}

TEST_CASE("sarif: URIs are percent-encoded, no file means the repository root, bad UTF-8 is replaced") {
  Report r;
  r.command = "lint";
  r.findings = {
      finding("DG101", Level::Error, "m", {"prisma/migrations/2024 ü#1?:%/migration.sql", 1, 1, 1, 2}),
      finding("DG101", Level::Error, "m", {"", 0, 0, 0, 0}),
      finding("DG101", Level::Error, "m", {"/abs/a b.sql", 1, 1, 1, 2}),
      finding("DG101", Level::Error, std::string("bad \xff byte"), {"x.sql", 1, 1, 1, 2}),
  };
  Json results;
  REQUIRE_NOTHROW(results = Json::parse(render(SarifRenderer(), r))["runs"][0]["results"]);
  auto artifact = [&](int i) { return results[i]["locations"][0]["physicalLocation"]["artifactLocation"]; };
  CHECK(artifact(0)["uri"] == "prisma/migrations/2024%20%C3%BC%231%3F%3A%25/migration.sql");
  CHECK(artifact(1) == Json{{"uri", "."}, {"uriBaseId", "%SRCROOT%"}});
  CHECK(results[1]["locations"][0]["physicalLocation"]["region"] == Json{{"startLine", 1}});
  CHECK(artifact(2) == Json{{"uri", "file:///abs/a%20b.sql"}});
  CHECK(results[3]["message"]["text"] == "bad \xEF\xBF\xBD byte");
}

namespace {

// The JSON report as it was first defined: nlohmann's document, dumped with an indent of 2.
std::string nlohmann_report(const Report& report) {
  using Ordered = nlohmann::ordered_json;
  Ordered findings = Ordered::array();
  for (const auto& f : report.findings) {
    const RuleDoc* doc = find_rule_doc(f.rule_id);
    Ordered j = {{"rule", f.rule_id}, {"name", doc ? doc->name : ""}, {"level", to_string(f.level)},
                 {"message", f.message}, {"file", f.location.file}, {"line", f.location.line},
                 {"column", f.location.column}, {"end_line", f.location.end_line},
                 {"end_column", f.location.end_column}, {"migration", f.migration}, {"notes", f.notes},
                 {"suppressed", f.suppressed()}, {"fingerprint", f.fingerprint}};
    if (f.suppression) j["suppression_reason"] = f.suppression->reason;
    findings.push_back(j);
  }
  Tally counts = tally(report);
  Ordered doc = {{"schema_version", 1},
                 {"tool", {{"name", "driftgate"}, {"version", kVersion}}},
                 {"command", report.command},
                 {"fail_on", to_string(report.fail_on)},
                 {"passed", count_failing(report) == 0},
                 {"summary",
                  {{"migrations", report.migrations_linted}, {"statements", report.statements_linted},
                   {"errors", counts.errors}, {"warnings", counts.warnings}, {"notices", counts.notices},
                   {"suppressed", counts.suppressed}}},
                 {"findings", findings}};
  if (!report.context.empty()) doc["context"] = report.context;
  if (report.ledger) {
    Ordered rows = Ordered::array();
    for (const auto& r : *report.ledger) {
      auto opt = [](const std::optional<std::string>& s) { return s ? Ordered(*s) : Ordered(); };
      rows.push_back({{"migration", r.migration}, {"state", r.state}, {"started_at", opt(r.started_at)},
                      {"finished_at", opt(r.finished_at)}, {"rolled_back_at", opt(r.rolled_back_at)},
                      {"applied_steps_count", r.applied_steps_count}, {"logs", opt(r.logs)},
                      {"out_of_order", r.out_of_order}, {"line_endings_only", r.line_endings_only}});
    }
    doc["migrations"] = rows;
  }
  Ordered scripts = Ordered::object();
  for (const auto& s : report.scripts) {
    Ordered& j = scripts[s.name] = {{"description", s.description}, {"sql", s.sql}};
    if (!s.path.empty()) j["path"] = s.path;
  }
  if (!report.scripts.empty()) doc["scripts"] = scripts;
  return doc.dump(2, ' ', false, Ordered::error_handler_t::replace) + "\n";
}

}  // namespace

TEST_CASE("render json: byte for byte what nlohmann's dump(2) printed") {
  Report r;
  r.command = "check";
  r.migrations_linted = 2;
  r.statements_linted = 9;
  r.findings = {
      finding("DG101", Level::Error, "drops \"T\"\\ with\ttab\nnew line \x01\x1f\x7f <ok> /", {"m/1/migration.sql", 2, 1, 2, 15}),
      suppressed(finding("DG102", Level::Error, "Bücher 😀", {"m/ü/migration.sql", 5, 3, 5, 20}), "why: \"safe\""),
      finding("DG008", Level::Warning, "invalid \xC3( and \xF0\x9F\x98 cut", {"m/2/migration.sql", 1, 1, 1, 5}),
      finding("DG999", Level::Warning, "", {"", 0, 0, 0, 0}, ""),
      finding("DG002", Level::Error, "last \xE2\x82", {"m/3", 0, 0, 0, 0}),
  };
  r.findings[0].notes = {"a note", "\"quoted\" \x02"};
  r.findings[0].migration = "20240101_a";
  r.context = {"live database: postgresql://u:***@db/app (--url)"};
  r.ledger = std::vector<MigrationStateRow>{{"20240101_a", "applied", "2024-01-01", std::nullopt, std::nullopt, std::nullopt, 1, false, true},
                                            {"20240102_b", "failed", std::nullopt, std::nullopt, std::nullopt, "oops\n", 0, true, false}};
  r.scripts = {{"revert", "undo it", "", "DROP TABLE \"T\";\n"}, {"record", "record it", "out/r.sql", "x"},
               {"revert", "undo it again", "p", "y"}};
  CHECK(render(JsonRenderer(), r) == nlohmann_report(r));

  Report empty;
  empty.command = "lint";
  std::string text = render(JsonRenderer(), empty);
  CHECK(text.find("\"findings\": []") != std::string::npos);
  CHECK(text.back() == '\n');
}
