#pragma once
#include <string_view>

namespace driftgate {

// Orders two names the way JavaScript's String.prototype.localeCompare does with the default
// (ICU root) collation, which Prisma uses to order migration folders: punctuation before digits
// before letters, letters case-insensitively first, lower case before upper case on a tie.
// Returns <0, 0 or >0. Only ASCII is modelled; other bytes sort after letters by value.
int locale_compare(std::string_view a, std::string_view b);

}  // namespace driftgate
