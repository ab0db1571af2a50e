#include "core/rule_doc.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"

namespace driftgate {

// Generated from rules/*.md by cmake/EmbedRuleDocs.cmake.
struct EmbeddedRuleDoc {
  const char* file;
  const char* text;
};
extern const EmbeddedRuleDoc kEmbeddedRuleDocs[];
extern const std::size_t kEmbeddedRuleDocCount;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

RuleDoc parse_rule_doc(std::string_view text, std::string_view origin) {
  RuleDoc doc;
  if (!text.starts_with("---\n")) throw Error(std::string(origin) + ": rule doc must start with '---' front matter");
  auto close = text.find("\n---\n", 3);
  if (close == std::string_view::npos) throw Error(std::string(origin) + ": front matter is not closed with '---'");
  std::string_view front = text.substr(4, close - 4);
  doc.body = std::string(trim(text.substr(close + 5)));
  while (!front.empty()) {
    auto eol = front.find('\n');
    std::string_view line = front.substr(0, eol);
    front = eol == std::string_view::npos ? std::string_view() : front.substr(eol + 1);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view key = trim(line.substr(0, colon)), value = trim(line.substr(colon + 1));
    if (key == "id") doc.id = value;
    else if (key == "name") doc.name = value;
    else if (key == "summary") doc.summary = value;
    else if (key == "providers") {
      doc.providers.clear();
      for (std::string_view rest = value; !rest.empty();) {
        auto comma = rest.find(',');
        std::string_view item = trim(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        auto provider = parse_provider(item);
        if (!provider) throw Error(std::string(origin) + ": providers must list postgresql and/or mysql");
        doc.providers.push_back(*provider);
      }
    }
    else if (key == "level") {
      auto level = parse_level(value);
      if (!level) throw Error(std::string(origin) + ": level must be error, warning or notice");
      doc.level = *level;
    }
  }
  if (doc.id.empty() || doc.name.empty() || doc.summary.empty())
    throw Error(std::string(origin) + ": front matter needs id, name, level and summary");
  return doc;
}

bool RuleDoc::covers(Provider provider) const {
  return std::find(providers.begin(), providers.end(), provider) != providers.end();
}

std::string RuleDoc::providers_text() const {
  std::string out;
  for (Provider p : providers) out += (out.empty() ? "" : ", ") + std::string(to_string(p));
  return out;
}

const std::vector<RuleDoc>& rule_docs() {
  static const std::vector<RuleDoc> docs = [] {
    std::vector<RuleDoc> all;
    for (std::size_t i = 0; i < kEmbeddedRuleDocCount; ++i)
      all.push_back(parse_rule_doc(kEmbeddedRuleDocs[i].text, kEmbeddedRuleDocs[i].file));
    std::sort(all.begin(), all.end(), [](const RuleDoc& a, const RuleDoc& b) { return a.id < b.id; });
    return all;
  }();
  return docs;
}

const RuleDoc* find_rule_doc(std::string_view id_or_name) {
  // Called for every finding a report renders: compare without allocating.
  auto same = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
  };
  for (const auto& doc : rule_docs())
    if (same(doc.id, id_or_name) || same(doc.name, id_or_name)) return &doc;
  return nullptr;
}

std::string RuleDoc::plain_body() const {
  std::string out;
  for (char c : body)
    if (c != '#' && c != '`' && c != '*') out += c;
  return std::string(trim(out));
}

std::string RuleDoc::description(std::size_t limit) const {
  // The first section ("What it flags") describes the rule; its heading is not part of it.
  std::string_view text = body;
  if (text.starts_with("## ")) {
    auto eol = text.find('\n');
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
  }
  text = trim(text.substr(0, text.find("\n## ")));
  std::string out;
  for (char c : text) {
    if (c == '`' || c == '*') continue;
    if (c == '\n') c = ' ';
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out += c;
  }
  if (out.empty()) out = summary;
  if (out.size() > limit) out = out.substr(0, limit - 3) + "...";
  return out;
}

}  // namespace driftgate
