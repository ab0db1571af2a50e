// The PostgreSQL shadow server: initdb, then postgres on a unix socket in the private directory.
#include <sys/shm.h>

#include <cstdio>
#include <fstream>
#include <signal.h>

#include <algorithm>
#include <charconv>

#include "core/error.h"
#include "db/drivers.h"
#include "db/shadow_process.h"
#include "util/process.h"

namespace driftgate {
namespace {

namespace fs = std::filesystem;

constexpr int kPort = 5432;  // names the socket file only: there is no TCP listener
constexpr const char* kSocketName = ".s.PGSQL.5432";

struct PostgresBinaries {
  fs::path initdb;
  fs::path postgres;
};

std::optional<PostgresBinaries> binaries_in(const fs::path& dir) {
  auto initdb = find_executable((dir / "initdb").string());
  auto postgres = find_executable((dir / "postgres").string());
  if (!initdb || !postgres) return std::nullopt;
  return PostgresBinaries{*initdb, *postgres};
}

// initdb in PATH (the user's explicit choice), then pg_config's bindir (asked second because
// Debian's pg_config is a wrapper script that takes 50-90 ms), then Debian's
// /usr/lib/postgresql/<major>/bin, highest first. initdb and postgres must come from the same
// directory: initdb runs the postgres beside it.
std::optional<PostgresBinaries> search_binaries() {
  if (auto initdb = find_executable("initdb"))
    if (auto found = binaries_in(initdb->parent_path())) return found;
  if (auto pg_config = find_executable("pg_config")) {
    ProcessResult r = run_process({pg_config->string(), "--bindir"});
    std::string dir = r.out.substr(0, r.out.find_last_not_of(" \n") + 1);
    if (r.exit_code == 0 && !dir.empty())
      if (auto found = binaries_in(dir)) return found;
  }
  std::vector<std::pair<int, fs::path>> versions;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    std::string name = entry.path().filename().string();
    int major = 0;
    auto [end, err] = std::from_chars(name.data(), name.data() + name.size(), major);
    if (err == std::errc() && end == name.data() + name.size()) versions.emplace_back(major, entry.path() / "bin");
  }
  std::sort(versions.rbegin(), versions.rend());
  for (const auto& [major, dir] : versions)
    if (auto found = binaries_in(dir)) return found;
  return std::nullopt;
}

// Searched once per process: installed binaries do not come and go while driftgate runs.
const std::optional<PostgresBinaries>& find_binaries() {
  static const std::optional<PostgresBinaries> found = search_binaries();
  return found;
}

// A postmaster killed outright (SIGKILL, the OOM killer) cannot remove its System V shared memory
// segment; postmaster.pid names it (its 7th line: "key shmid"). Marked for removal, it goes when
// the last of the dead server's backends detaches.
void remove_orphaned_segment(const fs::path& pid_file) {
  std::ifstream in(pid_file);
  std::string line;
  for (int i = 0; i < 7 && std::getline(in, line); ++i) {
  }
  long key = 0, shmid = -1;
  if (std::sscanf(line.c_str(), "%ld %ld", &key, &shmid) != 2 || shmid < 0) return;
  shmctl(static_cast<int>(shmid), IPC_RMID, nullptr);  // already gone after a clean stop: nothing to do
}

class PostgresShadow final : public ShadowProcess {
 public:
  explicit PostgresShadow(const ReplayCacheRequest& cache) : ShadowProcess("PostgreSQL", "postgres", kSocketName, cache) {}
  ~PostgresShadow() override {
    stop();
    remove_orphaned_segment(directory() / "data" / "postmaster.pid");
  }

  ConnectionUrl url() const override {
    ConnectionUrl url;
    url.provider = Provider::PostgreSQL;
    url.user = "postgres";
    url.host = "localhost";
    url.port = kPort;
    url.socket = directory().string();
    url.database = "postgres";
    url.schema = "public";
    return url;
  }

  void start(const PostgresBinaries& bin) {
    std::string data = (directory() / "data").string();
    // Trust on a socket only its owner can reach; C locale and UTF8 so that a shadow sorts and
    // prints the same everywhere; no fsync, as nothing here must survive a crash; 1 MB WAL
    // segments instead of 16 MB, less to write and to copy from the DataDirCache.
    initialise({bin.initdb.string(), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync",
                "--wal-segsize=1"},
               bin.postgres, data, "initdb.log", std::chrono::seconds(120));
    // Started directly rather than through pg_ctl, so that driftgate owns the postmaster's pid.
    // SIGQUIT is an immediate shutdown: no checkpoint for data about to be deleted; SIGINT, the
    // fast one, checkpoints, for a data directory to be kept.
    serve({bin.postgres.string(), "-D", data, "-k", directory().string(), "-p", std::to_string(kPort),
           "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
           "-c", "autovacuum=off",
           // Dynamic shared memory as files in the data directory, which goes with it even when the
           // server is killed (POSIX segments in /dev/shm would stay).
           "-c", "dynamic_shared_memory_type=mmap",
           // A history's schema needs few buffers: the default 128 MB would be most of the memory a
           // replay costs (it shows in driftgate's own peak, the shadow being its child).
           "-c", "shared_buffers=16MB",
           // Few WAL segments kept for reuse (by default, as many as the WAL since the last
           // checkpoint, the whole replay): a data directory kept in the replay cache is copied
           // twice, and the segments would be a third of its size.
           "-c", "min_wal_size=2MB", "-c", "max_wal_size=8MB"},
          "server.log", SIGQUIT, SIGINT, [this] { return postgres_accepts_connections(url()); }, std::chrono::seconds(30));
  }
};

}  // namespace

bool postgres_shadow_available() { return find_binaries().has_value(); }

std::unique_ptr<ShadowServer> start_postgres_shadow(const ReplayCacheRequest& cache) {
  const auto& bin = find_binaries();
  if (!bin)
    throw Error(
        "no PostgreSQL server to start a shadow database in: initdb and postgres were not found through "
        "pg_config --bindir, PATH or /usr/lib/postgresql/*/bin. Install the server (Debian/Ubuntu: "
        "apt-get install postgresql), or pass --shadow-url with a server where driftgate may create a database");
  auto server = std::make_unique<PostgresShadow>(cache);
  server->start(*bin);
  return server;
}

}  // namespace driftgate
