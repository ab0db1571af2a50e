#include "lint/parse_ahead.h"

#include <algorithm>
#include <thread>

namespace driftgate {
namespace {

ParsedMigration parse(const Migration& m, bool with_comments) {
  ParsedMigration parsed{SqlFile::parse_postgres(m.bytes, with_comments), {}};
  parsed.changes.reserve(parsed.file.statements().size());
  for (const auto& st : parsed.file.statements()) parsed.changes.push_back(extract_changes(st, parsed.file.text()));
  return parsed;
}

}  // namespace

// Enough migrations in flight to keep every core busy while bounding the trees held at once.
ParseAhead::ParseAhead(const MigrationDir& dir, std::vector<bool> with_comments)
    : dir_(dir), with_comments_(std::move(with_comments)),
      window_(2 * std::max(1u, std::thread::hardware_concurrency())) {}

void ParseAhead::launch() {
  while (launched_ < dir_.migrations.size() && pending_.size() < window_) {
    const Migration& m = dir_.migrations[launched_];
    pending_.push_back(std::async(std::launch::async, parse, std::cref(m), bool(with_comments_[launched_])));
    ++launched_;
  }
}

ParsedMigration ParseAhead::next() {
  launch();
  ParsedMigration parsed = pending_.front().get();  // rethrows what the worker threw
  pending_.pop_front();
  launch();
  return parsed;
}

}  // namespace driftgate
