#include "core/diff_findings.h"

#include "util/join.h"

namespace driftgate {
namespace {

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

// `"audit".` for a schema other than the default one, else nothing.
std::string schema_prefix(const std::string& ns) { return ns.empty() || ns == "public" ? "" : quoted(ns) + "."; }

// A detail short enough for a one-line message; a definition (a function's body, a view's query)
// is named by its label alone, and the finding's notes carry it whole.
std::string in_message(const std::string& detail) {
  constexpr std::size_t kLongest = 160;
  if (detail.find('\n') == std::string::npos && detail.size() <= kLongest) return detail;
  return detail.substr(0, detail.find(':'));
}

}  // namespace

std::string describe_change(const SchemaChange& c) {
  std::string object;
  switch (c.kind) {
    case ObjectKind::Namespace:
    case ObjectKind::Extension:
      object = quoted(c.name);
      break;
    case ObjectKind::Table:
      object = schema_prefix(c.ns) + quoted(c.table.empty() ? c.name : c.table);
      break;
    case ObjectKind::Column:
      object = schema_prefix(c.ns) + quoted(c.table) + "." + quoted(c.name);
      break;
    case ObjectKind::PrimaryKey:
    case ObjectKind::Index:
    case ObjectKind::ForeignKey:
    case ObjectKind::Check:
    case ObjectKind::Trigger:
      object = quoted(c.name) + " on " + schema_prefix(c.ns) + quoted(c.table);
      break;
    case ObjectKind::Enum:
    case ObjectKind::Sequence:
    case ObjectKind::View:
    case ObjectKind::Routine:
      object = schema_prefix(c.ns) + quoted(c.name);
      break;
  }
  std::string out = std::string(to_string(c.kind)) + " " + object + " " + to_string(c.type);
  std::vector<std::string> shown;
  for (const auto& d : c.details) shown.push_back(in_message(d));
  if (!shown.empty()) out += " (" + join(shown, "; ") + ")";
  return out;
}

std::vector<Finding> diff_findings(const SchemaDiff& diff, const DiffFindingOptions& options) {
  std::vector<Finding> out;
  out.reserve(diff.changes.size());
  for (const auto& c : diff.changes) {
    Finding f;
    f.rule_id = options.rule_id;
    f.level = options.level;
    f.message = options.message_prefix + describe_change(c);
    if (options.locate) f.location = options.locate(c);
    if (f.location.file.empty()) f.location = options.fallback;
    f.notes = c.details;
    if (c.note) f.notes.push_back(*c.note);
    f.fingerprint_basis = join({to_string(c.kind), to_string(c.type), c.ns, c.table, c.name}, "\n");
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace driftgate
