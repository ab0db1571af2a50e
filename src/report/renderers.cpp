#include "core/error.h"
#include "report/report.h"
#include "report/renderers.h"

namespace driftgate {

const std::vector<std::string>& renderer_names() {
  static const std::vector<std::string> names{"text", "json", "sarif", "github", "markdown", "gitlab", "junit"};
  return names;
}

std::unique_ptr<Renderer> make_renderer(std::string_view format, const RenderOptions& options) {
  if (format == "text") return std::make_unique<TextRenderer>(options);
  if (format == "json") return std::make_unique<JsonRenderer>();
  if (format == "sarif") return std::make_unique<SarifRenderer>();
  if (format == "github") return std::make_unique<GithubRenderer>();
  if (format == "markdown") return std::make_unique<MarkdownRenderer>();
  if (format == "gitlab") return std::make_unique<GitlabRenderer>();
  if (format == "junit") return std::make_unique<JunitRenderer>();
  throw Error("unknown format \"" + std::string(format) + "\" (use text, json, sarif, github, markdown, gitlab or junit)");
}

std::size_t count_failing(const Report& report) {
  std::size_t n = 0;
  for (const auto& f : report.findings)
    if (!f.suppressed() && f.level >= report.fail_on) ++n;
  return n;
}

}  // namespace driftgate
