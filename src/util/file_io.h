#pragma once
#include <filesystem>
#include <string>

namespace driftgate {

// The whole file as bytes. Throws driftgate::Error naming the path when it cannot be read.
std::string read_file(const std::filesystem::path& path);
// Writes the bytes, replacing the file. Throws driftgate::Error naming the path on failure.
void write_file(const std::filesystem::path& path, const std::string& bytes);
// `path` relative to `base`, '/'-separated; the path itself when it is not below base.
std::string relative_to(const std::filesystem::path& path, const std::filesystem::path& base);

}  // namespace driftgate
