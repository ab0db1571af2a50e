// Shadow servers against the real binaries:
//   shadow_server_test lifecycle PROVIDER       start, query through connect(), server errors, stop:
//                                               afterwards no server process and no directory
//   shadow_server_test signal PROVIDER INT|KILL  a child holding a started server gets the signal:
//                                               INT leaves nothing behind; after KILL the server
//                                               still stops (parent-death signal), the directory stays
//   shadow_server_test hold PROVIDER            that child: starts a server, prints its directory, waits
//   shadow_server_test cache PROVIDER           with a fresh DRIFTGATE_CACHE_DIR: the first server
//                                               initialises and fills the cache, the second copies it
//                                               and works; an entry others could change is not used
// Exits 77 (skipped) when the provider's server binaries are not installed.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <thread>

#include "core/error.h"
#include "db/connection.h"
#include "db/data_dir_cache.h"
#include "db/shadow_server.h"

using namespace driftgate;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

int g_failures = 0;

#define EXPECT(condition)                                                                    \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::cerr << __FILE__ << ":" << __LINE__ << ": expected " #condition << std::endl; \
      ++g_failures;                                                                          \
    }                                                                                        \
  } while (0)

long ms_since(Clock::time_point start) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

// Processes working in `dir` (their cwd is inside it) or naming it on their command line: the
// server and, for PostgreSQL, every backend and auxiliary process.
std::set<pid_t> processes_in(const fs::path& dir) {
  std::set<pid_t> pids;
  std::string prefix = dir.string();
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::error_code ec;
    std::string cwd = fs::read_symlink(entry.path() / "cwd", ec).string();
    std::ifstream cmdline_file(entry.path() / "cmdline");
    std::string cmdline((std::istreambuf_iterator<char>(cmdline_file)), std::istreambuf_iterator<char>());
    if ((!ec && cwd.starts_with(prefix)) || cmdline.find(prefix) != std::string::npos) pids.insert(std::stoi(name));
  }
  pids.erase(getpid());
  return pids;
}

bool alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  auto close = line.rfind(')');
  return close != std::string::npos && line.size() > close + 2 && line[close + 2] != 'Z';  // a zombie has exited
}

bool none_alive(const std::set<pid_t>& pids) {
  for (pid_t pid : pids)
    if (alive(pid)) return false;
  return true;
}

template <class F>
std::optional<ServerError> server_error(F&& statement) {
  try {
    statement();
  } catch (const DatabaseError& e) {
    std::cout << "  server said: " << e.what() << "\n";
    return e.server();
  }
  return std::nullopt;
}

void exercise_postgres(const ShadowServer& server) {
  auto conn = connect(server.url(), false);
  QueryResult r = conn->query("CREATE TABLE t(a int); SELECT count(*) FROM t");
  EXPECT(r.columns == std::vector<std::string>{"count"});
  EXPECT(r.rows.size() == 1 && r.rows[0][0] == "0");

  auto missing = server_error([&] { conn->query("SELECT * FROM missing"); });
  EXPECT(missing && missing->code == "42P01");
  EXPECT(missing && missing->message == "relation \"missing\" does not exist");
  EXPECT(missing && missing->position == 15u);

  // A script is one implicit transaction: its failure undoes its earlier statements.
  EXPECT(server_error([&] { conn->execute_script("CREATE TABLE u(a int);\nSELECT * FROM missing;"); }));
  EXPECT(conn->query("SELECT to_regclass('u') IS NULL AS gone").rows[0][0] == "t");

  std::string tricky = "it's a \\ \"quote\"";
  EXPECT(conn->query("SELECT " + conn->quote_literal(tricky) + " AS v").rows[0][0] == tricky);
  conn->execute_script("CREATE TABLE " + conn->quote_identifier("We\"ird") + "(a int)");
  EXPECT(conn->query("SELECT count(*) FROM pg_class WHERE relname = 'We\"ird'").rows[0][0] == "1");
  EXPECT(conn->query("SELECT NULL::int AS n").rows[0][0] == std::nullopt);
  EXPECT(conn->query("SHOW TimeZone").rows[0][0] == "UTC");  // whatever the host's

  auto read_only = connect(server.url(), true);
  auto refused = server_error([&] { read_only->query("CREATE TABLE x(a int)"); });
  EXPECT(refused && refused->code == "25006");
  EXPECT(read_only->query("SHOW lock_timeout").rows[0][0] == "5s");
}

