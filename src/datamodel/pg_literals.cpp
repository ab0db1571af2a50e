#include "datamodel/pg_literals.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <regex>
#include <string_view>

namespace driftgate::psl {
namespace {

// "007" -> "7", "00.5" -> "0.5": the digits a number's value prints with.
std::string without_leading_zeros(const std::string& digits) {
  std::size_t i = 0;
  while (i + 1 < digits.size() && digits[i] == '0' && digits[i + 1] != '.') ++i;
  return digits.substr(i);
}

// Whether the digit string `digits` (no sign, no leading zeros) is at most `limit`.
bool at_most(const std::string& digits, std::string_view limit) {
  return digits.size() < limit.size() || (digits.size() == limit.size() && digits <= limit);
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Days since 1970-01-01 of a civil date, and back (proleptic Gregorian calendar).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct CivilDate {
  std::int64_t year;
  unsigned month, day;
};

CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

std::string two(unsigned v) {
  std::array<char, 8> out{};
  std::snprintf(out.data(), out.size(), "%02u", v);
  return out.data();
}

// "2020-01-01" of days since the epoch.
std::string date_text(std::int64_t days) {
  CivilDate c = civil_from_days(days);
  std::array<char, 32> out{};
  std::snprintf(out.data(), out.size(), "%04lld-%s-%s", static_cast<long long>(c.year), two(c.month).c_str(),
                two(c.day).c_str());
  return out.data();
}

// "05:00:00.5" of microseconds since midnight: fractions as PostgreSQL prints them, without
// trailing zeros.
std::string time_text(std::int64_t micros) {
  auto seconds = static_cast<unsigned>(micros / 1'000'000);
  std::string out = two(seconds / 3600) + ":" + two(seconds / 60 % 60) + ":" + two(seconds % 60);
  if (auto fraction = micros % 1'000'000) {
    std::array<char, 8> digits{};
    std::snprintf(digits.data(), digits.size(), "%06lld", static_cast<long long>(fraction));
    std::string f = digits.data();
    out += "." + f.substr(0, f.find_last_not_of('0') + 1);
  }
  return out;
}

// "+02", "-05:30": an offset in minutes as PostgreSQL prints a timetz's.
std::string offset_text(int minutes) {
  std::string out = minutes < 0 ? "-" : "+";
  unsigned m = static_cast<unsigned>(minutes < 0 ? -minutes : minutes);
  out += two(m / 60);
  if (m % 60) out += ":" + two(m % 60);
  return out;
}

unsigned days_in_month(std::int64_t year, unsigned month) {
  static constexpr std::array<unsigned, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

}  // namespace

std::string pg_number(const std::string& written) {
  bool negative = written.starts_with('-');
  std::string magnitude = without_leading_zeros(written.substr(negative ? 1 : 0));
  // Prisma writes the value it parsed: zero has no sign.
  if (magnitude.find_first_not_of("0.") == std::string::npos) negative = false;
  std::string text = (negative ? "-" : "") + magnitude;
  if (magnitude.find('.') != std::string::npos) return negative ? "'" + text + "'::numeric" : text;
  // An integer constant is int4 when it fits, else int8, else numeric; PostgreSQL quotes and casts
  // all but a non-negative int4 so that they re-parse as one constant.
  std::string_view int8_limit = negative ? "9223372036854775808" : "9223372036854775807";
  std::string_view type = at_most(magnitude, "2147483647") ? "integer"
                          : at_most(magnitude, int8_limit) ? "bigint"
                                                           : "numeric";
  if (!negative && type == "integer") return text;
  return "'" + text + "'::" + std::string(type);
}

std::optional<std::string> bytea_hex(const std::string& base64) {
  std::string_view data = base64;
  while (data.ends_with('=')) data.remove_suffix(1);
  if (base64.size() - data.size() > 2 || data.size() % 4 == 1) return std::nullopt;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\\x";
  unsigned buffer = 0;
  int bits = 0;
  for (char c : data) {
    int v = base64_value(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      unsigned byte = (buffer >> bits) & 0xFF;
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

std::optional<std::string> pg_datetime(const std::string& rfc3339, const std::string& type) {
  static const std::regex format(
      R"((\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2})))");
  std::smatch m;
  if (!std::regex_match(rfc3339, m, format)) return std::nullopt;
  auto field = [&](int i) { return static_cast<unsigned>(std::stoul(m[i].str())); };
  std::int64_t year = std::stoll(m[1].str());
  unsigned month = field(2), day = field(3), hour = field(4), minute = field(5), second = field(6);
  unsigned offset_hours = m[8].matched ? 0 : field(10), offset_minutes = m[8].matched ? 0 : field(11);
  int offset = (m[9] == "-" ? -1 : 1) * static_cast<int>(offset_hours * 60 + offset_minutes);
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 ||
      second > 59 || offset_hours > 23 || offset_minutes > 59)
    return std::nullopt;
  // PostgreSQL keeps microseconds, rounding the rest.
  std::string fraction = (m[7].str() + "0000000").substr(0, 7);
  std::int64_t micros = (std::stoll(fraction) + 5) / 10;
  std::int64_t local = days_from_civil(year, month, day) * kMicrosPerDay +
                       (static_cast<std::int64_t>(hour) * 3600 + minute * 60 + second) * 1'000'000 + micros;
  auto text = [](std::int64_t at) {
    std::int64_t days = at >= 0 ? at / kMicrosPerDay : (at - kMicrosPerDay + 1) / kMicrosPerDay;
    return std::pair{date_text(days), time_text(at - days * kMicrosPerDay)};
  };
  bool zoned = type.ends_with(" with time zone");
  if (type.starts_with("timestamp") && zoned) {
    auto [date, time] = text(local - static_cast<std::int64_t>(offset) * 60'000'000);
    return date + " " + time + "+00";
  }
  auto [date, time] = text(local);
  if (type.starts_with("timestamp")) return date + " " + time;
  if (type == "date") return date;
  return zoned ? time + offset_text(offset) : time;
}

}  // namespace driftgate::psl
