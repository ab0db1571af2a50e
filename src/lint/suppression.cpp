#include "lint/suppression.h"

#include <algorithm>
#include <cctype>

#include "core/rule_doc.h"

namespace driftgate {
namespace {

constexpr std::string_view kDirective = "driftgate-ignore";
constexpr std::string_view kFileSuffix = "-file";

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// The comment's text without its markers.
std::string_view comment_body(std::string_view c) {
  if (c.starts_with("--")) return trim(c.substr(2));
  if (c.starts_with("#")) return trim(c.substr(1));  // MySQL
  if (c.starts_with("/*") && c.ends_with("*/") && c.size() >= 4) return trim(c.substr(2, c.size() - 4));
  return trim(c);
}

std::optional<IgnoreDirective> parse(std::string_view body) {
  if (!body.starts_with(kDirective)) return std::nullopt;
  IgnoreDirective d;
  body.remove_prefix(kDirective.size());
  if (body.starts_with(kFileSuffix)) {
    d.file_wide = true;
    body.remove_prefix(kFileSuffix.size());
  }
  if (!body.empty() && !std::isspace(static_cast<unsigned char>(body.front())) && body.front() != ':')
    return std::nullopt;  // "driftgate-ignored" and the like are prose, not directives
  auto colon = body.find(':');
  std::string_view list = body.substr(0, colon);
  if (colon != std::string_view::npos) d.reason = std::string(trim(body.substr(colon + 1)));
  std::string name;
  auto flush = [&] {
    if (name.empty()) return;
    if (const RuleDoc* doc = find_rule_doc(name)) d.rule_ids.push_back(doc->id);
    else d.unknown.push_back(name);
    name.clear();
  };
  for (char c : list) {
    if (c == ',' || std::isspace(static_cast<unsigned char>(c))) flush();
    else name += c;
  }
  flush();
  return d;
}

}  // namespace

bool IgnoreDirective::covers(const std::string& rule_id, std::size_t statement_index) const {
  if (std::find(rule_ids.begin(), rule_ids.end(), rule_id) == rule_ids.end()) return false;
  return file_wide || statement == statement_index;
}

std::vector<IgnoreDirective> find_ignore_directives(const SqlFile& file) {
  std::vector<IgnoreDirective> out;
  const auto& stmts = file.statements();
  for (const auto& comment : file.comments()) {
    auto d = parse(comment_body(file.comment_text(comment)));
    if (!d) continue;
    d->offset = comment.begin;
    if (!d->file_wide) {
      // On the line of a statement's end (a trailing comment): that statement.
      int line = file.lines().position(comment.begin).line;
      for (std::size_t i = 0; i < stmts.size() && !d->statement; ++i)
        if (stmts[i].end <= comment.begin && file.lines().position(stmts[i].end).line == line)
          d->statement = i;
      // Otherwise the next statement, when only white space and comments lie between.
      if (!d->statement) {
        auto next = std::find_if(stmts.begin(), stmts.end(),
                                 [&](const Statement& s) { return s.begin >= comment.end; });
        if (next != stmts.end()) {
          // Adjacent when what lies between is only blanks and other comments.
          auto between = file.text().substr(comment.end, next->begin - comment.end);
          std::size_t blanks = 0;
          for (char ch : between) blanks += std::isspace(static_cast<unsigned char>(ch)) ? 1 : 0;
          std::size_t comment_bytes = 0;
          for (const auto& c : file.comments())
            if (c.begin >= comment.end && c.end <= next->begin) comment_bytes += c.end - c.begin;
          if (blanks + comment_bytes >= between.size())
            d->statement = static_cast<std::size_t>(next - stmts.begin());
        }
      }
    }
    out.push_back(std::move(*d));
  }
  return out;
}

}  // namespace driftgate
