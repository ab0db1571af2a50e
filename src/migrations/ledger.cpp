#include "migrations/ledger.h"

#include <cstdio>

#include "migrations/migration.h"
#include "util/hash.h"
#include "util/replace_all.h"

namespace driftgate {
namespace {

// Old engines wrote each byte of the digest as {:x}: no leading zero (prisma-engines#1887).
std::string legacy_hex(const std::string& padded_hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < padded_hex.size(); i += 2) {
    if (padded_hex[i] != '0') out += padded_hex[i];
    out += padded_hex[i + 1];
  }
  return out;
}

bool matches(std::string_view stored, std::string_view script) {
  std::string digest = prisma_checksum(script);
  return stored.size() == digest.size() ? stored == digest : !stored.empty() && stored == legacy_hex(digest);
}

}  // namespace

ChecksumMatch compare_checksum(std::string_view stored, std::string_view script) {
  if (matches(stored, script)) return ChecksumMatch::Same;
  std::string lf = replace_all(script, "\r\n", "\n");
  if (matches(stored, lf) || matches(stored, replace_all(lf, "\n", "\r\n"))) return ChecksumMatch::LineEndingsOnly;
  return ChecksumMatch::Differs;
}

}  // namespace driftgate
