#pragma once
// A directory tree packed into one file, and unpacked with every byte checked. One file, because
// a data directory holds thousands of small files, and creating each one on a disk-backed cache
// costs far more than writing their bytes; unpacking goes to a memory file system. Each file is
// followed by its xxHash3 and the archive ends with a count of its items, so any change to it
// (a flipped bit, a truncation) fails the unpack instead of yielding a different tree. Only
// directories and regular files are supported: a data directory holds nothing else.
#include <filesystem>

namespace driftgate {

// Writes the tree under `dir` to `archive` (replacing it), permission bits included. Throws
// std::filesystem::filesystem_error when the tree cannot be read or the archive written, or the
// tree holds anything but files and directories.
void pack_tree(const std::filesystem::path& dir, const std::filesystem::path& archive);

// Recreates the packed tree as `dir` (which must not exist). False when the archive is not one
// pack_tree() wrote or differs from what it wrote in any way; then `dir` does not exist. Throws
// std::filesystem::filesystem_error when the archive cannot be read or `dir` written (`dir` is
// removed).
bool unpack_tree(const std::filesystem::path& archive, const std::filesystem::path& dir);

}  // namespace driftgate
