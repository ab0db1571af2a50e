// Every lint rule comes as a set: a source file registered with the registry, a doc in rules/,
// and a flagged and a clean fixture. These tests keep the set whole.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <string>

#include "core/rule_doc.h"
#include "lint/rule.h"

namespace fs = std::filesystem;
using namespace driftgate;

namespace {
// Statement rules (DG1xx to DG4xx) run in the registry; DG0xx are raised by the engine itself, DG5xx
// and DG6xx by the commands that compare schemas and ledgers.
bool is_statement_rule(const std::string& id) { return id >= "DG100" && id < "DG500"; }
}  // namespace

TEST_CASE("every registered rule has a doc and a flagged and a clean fixture per provider") {
  const fs::path fixtures = fs::path(DRIFTGATE_SOURCE_DIR) / "fixtures" / "rules";
  REQUIRE_FALSE(RuleRegistry::rules().empty());
  for (const auto& rule : RuleRegistry::rules()) {
    std::string id(rule->id());
    CAPTURE(id);
    const RuleDoc* doc = find_rule_doc(id);
    REQUIRE(doc != nullptr);
    CHECK(is_statement_rule(id));
    fs::path folder = fixtures / (id + "-" + doc->name);
    // Each provider a rule covers has its fixture pair: flagged.sql and clean.sql for PostgreSQL,
    // flagged.mysql.sql and clean.mysql.sql for MySQL.
    CHECK(doc->covers(Provider::PostgreSQL) == fs::exists(folder / "flagged.sql"));
    CHECK(doc->covers(Provider::PostgreSQL) == fs::exists(folder / "clean.sql"));
    CHECK(doc->covers(Provider::MySQL) == fs::exists(folder / "flagged.mysql.sql"));
    CHECK(doc->covers(Provider::MySQL) == fs::exists(folder / "clean.mysql.sql"));
  }
}

TEST_CASE("every statement rule doc has a registered rule") {
  std::set<std::string> registered;
  for (const auto& rule : RuleRegistry::rules()) registered.insert(std::string(rule->id()));
  for (const auto& doc : rule_docs()) {
    if (!is_statement_rule(doc.id)) continue;
    CAPTURE(doc.id);
    CHECK(registered.count(doc.id) == 1);
  }
}

TEST_CASE("rule docs have the four sections, a summary and a kebab-case name") {
  for (const auto& doc : rule_docs()) {
    CAPTURE(doc.id);
    CHECK_FALSE(doc.summary.empty());
    CHECK(doc.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos);
    if (!is_statement_rule(doc.id)) continue;
    for (const char* section : {"## What it flags", "## Why it is dangerous", "## The safe way", "## Example"})
      CHECK(doc.body.find(section) != std::string::npos);
  }
}