void exercise_mysql(const ShadowServer& server) {
  auto admin = connect(server.url(), false);
  admin->execute_script("CREATE DATABASE d");
  auto conn = connect(server.url().with_database("d"), false);
  QueryResult r = conn->query("CREATE TABLE t(a int); SELECT count(*) AS n FROM t");
  EXPECT(r.columns == std::vector<std::string>{"n"});
  EXPECT(r.rows.size() == 1 && r.rows[0][0] == "0");

  auto missing = server_error([&] { conn->query("SELECT * FROM missing"); });
  EXPECT(missing && missing->code == "1146");
  EXPECT(missing && missing->message == "Table 'd.missing' doesn't exist");
  // A failure in the middle of a multi-statement query stops it there.
  EXPECT(server_error([&] { conn->query("CREATE TABLE u(a int); SELECT * FROM missing; CREATE TABLE v(a int)"); }));
  EXPECT(conn->query("SHOW TABLES LIKE 'v'").rows.empty());
  EXPECT(conn->query("SELECT 1").rows[0][0] == "1");  // and the connection is still usable

  std::string tricky = "it's a \\ `quote`";
  EXPECT(conn->query("SELECT " + conn->quote_literal(tricky) + " AS v").rows[0][0] == tricky);
  conn->execute_script("CREATE TABLE " + conn->quote_identifier("We`ird") + "(a int)");
  EXPECT(conn->query("SHOW TABLES LIKE 'We`ird'").rows.size() == 1);
  EXPECT(conn->query("SELECT NULL AS n").rows[0][0] == std::nullopt);
  EXPECT(conn->query("SELECT @@system_time_zone").rows[0][0] == "UTC");  // whatever the host's

  auto read_only = connect(server.url().with_database("d"), true);
  auto refused = server_error([&] { read_only->query("INSERT INTO t VALUES (1)"); });
  EXPECT(refused && refused->code == "1792");
  EXPECT(read_only->query("SELECT @@lock_wait_timeout").rows[0][0] == "5");
}

int lifecycle(Provider provider) {
  auto started = Clock::now();
  auto server = ShadowServer::start(provider);
  std::cout << to_string(provider) << " shadow ready in " << ms_since(started) << " ms at " << server->url().redacted()
            << "\n";
  fs::path dir = server->directory();
  EXPECT(dir.filename().string().starts_with("driftgate-shadow-"));
  std::set<pid_t> pids = processes_in(dir);
  EXPECT(!pids.empty());

  if (provider == Provider::PostgreSQL) exercise_postgres(*server);
  else exercise_mysql(*server);

  // Connecting to a socket that is not there fails with the URL in the message.
  ConnectionUrl wrong = server->url();
  wrong.socket = (dir / "nowhere").string();
  if (provider == Provider::MySQL) wrong.socket += ".sock";
  try {
    connect(wrong, false);
    EXPECT(!"connect to a missing socket succeeded");
  } catch (const Error& e) {
    std::cout << "  " << e.what() << "\n";
    EXPECT(std::string(e.what()).starts_with("cannot connect to " + wrong.redacted() + ": "));
  }

  auto stopping = Clock::now();
  server.reset();
  std::cout << to_string(provider) << " shadow stopped and removed in " << ms_since(stopping) << " ms\n";
  EXPECT(none_alive(pids));
  EXPECT(processes_in(dir).empty());
  EXPECT(!fs::exists(dir));
  return g_failures == 0 ? 0 : 1;
}

// The log the initialising program (initdb, mariadb-install-db) writes in the server's directory.
bool initialised_itself(const ShadowServer& server) {
  return fs::exists(server.directory() / "initdb.log") || fs::exists(server.directory() / "install.log");
}

