#include "datamodel/constraint_names.h"

namespace driftgate::psl {
namespace {

// The longest prefix of `s` of at most `bytes` bytes that ends on a UTF-8 character boundary.
std::string utf8_prefix(const std::string& s, std::size_t bytes) {
  if (s.size() <= bytes) return s;
  while (bytes > 0 && (static_cast<unsigned char>(s[bytes]) & 0xC0) == 0x80) --bytes;
  return s.substr(0, bytes);
}

// Prisma cuts the stem when stem + suffix would reach past the limit, i.e. when the stem is at
// least limit - suffix bytes long (one byte earlier than necessary, as the engine does).
std::string with_suffix(const std::string& stem, const std::string& suffix, Provider provider) {
  std::size_t keep = identifier_limit(provider) - suffix.size();
  return (stem.size() >= keep ? utf8_prefix(stem, keep) : stem) + suffix;
}

// The first `n` characters (code points), as the engine cuts join-table names.
std::string utf8_chars(const std::string& s, std::size_t n) {
  std::size_t i = 0;
  for (std::size_t chars = 0; i < s.size() && chars < n; ++chars) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return s.substr(0, i);
}

}  // namespace

std::size_t identifier_limit(Provider provider) { return provider == Provider::PostgreSQL ? 63 : 64; }

std::string primary_key_name(const std::string& table, Provider provider) {
  return with_suffix(table, "_pkey", provider);
}

std::string constraint_name(const std::string& table, const std::vector<std::string>& columns,
                            std::string_view suffix, Provider provider) {
  std::string stem = table;
  for (const auto& c : columns) stem += "_" + c;
  return with_suffix(stem, "_" + std::string(suffix), provider);
}

JoinTableNames join_table_names(const std::string& relation_name, Provider provider) {
  std::size_t limit = identifier_limit(provider);
  JoinTableNames n;
  n.table = utf8_chars("_" + relation_name, limit);
  n.primary_key = utf8_chars(n.table, limit - 8) + "_AB_pkey";
  n.unique = utf8_chars(n.table, limit - 10) + "_AB_unique";
  n.b_index = utf8_chars(n.table, limit - 8) + "_B_index";
  std::string fk_stem = n.table.size() > limit - 7 ? utf8_prefix(n.table, limit - 7) : n.table;
  n.a_fkey = fk_stem + "_A_fkey";
  n.b_fkey = fk_stem + "_B_fkey";
  return n;
}

std::string serial_sequence_name(const std::string& table, const std::string& column) {
  // makeObjectName(): shorten the longer of the two parts a byte at a time until the whole fits.
  const std::size_t available = 63 - std::string("_seq").size() - 1;
  std::size_t t = table.size(), c = column.size();
  while (t + c > available) (t > c ? t : c)--;
  return utf8_prefix(table, t) + "_" + utf8_prefix(column, c) + "_seq";
}

}  // namespace driftgate::psl
