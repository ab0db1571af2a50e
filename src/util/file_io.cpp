#include "util/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.h"

namespace driftgate {

// Straight into a string sized from fstat: a stream copied every migration twice, which showed in
// lint's profile. Reads on to end of file, so a file that grows or reports no size still reads whole.
std::string read_file(const std::filesystem::path& path) {
  auto fail = [&](const char* what) { return Error(path.string() + ": " + what + ": " + std::strerror(errno)); };
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw fail("cannot read");
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info {};
  std::size_t size = ::fstat(fd, &info) == 0 && info.st_size > 0 ? static_cast<std::size_t>(info.st_size) : 0;
  std::string bytes(size + 1, '\0');  // the spare byte: room for the read that finds end of file
  std::size_t used = 0;
  while (true) {
    if (used == bytes.size()) bytes.resize(bytes.size() * 2 + 4096);
    ssize_t n = ::read(fd, bytes.data() + used, bytes.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw fail("read failed");
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  bytes.resize(used);
  return bytes;
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
