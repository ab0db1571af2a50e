#pragma once
// Renders a SchemaDiff for people (grouped by table) and for programs (JSON).
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "core/schema_diff.h"

namespace driftgate {

// "Table "User": column "name" changed (type: text -> varchar(20))", grouped by table, with a
// verdict line naming both sides.
void render_diff_text(const SchemaDiff& diff, const std::string& from, const std::string& to, std::ostream& out);

// {"from": ..., "to": ..., "differs": bool, "changes": [{"kind", "change", "schema", "table", "name", "details",
// "note" (only when there is one)}]}
nlohmann::ordered_json diff_to_json(const SchemaDiff& diff, const std::string& from, const std::string& to);

}  // namespace driftgate
