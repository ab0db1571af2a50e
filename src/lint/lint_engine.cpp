#include "lint/lint_engine.h"

#include <algorithm>

#include "core/rule_doc.h"
#include "lint/history_catalog.h"
#include "lint/parse_ahead.h"
#include "lint/rule.h"
#include "lint/statement_context.h"
#include "lint/suppression.h"
#include "sql/sql_file.h"

namespace driftgate {
namespace {

// A finding before suppression: which statement it belongs to and what it names.
struct Pending {
  Finding finding;
  std::size_t statement = 0;
  std::vector<std::string> subjects;
};

// The `- ...` lines of the "Warnings:" block Prisma writes at the top of a generated migration.
std::vector<std::string> prisma_warnings(std::string_view text) {
  std::vector<std::string> out;
  auto start = text.find("/*");
  if (start == std::string_view::npos || text.substr(0, start).find_first_not_of(" \t\r\n") != std::string_view::npos)
    return out;
  auto end = text.find("*/", start);
  std::string_view block = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  if (block.find("Warnings:") == std::string_view::npos) return out;
  std::size_t pos = 0;
  while (pos < block.size()) {
    auto eol = block.find('\n', pos);
    std::string_view line = block.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? block.size() : eol + 1;
    auto first = line.find_first_not_of(" \t");
    if (first != std::string_view::npos && line.substr(first).starts_with("- ")) {
      std::string_view w = line.substr(first + 2);
      while (!w.empty() && (w.back() == '\r' || w.back() == ' ')) w.remove_suffix(1);
      out.emplace_back(w);
    }
  }
  return out;
}

class HistoryLinter {
 public:
  HistoryLinter(const MigrationDir& dir, const LintOptions& options) : dir_(dir), options_(options) {
    for (const auto& rule : RuleRegistry::rules()) {
      const RuleDoc* doc = find_rule_doc(rule->id());
      if (!options.disabled.count(std::string(rule->id())) && (!doc || doc->covers(options.provider)))
        rules_.push_back(rule.get());
    }
  }

  LintResult run() {
    for (const auto& p : dir_.problems) emit(Finding(p));
    std::vector<bool> with_comments;  // ignore directives live in comments
    for (std::size_t i = 0; i < dir_.migrations.size(); ++i)
      with_comments.push_back(in_scope(static_cast<int>(i)) &&
                              dir_.migrations[i].bytes.find("driftgate-ignore") != std::string::npos);
    ParseAhead parsed(dir_, options_.provider, with_comments);
    for (std::size_t i = 0; i < dir_.migrations.size(); ++i) lint_migration(static_cast<int>(i), parsed.next());
    sort_findings(result_.findings);
    fingerprint_findings(result_.findings);
    return std::move(result_);
  }

 private:
  bool in_scope(int i) const {
    return options_.in_scope.empty() || options_.in_scope[static_cast<std::size_t>(i)];
  }

  void lint_migration(int index, ParsedMigration parsed) {
    const Migration& m = dir_.migrations[static_cast<std::size_t>(index)];
    bool linted = in_scope(index);
    const SqlFile& file = parsed.file;

    // PostgreSQL runs what Prisma sends as one transaction; MySQL commits each DDL statement.
    MigrationScript script{&m, index, &file, {}, options_.provider == Provider::PostgreSQL && file.statements().size() > 1,
                           options_.provider};
    for (std::size_t s = 0; s < file.statements().size(); ++s)
      script.statements.push_back({&file.statements()[s], std::move(parsed.changes[s])});

    std::vector<Pending> pending;
    for (std::size_t s = 0; s < script.statements.size(); ++s) {
      const Statement& st = *script.statements[s].statement;
      resolve_restatements(script.statements[s].changes, catalog_);
      if (linted) {
        if (st.error) {
          pending.push_back({make(m, file, st, "DG000", Level::Error, st.error->offset,
                                  "statement does not parse: " + st.error->message),
                             s, {}});
        } else {
          StatementContext ctx(script, s, catalog_);
          for (const Rule* rule : rules_) {
            Diagnostics out;
            rule->check(ctx, out);
            if (out.items().empty()) continue;
            const RuleDoc* doc = find_rule_doc(rule->id());
            for (auto& d : out.items()) {
              Level level = d.level_override.value_or(doc ? doc->level : Level::Error);
              pending.push_back({make(m, file, st, std::string(rule->id()), level, d.offset, std::move(d.message)),
                                 s, std::move(d.subjects)});
            }
          }
        }
      }
      for (const auto& change : script.statements[s].changes) catalog_.apply(change, index);
    }
    if (!linted) return;
    ++result_.migrations_linted;
    result_.statements_linted += file.statements().size();
    attach_prisma_warnings(m, pending);
    apply_directives(m, file, pending);
  }

