// The GitLab Code Quality and JUnit XML outputs, exactly, for a small report.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <string>

#include "core/rule_doc.h"
#include "report/renderers.h"

using namespace driftgate;

namespace {

Finding make(std::string rule, Level level, std::string message, SourceLocation where, std::string migration,
             std::string fingerprint) {
  Finding f;
  f.rule_id = std::move(rule);
  f.level = level;
  f.message = std::move(message);
  f.location = std::move(where);
  f.migration = std::move(migration);
  f.fingerprint = std::move(fingerprint);
  return f;
}

// Two migrations read (one clean but for a warning), a third with a finding but no script, a
// schema file that is no migration, findings about no migration, a suppressed error, markup and a
// control character in messages, and the same fingerprint in two files.
Report small_report() {
  Report r;
  r.command = "lint";
  r.migrations_linted = 2;
  r.statements_linted = 3;
  r.sources = {{"m/1_init/migration.sql", "CREATE TABLE a (id INT);\n"},
               {"m/2_next/migration.sql", "DROP TABLE a;\n"},
               {"prisma/schema.prisma", "model A { id Int @id }\n"}};
  Finding quiet = make("DG102", Level::Error, "dropped on purpose", {"m/2_next/migration.sql", 1, 1, 1, 14}, "2_next",
                       "bbbb:1");
  quiet.suppression = Suppression{"unused", {"m/2_next/migration.sql", 0, 0, 0, 0}};
  r.findings = {
      make("DG006", Level::Notice, "stray file", {"m/notes.txt", 0, 0, 0, 0}, "", "cccc:1"),
      make("DG101", Level::Error, "drops \"a\" & <b>", {"m/1_init/migration.sql", 1, 1, 2, 15}, "1_init", "aaaa:1"),
      make("DG008", Level::Warning, "a warning", {"m/2_next/migration.sql", 1, 1, 1, 5}, "2_next", "aaaa:1"),
      quiet,
      make("DG002", Level::Error, "no\x01script", {"m/3_gone", 0, 0, 0, 0}, "", "dddd:1"),
      make("DG002", Level::Error, "no script either", {"m/4_gone", 0, 0, 0, 0}, "", "dddd:1"),
  };
  return r;
}

std::string render(const char* format, const Report& report) {
  std::ostringstream out;
  make_renderer(format, {})->render(report, out);
  return out.str();
}

std::string rule_name(const char* id) {
  const RuleDoc* d = find_rule_doc(id);
  REQUIRE(d != nullptr);
  return d->name;
}

}  // namespace

TEST_CASE("gitlab and junit are formats every reporting command offers") {
  const auto& names = renderer_names();
  CHECK(std::find(names.begin(), names.end(), "gitlab") != names.end());
  CHECK(std::find(names.begin(), names.end(), "junit") != names.end());
}

TEST_CASE("gitlab: one issue per unsuppressed finding, severities mapped, fingerprints unique") {
  std::string expected = R"([
  {
    "description": "stray file",
    "check_name": "DG006",
    "fingerprint": "cccc:1",
    "severity": "info",
    "location": {
      "path": "m/notes.txt",
      "lines": {
        "begin": 1
      }
    }
  },
  {
    "description": "drops \"a\" & <b>",
    "check_name": "DG101",
    "fingerprint": "aaaa:1",
    "severity": "critical",
    "location": {
      "path": "m/1_init/migration.sql",
      "lines": {
        "begin": 1,
        "end": 2
      }
    }
  },
  {
    "description": "a warning",
    "check_name": "DG008",
    "fingerprint": "aaaa:1:m/2_next/migration.sql",
    "severity": "major",
    "location": {
      "path": "m/2_next/migration.sql",
      "lines": {
        "begin": 1
      }
    }
  },
  {
    "description": "no\u0001script",
    "check_name": "DG002",
    "fingerprint": "dddd:1",
    "severity": "critical",
    "location": {
      "path": "m/3_gone",
      "lines": {
        "begin": 1
      }
    }
  },
  {
    "description": "no script either",
    "check_name": "DG002",
    "fingerprint": "dddd:1:m/4_gone",
    "severity": "critical",
    "location": {
      "path": "m/4_gone",
      "lines": {
        "begin": 1
      }
    }
  }
]
)";
  CHECK(render("gitlab", small_report()) == expected);
}

