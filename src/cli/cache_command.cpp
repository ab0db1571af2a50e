// `driftgate cache`: what the cache of shadow data directories (db/data_dir_cache.h) holds, and
// `driftgate cache clear` to empty it.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

#include "cli/commands.h"
#include "core/error.h"
#include "db/data_dir_cache.h"
#include "report/report.h"

namespace driftgate {
namespace {

std::string format_bytes(std::uintmax_t bytes) {
  char out[32];
  if (bytes < (1 << 20)) std::snprintf(out, sizeof out, "%.1f KiB", static_cast<double>(bytes) / 1024);
  else std::snprintf(out, sizeof out, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return out;
}

// "replay of 163 migrations" for a replay state's key (db/replay_key.h), else a pristine one.
std::string describe(const std::string& key) {
  std::size_t at = key.find("-replay-");
  if (at == std::string::npos) return "pristine data directory";
  std::size_t count_end = key.find('-', at + 8);
  return "state after " + key.substr(at + 8, count_end - at - 8) + " migrations";
}

std::string local_time(std::filesystem::file_time_type when) {
  auto system = std::chrono::file_clock::to_sys(when);
  std::time_t t = std::chrono::system_clock::to_time_t(system);
  std::tm local{};
  localtime_r(&t, &local);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%d %H:%M", &local);
  return out;
}

DataDirCache open_cache() {
  auto cache = DataDirCache::open();
  if (!cache) throw Error("the cache is turned off (DRIFTGATE_CACHE_DIR is empty) or there is no home directory");
  return *cache;
}

int show() {
  DataDirCache cache = open_cache();
  auto entries = cache.entries();
  std::uintmax_t total = 0;
  for (const auto& e : entries) total += e.bytes;
  std::printf("cache: %s\n%zu entries, %s of %s (DRIFTGATE_CACHE_SIZE), least recently used evicted first\n",
              cache.root().c_str(), entries.size(), format_bytes(total).c_str(), format_bytes(cache.max_bytes()).c_str());
  for (const auto& e : entries)
    std::printf("  %s  %10s  %-34s %s\n", local_time(e.last_used).c_str(), format_bytes(e.bytes).c_str(),
                describe(e.key).c_str(), e.key.c_str());
  return kExitClean;
}

int clear() {
  DataDirCache cache = open_cache();
  std::size_t count = cache.entries().size();
  std::uintmax_t freed = cache.clear();
  std::printf("removed %zu entries (%s) from %s\n", count, format_bytes(freed).c_str(), cache.root().c_str());
  return kExitClean;
}

}  // namespace

void add_cache_command(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("cache", "Show or clear the cache of shadow databases");
  cmd->footer(
      "The cache keeps shadow servers' data directories: pristine ones, and the state after a history's\n"
      "first migrations, from which a later replay of that history resumes. An edited or reordered\n"
      "migration changes the key of every state after it, so nothing stale is reused; an entry that\n"
      "fails its check is discarded. Location: DRIFTGATE_CACHE_DIR, else XDG_CACHE_HOME/driftgate,\n"
      "else ~/.cache/driftgate (empty DRIFTGATE_CACHE_DIR: no cache). Size limit: DRIFTGATE_CACHE_SIZE\n"
      "(default 1G). DRIFTGATE_CACHE_KEEP=always keeps every new state, not only those that save time.");
  cmd->callback([cmd, &exit_code] {
    if (cmd->get_subcommands().empty()) exit_code = show();
  });
  cmd->add_subcommand("show", "List the entries (the default)")->callback([&exit_code] { exit_code = show(); });
  cmd->add_subcommand("clear", "Remove every entry")->callback([&exit_code] { exit_code = clear(); });
}

}  // namespace driftgate
