// `driftgate rules` (the catalogue) and `driftgate explain RULE` (one rule's documentation).
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/error.h"
#include "core/rule_doc.h"

namespace driftgate {

void add_rules_commands(CLI::App& app, int& exit_code) {
  auto format = std::make_shared<std::string>("text");
  CLI::App* rules = app.add_subcommand("rules", "List every rule with its id, name, level and summary");
  rules->add_option("--format", *format, "text or json")->capture_default_str()->check(CLI::IsMember({"text", "json"}));
  rules->callback([format, &exit_code] {
    if (*format == "json") {
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const auto& doc : rule_docs())
        list.push_back({{"id", doc.id}, {"name", doc.name}, {"level", to_string(doc.level)}, {"summary", doc.summary},
                        {"providers", doc.providers_text()}});
      std::cout << list.dump(2) << "\n";
    } else {
      for (const auto& doc : rule_docs())
        std::cout << doc.id << "  " << std::left << std::setw(38) << doc.name << std::setw(8)
                  << to_string(doc.level) << "  " << std::setw(20) << doc.providers_text() << doc.summary << "\n";
    }
    exit_code = 0;
  });

  auto rule = std::make_shared<std::string>();
  CLI::App* explain = app.add_subcommand("explain", "Print one rule's full documentation");
  explain->add_option("rule", *rule, "Rule id (DG102) or name (drop-column)")->required();
  explain->callback([rule, &exit_code] {
    const RuleDoc* doc = find_rule_doc(*rule);
    if (!doc) throw Error("unknown rule \"" + *rule + "\" (see `driftgate rules`)");
    std::cout << doc->id << " " << doc->name << " (" << to_string(doc->level) << "; " << doc->providers_text() << ")\n"
              << doc->summary << "\n\n" << doc->body << "\n";
    exit_code = 0;
  });
}

}  // namespace driftgate
