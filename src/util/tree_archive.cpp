#include "util/tree_archive.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/hash.h"

// The archive, in order: "driftgate-tree 1\n"; per item, sorted by path (a directory before what
// it holds) "d MODE PATH\n", or "f MODE SIZE PATH\n" then SIZE bytes then the bytes' xxHash3 as 16
// hex digits and "\n"; last "end COUNT\n". MODE is octal permission bits, PATH relative.

namespace driftgate {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMagic = "driftgate-tree 1";
constexpr std::size_t kBufferSize = 1 << 20;

[[noreturn]] void fail(const char* what, const fs::path& path, int err = errno) {
  throw fs::filesystem_error(what, path, std::error_code(err, std::generic_category()));
}

struct Descriptor {
  int fd;
  explicit Descriptor(int f) : fd(f) {}
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
};

using HashState = std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)>;
HashState new_hash() {
  HashState state(XXH3_createState(), XXH3_freeState);
  XXH3_64bits_reset(state.get());
  return state;
}

void write_all(int fd, const char* data, std::size_t n, const fs::path& path) {
  while (n > 0) {
    ssize_t w = ::write(fd, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) fail("write", path);
    data += w;
    n -= static_cast<std::size_t>(w);
  }
}

// Buffered writes to the archive.
class ArchiveWriter {
 public:
  ArchiveWriter(int fd, const fs::path& path) : fd_(fd), path_(path) { buffer_.reserve(kBufferSize); }
  void put(std::string_view bytes) {
    if (buffer_.size() + bytes.size() > kBufferSize) flush();
    if (bytes.size() >= kBufferSize) write_all(fd_, bytes.data(), bytes.size(), path_);
    else buffer_.append(bytes);
  }
  void flush() {
    write_all(fd_, buffer_.data(), buffer_.size(), path_);
    buffer_.clear();
  }

 private:
  int fd_;
  const fs::path& path_;
  std::string buffer_;
};

// Buffered reads from the archive; every read says whether the archive had that much.
class ArchiveReader {
 public:
  ArchiveReader(int fd, const fs::path& path) : fd_(fd), path_(path), buffer_(kBufferSize) {}
  bool line(std::string& out) {
    out.clear();
    while (true) {
      if (at_ == end_ && !fill()) return false;
      const char* begin = buffer_.data() + at_;
      const char* nl = static_cast<const char*>(std::memchr(begin, '\n', end_ - at_));
      if (nl) {
        out.append(begin, nl);
        at_ += static_cast<std::size_t>(nl - begin) + 1;
        return true;
      }
      out.append(begin, end_ - at_);
      at_ = end_;
      if (out.size() > 4096) return false;  // no header is that long
    }
  }
  // Passes `n` bytes to `sink(data, size)`.
  template <typename Sink>
  bool take(std::uintmax_t n, Sink&& sink) {
    while (n > 0) {
      if (at_ == end_ && !fill()) return false;
      std::size_t chunk = static_cast<std::size_t>(std::min<std::uintmax_t>(n, end_ - at_));
      sink(buffer_.data() + at_, chunk);
      at_ += chunk;
      n -= chunk;
    }
    return true;
  }
  bool at_end() { return at_ == end_ && !fill(); }

