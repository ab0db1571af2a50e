#include "core/level.h"

namespace driftgate {

std::string_view to_string(Level level) {
  switch (level) {
    case Level::Notice: return "notice";
    case Level::Warning: return "warning";
    case Level::Error: return "error";
  }
  return "error";
}

std::optional<Level> parse_level(std::string_view text) {
  if (text == "error") return Level::Error;
  if (text == "warning") return Level::Warning;
  if (text == "notice" || text == "note") return Level::Notice;
  return std::nullopt;
}

}  // namespace driftgate
