#pragma once
// The output formats. Each renders the same Report; none knows how findings were found.
#include "report/report.h"

namespace driftgate {

// `file:line:col: level: message [DGxxx]`, a source excerpt with a caret, a summary line.
class TextRenderer : public Renderer {
 public:
  explicit TextRenderer(RenderOptions options) : options_(options) {}
  void render(const Report& report, std::ostream& out) const override;

 private:
  RenderOptions options_;
};

// The stable JSON shape documented in README.md ("JSON output").
class JsonRenderer : public Renderer {
 public:
  void render(const Report& report, std::ostream& out) const override;
};

// SARIF 2.1.0 as GitHub code scanning reads it.
class SarifRenderer : public Renderer {
 public:
  void render(const Report& report, std::ostream& out) const override;
};

// GitHub Actions workflow commands (::error file=...::message), errors first.
class GithubRenderer : public Renderer {
 public:
  void render(const Report& report, std::ostream& out) const override;
};

// A GitHub job summary: GitHub-flavoured Markdown, under 1 MiB.
class MarkdownRenderer : public Renderer {
 public:
  void render(const Report& report, std::ostream& out) const override;
};

// A GitLab Code Quality report (artifacts:reports:codequality): a JSON array of issues, suppressed
// findings left out. Severities: error critical, warning major, notice info.
class GitlabRenderer : public Renderer {
 public:
  void render(const Report& report, std::ostream& out) const override;
};

// JUnit XML (artifacts:reports:junit, Jenkins, Azure): one test case per migration and one per
// rule for findings about no migration; a case fails on findings at or above the fail level.
class JunitRenderer : public Renderer {
 public:
  void render(const Report& report, std::ostream& out) const override;
};

}  // namespace driftgate