 private:
  bool fill() {
    while (true) {
      ssize_t n = ::read(fd_, buffer_.data(), buffer_.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail("read", path_);
      at_ = 0;
      end_ = static_cast<std::size_t>(n);
      return n > 0;
    }
  }
  int fd_;
  const fs::path& path_;
  std::vector<char> buffer_;
  std::size_t at_ = 0, end_ = 0;
};

std::string octal(mode_t mode) {
  char digits[8];
  auto [end, err] = std::to_chars(digits, digits + sizeof digits, static_cast<unsigned>(mode & 07777), 8);
  return std::string(digits, end);
}

struct Item {
  std::string path;
  struct stat st;
};

void list_tree(const fs::path& root, const std::string& prefix, std::vector<Item>& items) {
  for (const auto& entry : fs::directory_iterator(root / prefix)) {
    std::string relative = prefix + entry.path().filename().string();
    if (relative.find('\n') != std::string::npos) fail("pack (a newline in a name)", entry.path(), EINVAL);
    Item item{relative, {}};
    if (::lstat(entry.path().c_str(), &item.st) != 0) fail("lstat", entry.path());
    bool directory = S_ISDIR(item.st.st_mode);
    if (!directory && !S_ISREG(item.st.st_mode)) fail("pack (neither a file nor a directory)", entry.path(), ENOTSUP);
    items.push_back(std::move(item));
    if (directory) list_tree(root, relative + "/", items);
  }
}

// A header's fields: kind, mode, [size,] path.
struct Header {
  char kind = 0;
  mode_t mode = 0;
  std::uintmax_t size = 0;
  std::string path;
};

std::optional<Header> parse_header(std::string_view line) {
  Header h;
  if (line.size() < 4 || (line[0] != 'd' && line[0] != 'f') || line[1] != ' ') return std::nullopt;
  h.kind = line[0];
  const char* p = line.data() + 2;
  const char* end = line.data() + line.size();
  unsigned mode = 0;
  auto r = std::from_chars(p, end, mode, 8);
  if (r.ec != std::errc() || r.ptr == end || *r.ptr != ' ' || mode > 07777) return std::nullopt;
  h.mode = mode;
  p = r.ptr + 1;
  if (h.kind == 'f') {
    r = std::from_chars(p, end, h.size);
    if (r.ec != std::errc() || r.ptr == end || *r.ptr != ' ') return std::nullopt;
    p = r.ptr + 1;
  }
  h.path.assign(p, end);
  // Relative and inside the tree: an archive never names anything outside it.
  if (h.path.empty() || h.path.front() == '/' || ("/" + h.path + "/").find("/../") != std::string::npos) return std::nullopt;
  return h;
}

bool unpack_into(ArchiveReader& in, const fs::path& dir) {
  std::string line;
  if (!in.line(line) || line != kMagic) return false;
  std::size_t count = 0;
  while (in.line(line)) {
    if (line.starts_with("end ")) {
      std::size_t stated = 0;
      auto r = std::from_chars(line.data() + 4, line.data() + line.size(), stated);
      return r.ec == std::errc() && r.ptr == line.data() + line.size() && stated == count && in.at_end();
    }
    std::optional<Header> h = parse_header(line);
    if (!h) return false;
    fs::path target = dir / h->path;
    ++count;
    if (h->kind == 'd') {
      if (::mkdir(target.c_str(), h->mode) != 0) {
        if (errno == EEXIST || errno == ENOENT) return false;  // a repeated or orphaned path
        fail("mkdir", target);
      }
      continue;
    }
    Descriptor out(::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, h->mode));
    if (out.fd < 0) {
      if (errno == EEXIST || errno == ENOENT) return false;
      fail("create", target);
    }
    HashState hash = new_hash();
    bool whole = in.take(h->size, [&](const char* data, std::size_t n) {
      XXH3_64bits_update(hash.get(), data, n);
      write_all(out.fd, data, n, target);
    });
    if (!whole || !in.line(line) || line != hex64(XXH3_64bits_digest(hash.get()))) return false;
  }
  return false;  // no end line: truncated
}

}  // namespace

void pack_tree(const fs::path& dir, const fs::path& archive) {
  std::vector<Item> items;
  list_tree(dir, "", items);
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.path < b.path; });
  Descriptor out(::open(archive.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (out.fd < 0) fail("create", archive);
  ArchiveWriter writer(out.fd, archive);
  writer.put(std::string(kMagic) + "\n");
  std::vector<char> chunk(kBufferSize);
  for (const auto& item : items) {
    if (S_ISDIR(item.st.st_mode)) {
      writer.put("d " + octal(item.st.st_mode) + " " + item.path + "\n");
      continue;
    }
    fs::path source = dir / item.path;
    Descriptor in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
    if (in.fd < 0) fail("open", source);
    // The size is what is read now: a file that changed since it was listed is archived as it is.
    std::string content;
    HashState hash = new_hash();
    while (true) {
      ssize_t n = ::read(in.fd, chunk.data(), chunk.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail("read", source);
      if (n == 0) break;
      content.append(chunk.data(), static_cast<std::size_t>(n));
      XXH3_64bits_update(hash.get(), chunk.data(), static_cast<std::size_t>(n));
    }
    writer.put("f " + octal(item.st.st_mode) + " " + std::to_string(content.size()) + " " + item.path + "\n");
    writer.put(content);
    writer.put(hex64(XXH3_64bits_digest(hash.get())) + "\n");
  }
  writer.put("end " + std::to_string(items.size()) + "\n");
  writer.flush();
}

bool unpack_tree(const fs::path& archive, const fs::path& dir) {
  Descriptor in(::open(archive.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.fd < 0) fail("open", archive);
  if (::mkdir(dir.c_str(), 0700) != 0) fail("mkdir", dir);
  bool intact = false;
  try {
    ArchiveReader reader(in.fd, archive);
    intact = unpack_into(reader, dir);
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
    throw;
  }
  if (!intact) {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
  return intact;
}

}  // namespace driftgate
