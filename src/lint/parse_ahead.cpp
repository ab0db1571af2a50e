#include "lint/parse_ahead.h"

#include <algorithm>

namespace driftgate {
namespace {

ParsedMigration parse(const Migration& m, Provider provider, bool with_comments) {
  if (provider == Provider::MySQL) {
    ParsedMigration parsed{SqlFile::parse_mysql(m.bytes), {}};
    for (const auto& st : parsed.file.statements()) parsed.changes.push_back(extract_mysql_changes(st));
    return parsed;
  }
  ParsedMigration parsed{SqlFile::parse_postgres(m.bytes, with_comments), {}};
  parsed.changes.reserve(parsed.file.statements().size());
  for (const auto& st : parsed.file.statements()) parsed.changes.push_back(extract_changes(st, parsed.file.text()));
  return parsed;
}

}  // namespace

// A few threads for the whole history (not one per migration: creating them showed in profiles),
// leaving one core to the linter itself. They may run far ahead: a worker put to sleep by a short
// leash waits for the linter to wake it, which cost more than parsing; 64 migrations still bound
// the parse trees held at once.
ParseAhead::ParseAhead(const MigrationDir& dir, Provider provider, std::vector<bool> with_comments)
    : dir_(dir), provider_(provider), with_comments_(std::move(with_comments)),
      parsed_(dir.migrations.size()), failed_(dir.migrations.size()) {
  std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  std::size_t threads = std::clamp<std::size_t>(cores - 1, 1, 8);
  threads = std::min(threads, dir.migrations.size());
  for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back(&ParseAhead::work, this);
}

ParseAhead::~ParseAhead() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (auto& w : workers_) w.join();
}

void ParseAhead::work() {
  const std::size_t total = dir_.migrations.size();
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return stopping_ || claimed_ >= total || claimable(); });
    if (stopping_ || claimed_ >= total) return;
    parse_claimed(claimed_++, lock);
  }
}

void ParseAhead::parse_claimed(std::size_t i, std::unique_lock<std::mutex>& lock) {
  lock.unlock();
  std::optional<ParsedMigration> result;
  std::exception_ptr error;
  try {
    result = parse(dir_.migrations[i], provider_, with_comments_[i]);
  } catch (...) {
    error = std::current_exception();  // handed to the linter by next()
  }
  lock.lock();
  parsed_[i] = std::move(result);
  failed_[i] = error;
  changed_.notify_all();
}

ParsedMigration ParseAhead::next() {
  std::unique_lock lock(mutex_);
  const std::size_t i = taken_;
  // The linter never idles while there is parsing to do: it parses migration i itself when no
  // worker has started it, and the next unclaimed ones while a worker is still on i.
  while (!parsed_[i] && !failed_[i]) {
    if (claimable()) {
      parse_claimed(claimed_++, lock);
    } else {
      changed_.wait(lock, [&] { return parsed_[i].has_value() || failed_[i]; });
    }
  }
  ++taken_;
  changed_.notify_all();  // a worker may claim one more
  if (failed_[i]) std::rethrow_exception(failed_[i]);
  ParsedMigration out = std::move(*parsed_[i]);
  parsed_[i].reset();
  return out;
}

}  // namespace driftgate
