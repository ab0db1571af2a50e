#pragma once
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"

namespace driftgate {

// What every output format renders: the findings of one run and what they are about.
struct Report {
  std::string command;                  // "lint", "check", ...
  std::vector<Finding> findings;        // sorted, fingerprinted
  std::map<std::string, std::string> sources;  // relative path -> file text, for excerpts
  std::size_t migrations_linted = 0;
  std::size_t statements_linted = 0;
  Level fail_on = Level::Error;
};

struct RenderOptions {
  bool color = false;  // ANSI colours (text only; the CLI enables them on a terminal)
};

class Renderer {
 public:
  virtual ~Renderer() = default;
  virtual void render(const Report& report, std::ostream& out) const = 0;
};

// "text", "json", "sarif", "github", "markdown". Throws driftgate::Error for another name.
std::unique_ptr<Renderer> make_renderer(std::string_view format, const RenderOptions& options);
// The names make_renderer accepts, for --help.
const std::vector<std::string>& renderer_names();

// Unsuppressed findings at or above the fail level.
std::size_t count_failing(const Report& report);

// Exit codes, as `prisma migrate diff --exit-code` has them.
constexpr int kExitClean = 0;
constexpr int kExitError = 1;
constexpr int kExitGateFailed = 2;

}  // namespace driftgate
