#include <doctest/doctest.h>

#include "core/error.h"
#include "temp_dir.h"
#include "util/file_io.h"

using namespace driftgate;
using driftgate::testing::TempDir;

TEST_CASE("read_file returns the bytes exactly, whatever their size") {
  TempDir dir;
  for (std::size_t size : {0, 1, 4095, 4096, 4097, 100000}) {
    std::string bytes;
    for (std::size_t i = 0; i < size; ++i) bytes += static_cast<char>(i * 7 % 256);  // NULs included
    dir.file("f.sql", bytes);
    CHECK(read_file(dir.path / "f.sql") == bytes);
  }
}

TEST_CASE("read_file reads files whose size stat does not report") {
  // /proc files say size 0 and still have content.
  std::string status = read_file("/proc/self/status");
  CHECK(status.starts_with("Name:"));
  CHECK(status.find("\nPid:") != std::string::npos);
}

TEST_CASE("read_file failures name the path and the reason") {
  TempDir dir;
  try {
    read_file(dir.path / "absent.sql");
    FAIL("read a file that does not exist");
  } catch (const Error& e) {
    std::string message = e.what();
    CHECK(message.find("absent.sql: cannot read: No such file or directory") != std::string::npos);
  }
  try {
    read_file(dir.path);
    FAIL("read a directory as a file");
  } catch (const Error& e) {
    std::string message = e.what();
    CHECK(message.find(": read failed: Is a directory") != std::string::npos);
  }
}
