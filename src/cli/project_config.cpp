#include "cli/project_config.h"

#include <toml++/toml.h>

#include "core/error.h"
#include "core/rule_doc.h"

namespace driftgate {
namespace {

SourceLocation where(const std::filesystem::path& file, const toml::node& node) {
  const auto& src = node.source();
  return {file.generic_string(), static_cast<int>(src.begin.line), static_cast<int>(src.begin.column), 0, 0};
}

std::string rule_id(const std::filesystem::path& file, const toml::node& node, std::string_view name) {
  const RuleDoc* doc = find_rule_doc(name);
  if (!doc) throw Error(where(file, node), "unknown rule \"" + std::string(name) + "\" (see `driftgate rules`)");
  return doc->id;
}

toml::table parse_toml(const std::filesystem::path& path) {
  try {
    return toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    SourceLocation at{path.generic_string(), static_cast<int>(e.source().begin.line),
                      static_cast<int>(e.source().begin.column), 0, 0};
    throw Error(at, std::string(e.description()));
  }
}

DriftAcceptance acceptance(const std::filesystem::path& file, const toml::node& node) {
  const toml::table* entry = node.as_table();
  if (!entry) throw Error(where(file, node), "[[accept]] entries must be tables");
  DriftAcceptance a;
  a.where = where(file, node);
  for (const auto& [key, value] : *entry) {
    auto text = value.value<std::string>();
    if (!text) throw Error(where(file, value), "\"" + std::string(key.str()) + "\" must be a string");
    if (key == "kind") {
      a.kind = parse_object_kind(*text);
      if (!a.kind)
        throw Error(where(file, value), "unknown kind \"" + *text +
                                            "\" (table, column, index, foreign-key, primary-key, check, trigger, "
                                            "view, routine, enum, sequence, extension, schema)");
    } else if (key == "change") {
      a.change = parse_change_type(*text);
      if (!a.change) throw Error(where(file, value), "change must be added, removed or changed");
    } else if (key == "schema") {
      a.schema = *text;
    } else if (key == "table") {
      a.table = *text;
    } else if (key == "name") {
      a.name = *text;
    } else if (key == "reason") {
      a.reason = *text;
    } else {
      throw Error(where(file, value), "unknown [[accept]] key \"" + std::string(key.str()) +
                                          "\" (kind, change, schema, table, name, reason)");
    }
  }
  if (a.reason.find_first_not_of(" \t") == std::string::npos)
    throw Error(a.where, "an [[accept]] entry needs a reason: why this drift is fine");
  if (a.schema.empty() && a.table.empty() && a.name.empty() && !a.kind)
    throw Error(a.where, "an [[accept]] entry must name what it accepts (kind, schema, table or name)");
  return a;
}

std::vector<DriftAcceptance> acceptances(const std::filesystem::path& file, const toml::node& node) {
  const toml::array* list = node.as_array();
  if (!list) throw Error(where(file, node), "accept must be an array of tables: [[accept]]");
  std::vector<DriftAcceptance> out;
  for (const auto& item : *list) out.push_back(acceptance(file, item));
  return out;
}

}  // namespace

std::vector<DriftAcceptance> load_drift_allowlist(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error(path.generic_string() + ": allowlist file not found");
  std::vector<DriftAcceptance> out;
  for (const auto& [key, node] : parse_toml(path)) {
    if (key != "accept") throw Error(where(path, node), "unknown setting \"" + std::string(key.str()) + "\" (an allowlist holds [[accept]] entries only)");
    out = acceptances(path, node);
  }
  return out;
}

ProjectConfig load_project_config(const std::filesystem::path& path) {
  ProjectConfig config;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return config;
  config.file = path;
  toml::table table = parse_toml(path);
  for (const auto& [key, node] : table) {
    auto string_value = [&] {
      auto v = node.value<std::string>();
      if (!v) throw Error(where(path, node), "\"" + std::string(key.str()) + "\" must be a string");
      return *v;
    };
    if (key == "migrations") {
      config.migrations = string_value();
    } else if (key == "schema") {
      config.schema = string_value();
    } else if (key == "url") {
      config.url = string_value();
    } else if (key == "shadow-url") {
      config.shadow_url = string_value();
    } else if (key == "prisma-version") {
      if (node.is_integer()) config.prisma_version = std::to_string(*node.value<int64_t>());
      else config.prisma_version = string_value();  // "6.19"; anything else an error naming the key
    } else if (key == "accept") {
      config.accepted = acceptances(path, node);
    } else if (key == "provider") {
      config.provider = string_value();
    } else if (key == "fail-on") {
      auto level = parse_level(string_value());
      if (!level) throw Error(where(path, node), "fail-on must be error, warning or notice");
      config.fail_on = level;
    } else if (key == "disable") {
      const toml::array* list = node.as_array();
      if (!list) throw Error(where(path, node), "disable must be a list of rule ids");
      for (const auto& item : *list) {
        auto name = item.value<std::string>();
        if (!name) throw Error(where(path, item), "disable must be a list of rule ids");
        config.disabled.insert(rule_id(path, item, *name));
      }
    } else if (key == "rules") {
      const toml::table* rules = node.as_table();
      if (!rules) throw Error(where(path, node), "[rules] must be a table of rule = \"level\"");
      for (const auto& [name, value] : *rules) {
        std::string id = rule_id(path, value, name.str());
        auto text = value.value<std::string>();
        if (text && *text == "off") {
          config.disabled.insert(id);
        } else if (auto level = text ? parse_level(*text) : std::nullopt) {
          config.levels[id] = *level;
        } else {
          throw Error(where(path, value), "rule level must be error, warning, notice or off");
        }
      }
    } else {
      throw Error(where(path, node), "unknown setting \"" + std::string(key.str()) + "\"");
    }
  }
  return config;
}

}  // namespace driftgate
