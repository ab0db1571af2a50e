#pragma once
// A SchemaDiff as one line a change, for comparing whole diffs in unit tests:
// "changed column T.c [type: text -> integer]".
#include <string>
#include <vector>

#include "core/schema_diff.h"

namespace driftgate::testing {

inline std::vector<std::string> summary(const SchemaDiff& d) {
  std::vector<std::string> out;
  for (const auto& c : d.changes) {
    std::string line = std::string(to_string(c.type)) + " " + to_string(c.kind) + " " + c.table + "." + c.name;
    for (const auto& detail : c.details) line += " [" + detail + "]";
    out.push_back(line);
  }
  return out;
}

}  // namespace driftgate::testing
