#pragma once
#include <optional>
#include <string_view>

namespace driftgate {

// How serious a finding is. Ordered: a gate fails on findings at or above its --fail-on level.
enum class Level { Notice = 0, Warning = 1, Error = 2 };

std::string_view to_string(Level level);
// Accepts "error", "warning", "notice" (and "note", SARIF's word). nullopt otherwise.
std::optional<Level> parse_level(std::string_view text);

}  // namespace driftgate
