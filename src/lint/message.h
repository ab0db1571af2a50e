#pragma once
// Helpers that spell names in finding messages, shared by the rules.
#include <string>
#include <string_view>
#include <vector>

namespace driftgate {

// The names quoted and listed: `"a", "b" and "c"` with last = " and ", `'x' or 'y'` with
// last = " or " and quote = '\''. The default joins all with ", ".
std::string name_list(const std::vector<std::string>& names, std::string_view last = ", ", char quote = '"');

}  // namespace driftgate
