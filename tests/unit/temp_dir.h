#pragma once
// A temporary directory for a unit test, removed when the test ends.
#include <unistd.h>

#include <filesystem>
#include <string>

#include "util/file_io.h"

namespace driftgate::testing {

struct TempDir {
  std::filesystem::path path;

  TempDir() {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("driftgate-unit-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `text` to `relative`, creating its folders.
  void file(const std::string& relative, const std::string& text) const {
    std::filesystem::create_directories((path / relative).parent_path());
    write_file(path / relative, text);
  }
};

}  // namespace driftgate::testing
