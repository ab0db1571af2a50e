#include "core/drift_allowlist.h"

#include <fnmatch.h>

namespace driftgate {
namespace {

bool glob_matches(const std::string& pattern, const std::string& text) {
  return pattern.empty() || ::fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

}  // namespace

bool DriftAcceptance::matches(const SchemaChange& c) const {
  return (!kind || *kind == c.kind) && (!change || *change == c.type) && glob_matches(schema, c.ns) &&
         glob_matches(table, c.table) && glob_matches(name, c.name);
}

std::optional<ObjectKind> parse_object_kind(std::string_view text) {
  static constexpr ObjectKind kinds[] = {
      ObjectKind::Namespace, ObjectKind::Extension, ObjectKind::Enum,  ObjectKind::Sequence, ObjectKind::Table,
      ObjectKind::Column,    ObjectKind::PrimaryKey, ObjectKind::Index, ObjectKind::ForeignKey, ObjectKind::Check,
      ObjectKind::Trigger,   ObjectKind::View,      ObjectKind::Routine};
  std::string spaced(text);
  for (char& ch : spaced)
    if (ch == '-') ch = ' ';
  if (spaced == "check") return ObjectKind::Check;
  if (spaced == "function" || spaced == "procedure") return ObjectKind::Routine;
  for (ObjectKind k : kinds)
    if (spaced == to_string(k)) return k;
  return std::nullopt;
}

std::optional<ChangeType> parse_change_type(std::string_view text) {
  for (ChangeType t : {ChangeType::Added, ChangeType::Removed, ChangeType::Changed})
    if (text == to_string(t)) return t;
  return std::nullopt;
}

const DriftAcceptance* find_acceptance(const std::vector<DriftAcceptance>& entries, const SchemaChange& change) {
  for (const auto& e : entries)
    if (e.matches(change)) return &e;
  return nullptr;
}

}  // namespace driftgate
