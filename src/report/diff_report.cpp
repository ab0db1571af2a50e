#include "report/diff_report.h"

namespace driftgate {
namespace {

// The heading a change is listed under: its table, or the schema-level object itself.
std::string group_of(const SchemaChange& c) {
  std::string ns = c.ns.empty() || c.ns == "public" ? "" : "\"" + c.ns + "\".";
  if (!c.table.empty()) return "table " + ns + "\"" + c.table + "\"";
  return "schema-level objects";
}

}  // namespace

void render_diff_text(const SchemaDiff& diff, const std::string& from, const std::string& to, std::ostream& out) {
  if (diff.empty()) {
    out << "no difference between " << from << " and " << to << "\n";
    return;
  }
  out << "differences from " << from << " to " << to << ":\n";
  std::string group;
  for (const auto& c : diff.changes) {
    std::string g = group_of(c);
    if (g != group) {
      out << "\n" << g << "\n";
      group = g;
    }
    bool whole_table = c.kind == ObjectKind::Table && c.details.empty();
    out << "  " << (c.type == ChangeType::Added ? "+ " : c.type == ChangeType::Removed ? "- " : "~ ")
        << (whole_table ? "table" : std::string(to_string(c.kind)) + " \"" + c.name + "\"") << " "
        << to_string(c.type) << "\n";
    for (const auto& d : c.details) out << "      " << d << "\n";
    if (c.note) out << "      note: " << *c.note << "\n";
  }
  out << "\n" << diff.changes.size() << " difference(s)\n";
}

nlohmann::ordered_json diff_to_json(const SchemaDiff& diff, const std::string& from, const std::string& to) {
  nlohmann::ordered_json changes = nlohmann::ordered_json::array();
  for (const auto& c : diff.changes) {
    changes.push_back({{"kind", to_string(c.kind)},
                       {"change", to_string(c.type)},
                       {"schema", c.ns},
                       {"table", c.table},
                       {"name", c.name},
                       {"details", c.details}});
    if (c.note) changes.back()["note"] = *c.note;
  }
  return {{"from", from}, {"to", to}, {"differs", !diff.empty()}, {"changes", std::move(changes)}};
}

}  // namespace driftgate
