#pragma once
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"

namespace driftgate {

// One migration's state in a live database's ledger (`status`, `check --url`).
struct MigrationStateRow {
  std::string migration;
  std::string state;  // "applied", "pending", "failed", ... (migrations/history_status.h)
  std::optional<std::string> started_at, finished_at, rolled_back_at, logs;
  long long applied_steps_count = 0;
  bool out_of_order = false;
  bool line_endings_only = false;
};

// A script a report offers (drift: the SQL that reverts it, the migration that records it).
struct ReportScript {
  std::string name;         // "revert", "record"
  std::string description;  // one line for people
  std::string path;         // where it was written, when it was
  std::string sql;
};

// The tables a schema comparison touched, for the Markdown summary's Mermaid ER diagram: plain
// data, filled by the commands from their SchemaDiff (report/ knows nothing of core::Schema).
struct ErColumn {
  std::string name;
  std::string type;
  std::string key;     // "PK", "FK", "PK, FK" or empty
  std::string change;  // "added", "removed", "changed: type integer -> bigint", or empty (shown for context)
};
struct ErTable {
  std::string name;    // "schema.table" when not in the default schema
  std::string change;  // "added", "removed", "changed", or empty (a related table shown for context)
  std::vector<ErColumn> columns;
};
struct ErRelation {
  std::string from_table, to_table;  // the referencing and the referenced table, as ErTable::name
  std::string name;                  // the foreign key
  bool optional = true;              // the referencing columns are nullable
  std::string change;                // "added", "removed", or empty
};
struct ErDiagram {
  std::string title;  // "drift: the history (left) and the live database", ...
  std::vector<ErTable> tables;
  std::vector<ErRelation> relations;
};

// What every output format renders: the findings of one run and what they are about.
struct Report {
  std::string command;                  // "lint", "check", ...
  std::vector<Finding> findings;        // sorted, fingerprinted
  std::map<std::string, std::string> sources;  // relative path -> file text, for excerpts
  std::size_t migrations_linted = 0;
  std::size_t statements_linted = 0;
  Level fail_on = Level::Error;
  // Lines that say what was compared with what ("live database: postgresql://u:***@db/app (--url)").
  std::vector<std::string> context;
  std::optional<std::vector<MigrationStateRow>> ledger;  // set when a ledger was read
  std::vector<ReportScript> scripts;
  std::vector<ErDiagram> diagrams;  // drift and datamodel differences (Markdown only)
};

struct RenderOptions {
  bool color = false;  // ANSI colours (text only; the CLI enables them on a terminal)
};

class Renderer {
 public:
  virtual ~Renderer() = default;
  virtual void render(const Report& report, std::ostream& out) const = 0;
};

// "text", "json", "sarif", "github", "markdown", "gitlab", "junit". Throws driftgate::Error for another name.
std::unique_ptr<Renderer> make_renderer(std::string_view format, const RenderOptions& options);
// The names make_renderer accepts, for --help.
const std::vector<std::string>& renderer_names();

// Unsuppressed findings at or above the fail level.
std::size_t count_failing(const Report& report);

// Exit codes, as `prisma migrate diff --exit-code` has them.
constexpr int kExitClean = 0;
constexpr int kExitError = 1;
constexpr int kExitGateFailed = 2;

}  // namespace driftgate
