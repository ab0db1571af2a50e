#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/level.h"
#include "core/source_location.h"

namespace driftgate {

// Why a finding does not count against the gate.
struct Suppression {
  std::string reason;    // the text after "DGxxx:", may be empty
  SourceLocation where;  // the ignore comment
};

// One problem, whatever found it (a lint rule, the migrations loader, a shadow replay).
struct Finding {
  std::string rule_id;  // "DG102"
  Level level = Level::Error;
  std::string message;
  SourceLocation location;
  std::string migration;              // migration folder name, when the finding is about one
  std::vector<std::string> notes;     // context, e.g. the warning Prisma gave the author
  std::optional<Suppression> suppression;
  // Stable across runs and line moves: rule + normalised statement text + occurrence.
  // Filled by fingerprint_findings(); SARIF's primaryLocationLineHash.
  std::string fingerprint;
  // The normalised text the fingerprint is computed from (the statement, or the message).
  std::string fingerprint_basis;

  bool suppressed() const { return suppression.has_value(); }
};

// Sorts by file, line, column, rule id: every report is deterministic.
void sort_findings(std::vector<Finding>& findings);

// Fills Finding::fingerprint for every finding: a hash of rule id and fingerprint_basis (or the
// message when there is none), with ":N" counting identical hashes within one file, the same
// shape GitHub's own fingerprints have.
void fingerprint_findings(std::vector<Finding>& findings);

}  // namespace driftgate
