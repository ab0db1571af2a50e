#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace driftgate {

// xxHash64 of the bytes; fast, stable across platforms. Not for security.
std::uint64_t hash64(std::string_view bytes);
// 16 lower-case hex digits.
std::string hex64(std::uint64_t value);
// SHA-256 of the bytes as 64 lower-case hex digits (OpenSSL).
std::string sha256_hex(std::string_view bytes);
// SHA-1 of the bytes as 40 lower-case hex digits: git's object ids.
std::string sha1_hex(std::string_view bytes);

}  // namespace driftgate
