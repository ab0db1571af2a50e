#include "util/file_io.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace driftgate {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path.string() + ": cannot read: " + std::strerror(errno));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) throw Error(path.string() + ": read failed");
  return bytes.str();
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Error(path.string() + ": cannot write: " + std::strerror(errno));
  out << bytes;
  out.close();
  if (!out) throw Error(path.string() + ": write failed");
}

std::string relative_to(const std::filesystem::path& path, const std::filesystem::path& base) {
  std::error_code ec;
  auto abs_path = std::filesystem::weakly_canonical(path, ec);
  if (ec) abs_path = std::filesystem::absolute(path);
  auto abs_base = std::filesystem::weakly_canonical(base, ec);
  if (ec) abs_base = std::filesystem::absolute(base);
  auto rel = abs_path.lexically_relative(abs_base);
  if (rel.empty() || *rel.begin() == "..") return abs_path.generic_string();
  return rel.generic_string();
}

}  // namespace driftgate
