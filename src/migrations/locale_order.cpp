#include "migrations/locale_order.h"

#include <array>
#include <cctype>

namespace driftgate {
namespace {

// Primary weight of an ASCII byte in ICU's root collation (non-ignorable punctuation):
// whitespace < punctuation < symbols < digits < letters (case-insensitive).
int primary_weight(unsigned char c) {
  static constexpr std::string_view kOrder =
      "\t\n\v\f\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789";
  if (std::isalpha(c)) return 1000 + (std::tolower(c) - 'a');
  auto pos = kOrder.find(static_cast<char>(c));
  if (pos != std::string_view::npos) return static_cast<int>(pos) + 1;
  return 2000 + c;  // control characters and non-ASCII bytes: after letters, by value
}

}  // namespace

int locale_compare(std::string_view a, std::string_view b) {
  // Primary level: the characters, ignoring case.
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    int wa = primary_weight(static_cast<unsigned char>(a[i]));
    int wb = primary_weight(static_cast<unsigned char>(b[i]));
    if (wa != wb) return wa < wb ? -1 : 1;
  }
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  // Tertiary level: the first case difference decides, lower case first.
  for (std::size_t i = 0; i < a.size(); ++i) {
    bool ua = std::isupper(static_cast<unsigned char>(a[i]));
    bool ub = std::isupper(static_cast<unsigned char>(b[i]));
    if (ua != ub) return ua ? 1 : -1;
  }
  return 0;
}

}  // namespace driftgate
