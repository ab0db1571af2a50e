#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/level.h"
#include "core/schema.h"

namespace driftgate {

// One rule's documentation, from rules/<ID>-<name>.md (compiled into the binary). The same text
// feeds `driftgate rules`, `driftgate explain`, SARIF rule metadata and the docs.
struct RuleDoc {
  std::string id;       // "DG102"
  std::string name;     // "drop-column"
  Level level = Level::Error;  // default level
  std::string summary;  // one sentence
  // The providers whose migrations the rule checks (front matter `providers: postgresql, mysql`;
  // both when absent).
  std::vector<Provider> providers = {Provider::PostgreSQL, Provider::MySQL};
  std::string body;     // Markdown after the front matter

  bool covers(Provider provider) const;
  std::string providers_text() const;  // "postgresql, mysql"
  // The body as plain text (Markdown markers removed), for SARIF's help.text.
  std::string plain_body() const;
  // First paragraphs of the body, at most `limit` characters, for SARIF's fullDescription.
  std::string description(std::size_t limit = 1024) const;
};

// Every documented rule, sorted by id.
const std::vector<RuleDoc>& rule_docs();
// By id ("DG102", any case) or name ("drop-column"); nullptr when unknown.
const RuleDoc* find_rule_doc(std::string_view id_or_name);

// Parses one rule doc (front matter + body). Throws driftgate::Error naming `origin` when the
// front matter is missing or incomplete.
RuleDoc parse_rule_doc(std::string_view text, std::string_view origin);

}  // namespace driftgate
