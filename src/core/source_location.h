#pragma once
#include <string>

namespace driftgate {

// A place in a file: 1-based line and column (columns count UTF-16 code units, SARIF's
// default). end_column is one past the last character. line == 0 means "the whole file".
struct SourceLocation {
  std::string file;  // relative to the repository root, '/'-separated
  int line = 0;
  int column = 0;
  int end_line = 0;
  int end_column = 0;

  // "file:line:col", or "file" when there is no line.
  std::string str() const;
};

}  // namespace driftgate
