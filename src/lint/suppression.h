#pragma once
// `-- driftgate-ignore DG102, DG105: reason` (the statement after it, or the one it ends) and
// `-- driftgate-ignore-file DG401: reason` (the whole file). Rule names work as well as ids.
#include <optional>
#include <string>
#include <vector>

#include "sql/sql_file.h"

namespace driftgate {

struct IgnoreDirective {
  bool file_wide = false;
  std::vector<std::string> rule_ids;  // known rules, as ids
  std::vector<std::string> unknown;   // names that match no rule
  std::string reason;                 // empty when none was given
  std::size_t offset = 0;             // the comment
  std::optional<std::size_t> statement;  // index of the statement it applies to
  bool used = false;

  bool covers(const std::string& rule_id, std::size_t statement_index) const;
};

// Every ignore directive in the file's comments, each tied to its statement.
std::vector<IgnoreDirective> find_ignore_directives(const SqlFile& file);

}  // namespace driftgate
