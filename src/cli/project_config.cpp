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

}  // namespace

ProjectConfig load_project_config(const std::filesystem::path& path) {
  ProjectConfig config;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return config;
  toml::table table;
  try {
    table = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    SourceLocation at{path.generic_string(), static_cast<int>(e.source().begin.line),
                      static_cast<int>(e.source().begin.column), 0, 0};
    throw Error(at, std::string(e.description()));
  }
  for (const auto& [key, node] : table) {
    auto string_value = [&] {
      auto v = node.value<std::string>();
      if (!v) throw Error(where(path, node), "\"" + std::string(key.str()) + "\" must be a string");
      return *v;
    };
    if (key == "migrations") {
      config.migrations = string_value();
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
