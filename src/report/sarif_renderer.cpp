#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/rule_doc.h"
#include "core/version.h"
#include "report/renderers.h"

namespace driftgate {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kInformationUri = "https://github.com/driftgate/driftgate";
constexpr const char* kSrcRoot = "%SRCROOT%";

const char* sarif_level(Level level) {
  switch (level) {
    case Level::Error: return "error";
    case Level::Warning: return "warning";
    case Level::Notice: return "note";
  }
  return "warning";
}

// A '/'-separated path as a URI path: every byte but the unreserved characters and '/' is
// percent-encoded (spaces, '%', '#', '?', ':', non-ASCII UTF-8 bytes, ...).
std::string uri_path(const std::string& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

Json rule_descriptor(const RuleDoc& doc) {
  return {{"id", doc.id},
          {"name", doc.name},
          {"shortDescription", {{"text", doc.summary}}},
          {"fullDescription", {{"text", doc.description()}}},
          {"helpUri", std::string(kInformationUri) + "/blob/main/rules/" + doc.id + "-" + doc.name + ".md"},
          {"help", {{"text", doc.plain_body()}, {"markdown", doc.body}}},
          {"defaultConfiguration", {{"level", sarif_level(doc.level)}}}};
}

// GitHub needs a location with a region on every result. A finding about a whole file (line 0)
// points at line 1; one about no file at all points at the repository root.
Json location(const SourceLocation& where) {
  Json artifact;
  if (where.file.empty()) {
    artifact = {{"uri", "."}, {"uriBaseId", kSrcRoot}};
  } else if (where.file.front() == '/') {  // outside the repository root: an absolute file URI
    artifact = {{"uri", "file://" + uri_path(where.file)}};
  } else {
    artifact = {{"uri", uri_path(where.file)}, {"uriBaseId", kSrcRoot}};
  }
  Json region = {{"startLine", where.line > 0 ? where.line : 1}};
  if (where.line > 0) {
    if (where.column > 0) region["startColumn"] = where.column;
    if (where.end_line > 0) region["endLine"] = where.end_line;
    if (where.end_column > 0) region["endColumn"] = where.end_column;
  }
  return {{"physicalLocation", {{"artifactLocation", std::move(artifact)}, {"region", std::move(region)}}}};
}

}  // namespace

void SarifRenderer::render(const Report& report, std::ostream& out) const {
  Json rules = Json::array();
  std::map<std::string, std::size_t> rule_index;
  for (const auto& doc : rule_docs()) {
    rule_index[doc.id] = rules.size();
    rules.push_back(rule_descriptor(doc));
  }

  Json results = Json::array();
  for (const auto& f : report.findings) {
    std::string text = f.message;
    for (const auto& note : f.notes) text += "\n" + note;
    Json r;
    r["ruleId"] = f.rule_id;
    if (auto it = rule_index.find(f.rule_id); it != rule_index.end()) r["ruleIndex"] = it->second;
    r["level"] = sarif_level(f.level);
    r["message"] = {{"text", text}};
    r["locations"] = Json::array({location(f.location)});
    if (!f.fingerprint.empty()) r["partialFingerprints"] = {{"primaryLocationLineHash", f.fingerprint}};
    if (f.suppression) {
      Json suppression = {{"kind", "inSource"}};
      if (!f.suppression->reason.empty()) suppression["justification"] = f.suppression->reason;
      r["suppressions"] = Json::array({std::move(suppression)});
    }
    results.push_back(std::move(r));
  }

  Json run = {{"tool",
               {{"driver",
                 {{"name", "driftgate"},
                  {"semanticVersion", kVersion},
                  {"informationUri", kInformationUri},
                  {"rules", std::move(rules)}}}}},
              {"invocations", Json::array({{{"executionSuccessful", true}}})},
              {"originalUriBaseIds", {{kSrcRoot, {{"description", {{"text", "The repository root."}}}}}}},
              {"columnKind", "utf16CodeUnits"},
              {"results", std::move(results)}};
  // What was compared with what (the live database, the Prisma version used): SARIF's property bag.
  if (!report.context.empty()) run["properties"] = {{"context", report.context}};
  Json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", Json::array({std::move(run)})}};
  // SQL text is not always valid UTF-8: replace bad bytes rather than fail the whole report.
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace driftgate
