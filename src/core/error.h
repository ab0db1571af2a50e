#pragma once
#include <stdexcept>
#include <string>

#include "core/source_location.h"

namespace driftgate {

// An error that stops a command: bad input, unreadable files, a server that cannot be reached.
// It carries where it happened when that is known; the CLI prints it as one line and exits 1.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
  Error(SourceLocation where, const std::string& message)
      : std::runtime_error(message), where_(std::move(where)) {}

  const SourceLocation& where() const { return where_; }
  // "file:line:col: message" when located, else the message.
  std::string located_message() const;

 private:
  SourceLocation where_;
};

}  // namespace driftgate