  Finding make(const Migration& m, const SqlFile& file, const Statement& st, std::string rule,
               Level level, std::size_t offset, std::string message) const {
    Finding f;
    f.rule_id = std::move(rule);
    f.level = level;
    f.message = std::move(message);
    f.migration = m.name;
    auto begin = file.lines().position(offset);
    auto end = file.lines().position(std::max(st.end, offset));
    f.location = {m.relative_path, begin.line, begin.column, end.line, end.column};
    f.fingerprint_basis = normalise_whitespace(file.statement_text(st));
    return f;
  }

  void attach_prisma_warnings(const Migration& m, std::vector<Pending>& pending) const {
    auto warnings = prisma_warnings(m.bytes);
    if (warnings.empty()) return;
    for (auto& p : pending) {
      if (p.subjects.empty()) continue;
      for (const auto& w : warnings) {
        bool all = std::all_of(p.subjects.begin(), p.subjects.end(), [&](const std::string& s) {
          return w.find('`' + s + '`') != std::string::npos;
        });
        if (all) p.finding.notes.push_back("Prisma warned the author when generating this migration: " + w);
      }
    }
  }

  void apply_directives(const Migration& m, const SqlFile& file, std::vector<Pending>& pending) {
    auto directives = find_ignore_directives(file);
    for (auto& p : pending) {
      for (auto& d : directives) {
        if (!d.covers(p.finding.rule_id, p.statement)) continue;
        d.used = true;
        auto pos = file.lines().position(d.offset);
        p.finding.suppression = Suppression{d.reason, {m.relative_path, pos.line, pos.column, 0, 0}};
        break;
      }
      emit(std::move(p.finding));
    }
    for (const auto& d : directives) {
      auto pos = file.lines().position(d.offset);
      auto directive_finding = [&](const char* rule, std::string message) {
        Finding f;
        f.rule_id = rule;
        f.level = Level::Warning;
        f.message = std::move(message);
        f.migration = m.name;
        f.location = {m.relative_path, pos.line, pos.column, pos.line, pos.column};
        f.fingerprint_basis = f.message;
        emit(std::move(f));
      };
      for (const auto& name : d.unknown)
        directive_finding("DG011", "ignore comment names \"" + name + "\", which is no driftgate rule");
      if (d.reason.empty())
        directive_finding("DG010", "ignore comment gives no reason; write it after a colon: "
                                   "-- driftgate-ignore DGxxx: why this is safe");
      if (!d.used && !d.rule_ids.empty())
        directive_finding("DG012", d.statement || d.file_wide
                                       ? "ignore comment suppresses nothing; remove it"
                                       : "ignore comment is not followed by a statement, so it suppresses nothing");
    }
  }

  void emit(Finding f) {
    if (options_.disabled.count(f.rule_id)) return;
    if (auto it = options_.levels.find(f.rule_id); it != options_.levels.end()) f.level = it->second;
    result_.findings.push_back(std::move(f));
  }

  const MigrationDir& dir_;
  const LintOptions& options_;
  std::vector<const Rule*> rules_;
  HistoryCatalog catalog_;
  LintResult result_;
};

}  // namespace

LintResult lint_history(const MigrationDir& dir, const LintOptions& options) {
  return HistoryLinter(dir, options).run();
}

}  // namespace driftgate