TEST_CASE("gitlab: a clean run is an empty array; no file is the repository root") {
  Report r;
  r.command = "drift";
  CHECK(render("gitlab", r) == "[]\n");
  r.findings = {make("DG900", Level::Error, "table \"x\" is not in the history", {}, "", "")};
  std::string out = render("gitlab", r);
  CHECK(out.find(R"("fingerprint": "DG900:table \"x\" is not in the history")") != std::string::npos);
  CHECK(out.find(R"("path": ".")") != std::string::npos);
}

TEST_CASE("junit: a case per migration and per rule about no migration, failures at the fail level") {
  std::string expected =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"driftgate\" tests=\"4\" failures=\"2\" errors=\"0\">\n"
      "  <testsuite name=\"lint\" tests=\"4\" failures=\"2\" errors=\"0\" skipped=\"0\">\n"
      "    <testcase classname=\"lint\" name=\"1_init\">\n"
      "      <failure message=\"drops &quot;a&quot; &amp; &lt;b&gt;\" type=\"DG101\">"
      "m/1_init/migration.sql:1:1: error: drops \"a\" &amp; &lt;b&gt; [DG101]\n"
      "</failure>\n"
      "    </testcase>\n"
      "    <testcase classname=\"lint\" name=\"2_next\">\n"
      "      <system-out>m/2_next/migration.sql:1:1: warning: a warning [DG008]\n"
      "m/2_next/migration.sql:1:1: error: dropped on purpose [DG102] (suppressed: unused)\n"
      "</system-out>\n"
      "    </testcase>\n"
      "    <testcase classname=\"lint\" name=\"DG002 " + rule_name("DG002") + "\">\n"
      "      <failure message=\"no\xEF\xBF\xBDscript\" type=\"DG002\">"
      "m/3_gone: error: no\xEF\xBF\xBDscript [DG002]\n"
      "m/4_gone: error: no script either [DG002]\n"
      "</failure>\n"
      "    </testcase>\n"
      "    <testcase classname=\"lint\" name=\"DG006 " + rule_name("DG006") + "\">\n"
      "      <system-out>m/notes.txt: notice: stray file [DG006]\n"
      "</system-out>\n"
      "    </testcase>\n"
      "  </testsuite>\n"
      "</testsuites>\n";
  CHECK(render("junit", small_report()) == expected);
}

TEST_CASE("junit: --fail-on warning fails the migration with the warning; clean migrations pass") {
  Report r = small_report();
  r.fail_on = Level::Warning;
  std::string out = render("junit", r);
  CHECK(out.find("failures=\"3\"") != std::string::npos);
  CHECK(out.find("<failure message=\"a warning\" type=\"DG008\">m/2_next/migration.sql:1:1: warning: a warning "
                 "[DG008]\n</failure>\n      <system-out>m/2_next/migration.sql:1:1: error: dropped on purpose") !=
        std::string::npos);

  Report clean;
  clean.command = "status";
  clean.sources = {{"m/1_init/migration.sql", ""}};
  MigrationStateRow old;
  old.migration = "0_old";
  old.state = "applied";
  clean.ledger = std::vector<MigrationStateRow>{old};
  CHECK(render("junit", clean) ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<testsuites name=\"driftgate\" tests=\"2\" failures=\"0\" errors=\"0\">\n"
        "  <testsuite name=\"status\" tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
        "    <testcase classname=\"status\" name=\"0_old\"/>\n"
        "    <testcase classname=\"status\" name=\"1_init\"/>\n"
        "  </testsuite>\n"
        "</testsuites>\n");
}

TEST_CASE("junit: no migration and no finding is one passing case; bad UTF-8 and line breaks in attributes") {
  Report r;
  r.command = "diff";
  CHECK(render("junit", r).find("<testcase classname=\"diff\" name=\"diff\"/>") != std::string::npos);
  r.findings = {make("DG900", Level::Error, "bad \xFF byte\nsecond line", {}, "", "")};
  std::string out = render("junit", r);
  CHECK(out.find("<failure message=\"bad \xEF\xBF\xBD byte&#10;second line\" type=\"DG900\">"
                 "error: bad \xEF\xBF\xBD byte\nsecond line [DG900]\n</failure>") != std::string::npos);
}
