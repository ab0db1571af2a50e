#include "lint/message.h"

namespace driftgate {

std::string name_list(const std::vector<std::string>& names, std::string_view last, char quote) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? last : ", ";
    out += quote + names[i] + quote;
  }
  return out;
}

}  // namespace driftgate
