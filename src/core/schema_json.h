#pragma once
// The Schema as JSON: the snapshot file format (`driftgate snapshot`), deterministic so that two
// snapshots of equal schemas are byte-identical. Absent optionals and default values are left
// out to keep snapshots small and readable.
#include <nlohmann/json.hpp>
#include <string>

#include "core/schema.h"

namespace driftgate {

// Bumped when a field changes meaning or is removed; readers refuse newer versions.
constexpr int kSnapshotVersion = 1;

nlohmann::ordered_json schema_to_json(const Schema& schema);
// Throws driftgate::Error naming `origin` and the JSON path of the first bad member.
Schema schema_from_json(const nlohmann::json& json, const std::string& origin);

}  // namespace driftgate
