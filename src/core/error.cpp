#include "core/error.h"

namespace driftgate {

std::string Error::located_message() const {
  if (where_.file.empty()) return what();
  return where_.str() + ": " + what();
}

}  // namespace driftgate
