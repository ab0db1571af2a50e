#include "core/source_location.h"

namespace driftgate {

std::string SourceLocation::str() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column > 0 ? column : 1);
}

}  // namespace driftgate