int cache_test(Provider provider) {
  fs::path cache = fs::temp_directory_path() / ("driftgate-cache-test-" + std::to_string(getpid()));
  setenv("DRIFTGATE_CACHE_DIR", cache.c_str(), 1);
  {
    auto first = ShadowServer::start(provider);
    EXPECT(initialised_itself(*first));
  }
  std::vector<CacheEntry> entries = DataDirCache(cache, DataDirCache::kDefaultMaxBytes).entries();
  EXPECT(entries.size() == 1);
  if (entries.size() == 1) {
    fs::path entry = cache / entries[0].key;
    EXPECT((fs::status(entry).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
    auto started = Clock::now();
    {
      auto second = ShadowServer::start(provider);
      std::cout << to_string(provider) << " shadow from the cache ready in " << ms_since(started) << " ms\n";
      EXPECT(!initialised_itself(*second));
      if (provider == Provider::PostgreSQL) exercise_postgres(*second);
      else exercise_mysql(*second);
    }
    // A server runs what its data directory configures: an entry others may write is ignored.
    fs::permissions(entry, fs::perms::group_write, fs::perm_options::add);
    {
      auto third = ShadowServer::start(provider);
      EXPECT(initialised_itself(*third));
    }
  }
  fs::remove_all(cache);
  return g_failures == 0 ? 0 : 1;
}

int hold(Provider provider) {
  auto server = ShadowServer::start(provider);
  std::cout << server->directory().string() << std::endl;
  while (true) pause();
}

int signal_test(Provider provider, const std::string& self, const std::string& signal_name) {
  int sig = signal_name == "INT" ? SIGINT : SIGKILL;
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_t child = fork();
  if (child == 0) {
    dup2(out[1], 1);
    close(out[0]);
    execl(self.c_str(), self.c_str(), "hold", to_string(provider), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string line;
  pollfd pfd{out[0], POLLIN, 0};
  char c = 0;
  while (poll(&pfd, 1, 60000) > 0 && read(out[0], &c, 1) == 1 && c != '\n') line += c;
  close(out[0]);
  if (line.empty()) {
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    std::cerr << "the holding process printed no directory\n";
    return 1;
  }
  fs::path dir = line;
  std::set<pid_t> pids = processes_in(dir);
  EXPECT(!pids.empty());

  auto signalled = Clock::now();
  kill(child, sig);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == sig);  // died of the signal, as a shell expects
  if (sig == SIGINT) {
    std::cout << "SIGINT: holder exited after " << ms_since(signalled) << " ms\n";
    EXPECT(none_alive(pids));
    EXPECT(!fs::exists(dir));
  } else {
    // The server gets its stop signal when its parent dies; it may take a moment to exit.
    while (!none_alive(pids) && ms_since(signalled) < 15000) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::cout << "SIGKILL: server gone after " << ms_since(signalled) << " ms\n";
    EXPECT(none_alive(pids));
    EXPECT(fs::exists(dir));  // nothing can clean up after SIGKILL
    fs::remove_all(dir);
  }
  EXPECT(processes_in(dir).empty());
  return g_failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: shadow_server_test lifecycle|signal|hold|cache postgresql|mysql [INT|KILL]\n";
    return 2;
  }
  std::string mode = argv[1];
  auto provider = parse_provider(argv[2]);
  if (!provider) {
    std::cerr << "unknown provider " << argv[2] << "\n";
    return 2;
  }
  if (!ShadowServer::available(*provider)) {
    std::cout << "SKIP: no " << to_string(*provider) << " server binaries installed\n";
    return 77;
  }
  try {
    if (mode == "lifecycle") return lifecycle(*provider);
    if (mode == "hold") return hold(*provider);
    if (mode == "cache") return cache_test(*provider);
    if (mode == "signal" && argc == 4) return signal_test(*provider, fs::canonical("/proc/self/exe"), argv[3]);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "unknown mode " << mode << "\n";
  return 2;
}
