// The shared half of the shadow servers: temp directory, child processes, and cleanup on signals.
//
// How a shadow server is cleaned up, whatever happens to driftgate:
//  - Normal exit and exceptions: ~ShadowProcess stops the child and removes the directory.
//  - SIGINT, SIGTERM, SIGHUP in the driftgate binary: its SignalWatch (util/interrupt.h) turns the
//    signal into an Interrupted exception, and the destructors above do the work.
//  - The same signals in a program without a SignalWatch: destructors do not run when a signal
//    kills a process, so the first ShadowProcess installs a handler for them (unless the signal was ignored when driftgate started,
//    as for `nohup` or a background job). Every live ShadowProcess is listed in a fixed, process-wide
//    table of slots: the one piece of global mutable state in driftgate, since a signal handler can
//    reach nothing else. The handler uses only async-signal-safe calls: it signals each child's
//    process group with its stop signal, polls waitpid() with a deadline and then SIGKILLs, removes
//    each directory with a forked `rm -rf` (a recursive delete in the handler itself would need
//    opendir/malloc), and finally restores the signal's previous disposition and raises it again,
//    so that driftgate dies of the signal as the shell expects.
//  - SIGKILL of driftgate (or any other death): each child asked the kernel for its stop signal on
//    its parent's death (PR_SET_PDEATHSIG), so no server outlives driftgate. Its directory does:
//    nothing can run after SIGKILL, which is why directories are named driftgate-shadow-XXXXXX.
// Children run in their own process group, so a Ctrl-C in the terminal reaches driftgate alone and
// not a server in the middle of a query; driftgate then stops the servers itself.
// The slot table is changed only with these signals blocked, so the handler never sees half an
// update; the pid is cleared in the same blocked section that reaps the child, so the handler never
// signals a pid the kernel may have reused.
#include <fcntl.h>
#include <grp.h>
#include <linux/magic.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <mutex>

#include "core/error.h"
#include "db/data_dir_cache.h"
#include "db/replay_key.h"
#include "db/shadow_process.h"
#include "util/interrupt.h"
#include "util/terminating_signals.h"

extern char** environ;

namespace driftgate {

struct ShadowSlot {
  std::atomic<bool> used{false};
  std::atomic<pid_t> pid{0};          // the child working in the directory, 0 when none
  std::atomic<int> stop_signal{SIGKILL};
  char directory[PATH_MAX] = {};
};

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A sockaddr_un path holds 107 characters and a NUL.
constexpr std::size_t kMaxSocketPath = 107;
// How long a child may take to stop before it is killed.
constexpr std::chrono::milliseconds kStopPatience{5000};
constexpr std::string_view kDirectoryPattern = "driftgate-shadow-XXXXXX";

std::array<ShadowSlot, 16> g_slots;
std::mutex g_claim_mutex;  // between threads claiming and releasing slots; the handler only reads
CaughtSignals g_caught;
std::once_flag g_install_once;

sigset_t handled_signal_set() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : kTerminatingSignals) sigaddset(&set, sig);
  return set;
}

// Defers the handled signals for a scope (on this thread) while the slot table changes.
class BlockHandledSignals {
 public:
  BlockHandledSignals() {
    sigset_t set = handled_signal_set();
    pthread_sigmask(SIG_BLOCK, &set, &previous_);
  }
  ~BlockHandledSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  BlockHandledSignals(const BlockHandledSignals&) = delete;
  BlockHandledSignals& operator=(const BlockHandledSignals&) = delete;
  const sigset_t& previous() const { return previous_; }

 private:
  sigset_t previous_;
};

// ---- async-signal-safe helpers, shared by the handler and the normal path ----

void sleep_for_ms(long ms) {
  timespec ts{ms / 1000, (ms % 1000) * 1000000};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

long now_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

void signal_group(pid_t pid, int sig) {
  // Until the child has called setpgid() its group does not exist yet; signal the child itself.
  if (kill(-pid, sig) != 0 && errno == ESRCH) kill(pid, sig);
}

// Waits up to `patience_ms` for the child to exit and reaps it; false when it is still running.
bool wait_exit(pid_t pid, long patience_ms) {
  long deadline = now_ms() + patience_ms;
  while (true) {
    pid_t r = waitpid(pid, nullptr, WNOHANG);
    if (r == pid || (r < 0 && errno == ECHILD)) return true;
    if (now_ms() >= deadline) return false;
    sleep_for_ms(1);
  }
}

// Stops the slot's child: its stop signal to its process group, then SIGKILL after the patience.
void stop_child(ShadowSlot& slot) {
  pid_t pid = slot.pid.load();
  if (pid <= 0) return;
  signal_group(pid, slot.stop_signal.load());
  if (!wait_exit(pid, kStopPatience.count())) {
    signal_group(pid, SIGKILL);
    wait_exit(pid, LONG_MAX / 2);
  }
  slot.pid.store(0);
}

void remove_tree_in_handler(const char* directory) {
  pid_t pid = _Fork();  // unlike fork(), runs no atfork handlers: async-signal-safe
  if (pid == 0) {
    const char* argv[] = {"rm", "-rf", "--", directory, nullptr};
    const char* envp[] = {nullptr};
    execve("/bin/rm", const_cast<char* const*>(argv), const_cast<char* const*>(envp));
    _exit(127);
  }
  if (pid > 0)
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
}

extern "C" void on_terminating_signal(int sig) {
  int saved_errno = errno;
  for (auto& slot : g_slots)
    if (slot.used.load()) stop_child(slot);
  for (auto& slot : g_slots)
    if (slot.used.load()) remove_tree_in_handler(slot.directory);
  g_caught.restore(sig);
  raise(sig);  // pending until the handler returns, then delivered with the previous disposition
  errno = saved_errno;
}

void install_handlers() {
  if (SignalWatch::active()) return;  // it owns these signals and unwinds instead
  struct sigaction action{};
  action.sa_handler = on_terminating_signal;
  action.sa_mask = handled_signal_set();  // one cleanup at a time
  g_caught.catch_all(action);
}

ShadowSlot& claim_slot(const std::string& directory) {
  std::lock_guard lock(g_claim_mutex);
  for (auto& slot : g_slots) {
    if (slot.used.load()) continue;
    std::memcpy(slot.directory, directory.c_str(), directory.size() + 1);  // < PATH_MAX: mkdtemp made it
    slot.pid.store(0);
    slot.used.store(true);
    return slot;
  }
  throw Error("cannot start another shadow server: " + std::to_string(g_slots.size()) + " are already running");
}

void release_slot(ShadowSlot& slot) {
  std::lock_guard lock(g_claim_mutex);
  slot.used.store(false);
}

// ---- the normal path ----

// Whether `user` can reach `dir`: every directory on the way must be searchable by it.
bool searchable_by(const fs::path& dir, uid_t uid, gid_t gid) {
  std::error_code ec;
  fs::path path = fs::canonical(dir, ec);
  if (ec) return false;
  for (fs::path p = path;; p = p.parent_path()) {
    struct stat st{};
    if (stat(p.c_str(), &st) != 0) return false;
    bool ok = (st.st_mode & S_IXOTH) || (st.st_uid == uid && (st.st_mode & S_IXUSR)) ||
              (st.st_gid == gid && (st.st_mode & S_IXGRP));
    if (!ok) return false;
    if (p == p.parent_path()) return true;
  }
}

// A memory file system with room for a shadow server: container runtimes often give /dev/shm
// only 64 MB, and a data directory alone takes 30.
bool roomy_tmpfs(const char* path) {
  constexpr unsigned long long kNeeded = 1ULL << 30;
  struct statfs fs_info{};
  struct statvfs space{};
  return statfs(path, &fs_info) == 0 && fs_info.f_type == TMPFS_MAGIC && statvfs(path, &space) == 0 &&
         static_cast<unsigned long long>(space.f_bavail) * space.f_frsize >= kNeeded;
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return std::string("killed by signal ") + strsignal(WTERMSIG(status));
  return "wait status " + std::to_string(status);
}

// The last lines of a log, indented, for an error message.
std::string log_tail(const fs::path& log) {
  std::ifstream in(log);
  std::deque<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    lines.push_back(line);
    if (lines.size() > 12) lines.pop_front();
  }
  if (lines.empty()) return " It printed nothing.";
  std::string out = " Its output ends with:";
  for (const auto& line : lines) out += "\n  " + line;
  return out;
}

// Writes "driftgate: <what> failed: errno N" to the child's log, without malloc or stdio.
[[noreturn]] void child_fail(const char* what) {
  int err = errno;
  char digits[16];
  int n = 0;
  do digits[n++] = static_cast<char>('0' + err % 10);
  while ((err /= 10) > 0 && n < 15);
  auto put = [](const char* s) { (void)!write(2, s, std::strlen(s)); };
  put("driftgate: ");
  put(what);
  put(" failed: errno ");
  while (n > 0) (void)!write(2, &digits[--n], 1);
  put("\n");
  _exit(127);
}

}  // namespace

ShadowProcess::ShadowProcess(const std::string& server_name, const char* system_user, const std::string& socket_name,
                             ReplayCacheRequest cache)
    : server_name_(server_name), cache_(std::move(cache)) {
  std::call_once(g_install_once, install_handlers);
  if (geteuid() == 0) {
    // PostgreSQL refuses to run as root, and MariaDB only does with --user=root: run them as the
    // system account their packages create.
    const passwd* account = getpwnam(system_user);
    if (!account)
      throw Error("driftgate is running as root, so it runs the " + server_name + " shadow server as the system user \"" +
                  system_user + "\", which does not exist: create it (useradd --system --user-group " + system_user +
                  "), run driftgate as an ordinary user, or pass --shadow-url");
    switch_user_ = true;
    uid_ = account->pw_uid;
    gid_ = account->pw_gid;
  }

  // $TMPDIR when set (the user's choice), else /dev/shm when it is a roomy tmpfs, else /tmp; each
  // only when the socket path fits in it and the server's account can reach it. In memory, a
  // replay takes about half the time: DDL creates and deletes many small files.
  auto usable = [&](const fs::path& candidate) {
    bool fits = (candidate / kDirectoryPattern / socket_name).string().size() <= kMaxSocketPath;
    return fits && (!switch_user_ || searchable_by(candidate, uid_, gid_));
  };
  fs::path base = "/tmp";
  const char* tmpdir = std::getenv("TMPDIR");
  if (tmpdir && *tmpdir) {
    if (usable(tmpdir)) base = tmpdir;
  } else if (roomy_tmpfs("/dev/shm") && usable("/dev/shm")) {
    base = "/dev/shm";
  }
  std::string directory = (base / kDirectoryPattern).string();
  BlockHandledSignals blocked;  // the directory and its slot appear together
  if (!mkdtemp(directory.data()))
    throw Error("cannot create a directory for the " + server_name + " shadow server in " + base.string() + ": " +
                std::strerror(errno));
  if (switch_user_ && chown(directory.c_str(), uid_, gid_) != 0) {
    std::string why = std::strerror(errno);
    rmdir(directory.c_str());
    throw Error("cannot give " + directory + " to the user \"" + system_user + "\": " + why);
  }
  try {
    slot_ = &claim_slot(directory);
  } catch (...) {
    rmdir(directory.c_str());
    throw;
  }
  directory_ = directory;
}

void ShadowProcess::stop() {
  BlockHandledSignals blocked;
  stop_child(*slot_);
}

ShadowProcess::~ShadowProcess() {
  BlockHandledSignals blocked;
  stop_child(*slot_);
  std::error_code ec;
  fs::remove_all(directory_, ec);
  if (ec)
    std::fprintf(stderr, "driftgate: warning: could not remove the shadow server's directory %s: %s\n",
                 directory_.c_str(), ec.message().c_str());
  release_slot(*slot_);
}

pid_t ShadowProcess::spawn(const std::vector<std::string>& argv, const fs::path& log, int stop_signal) {
  int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (log_fd < 0) throw Error("cannot create " + log.string() + ": " + std::strerror(errno));
  int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd < 0) {
    close(log_fd);
    throw Error(std::string("cannot open /dev/null: ") + std::strerror(errno));
  }
  // Everything the child needs is prepared here: between fork and exec it may only make
  // async-signal-safe calls (another thread may hold malloc's lock).
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // TZ=UTC: every shadow has the same time zone whatever the host's (initdb writes it into
  // postgresql.conf; MariaDB takes it as its system time zone).
  std::vector<char*> env;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "TZ=", 3) != 0) env.push_back(*e);
  env.push_back(const_cast<char*>("TZ=UTC"));
  env.push_back(nullptr);
  const char* dir = directory_.c_str();
  pid_t parent = getpid();

  BlockHandledSignals blocked;  // the child is in the slot before a handler can look
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    g_caught.reset_to_default();  // driftgate's cleanup is not the child's
    if (dup2(null_fd, 0) < 0 || dup2(log_fd, 1) < 0 || dup2(log_fd, 2) < 0) child_fail("dup2");
    close_range(3, ~0U, 0);
    if (chdir(dir) != 0) child_fail("chdir");
    if (switch_user_ && (setgroups(1, &gid_) != 0 || setgid(gid_) != 0 || setuid(uid_) != 0)) child_fail("setuid");
    // After setuid, which clears it. A parent that died before this line would never send it.
    if (prctl(PR_SET_PDEATHSIG, stop_signal) != 0) child_fail("prctl");
    if (getppid() != parent) _exit(1);
    pthread_sigmask(SIG_SETMASK, &blocked.previous(), nullptr);
    execve(args[0], args.data(), env.data());
    child_fail(args[0]);
  }
  int fork_errno = errno;
  close(log_fd);
  close(null_fd);
  if (pid < 0) throw Error("cannot start " + argv[0] + ": " + std::strerror(fork_errno));
  setpgid(pid, pid);  // as the child does: whichever runs first, the group exists from here on
  slot_->stop_signal.store(stop_signal);
  slot_->pid.store(pid);
  return pid;
}

std::optional<int> ShadowProcess::reap(pid_t pid) {
  BlockHandledSignals blocked;
  int status = 0;
  if (waitpid(pid, &status, WNOHANG) != pid) return std::nullopt;
  slot_->pid.store(0);
  return status;
}

std::string ShadowProcess::failure(const std::string& what, const fs::path& log) const {
  return "cannot start the " + server_name_ + " shadow server: " + what + "." + log_tail(log) +
         "\nInstall a working server, or pass --shadow-url to use an existing one.";
}

void ShadowProcess::run(const std::vector<std::string>& argv, const std::string& log_name, std::chrono::seconds timeout) {
  fs::path log = directory_ / log_name;
  pid_t pid = spawn(argv, log, SIGKILL);  // a half-done initdb is worth nothing
  auto deadline = Clock::now() + timeout;
  std::string program = fs::path(argv[0]).filename().string();
  while (true) {
    throw_if_interrupted();  // the destructor stops the child
    if (auto status = reap(pid)) {
      if (WIFEXITED(*status) && WEXITSTATUS(*status) == 0) return;
      throw Error(failure(program + " failed (" + describe_status(*status) + ")", log));
    }
    if (Clock::now() > deadline) {
      {
        BlockHandledSignals blocked;
        stop_child(*slot_);
      }
      throw Error(failure(program + " did not finish within " + std::to_string(timeout.count()) + " s", log));
    }
    sleep_for_ms(2);
  }
}

void ShadowProcess::initialise(const std::vector<std::string>& init_argv, const fs::path& server_program,
                               const fs::path& data, const std::string& log_name, std::chrono::seconds timeout) {
  data_ = data;
  init_argv_ = init_argv;
  server_program_ = server_program;
  auto cache = cache_.enabled ? DataDirCache::open() : std::nullopt;
  std::optional<std::pair<uid_t, gid_t>> owner;
  if (switch_user_) owner = std::pair(uid_, gid_);
  std::string key = DataDirCache::key(init_argv, directory_);
  if (cache) {
    // The longest prefix first; a prefix whose entry fails its check is passed over for a shorter one.
    std::vector<std::string> prefixes = replay_keys().prefixes(cache_.migrations);
    for (std::size_t k = prefixes.size(); k > 0; --k) {
      if (cache->contains(prefixes[k - 1]) && cache->restore(prefixes[k - 1], data, owner)) {
        restored_ = k;
        return;
      }
    }
    if (cache->restore(key, data, owner)) return;
  }
  run(init_argv, log_name, timeout);
  if (cache) cache->store(key, data);
}

ReplayKeys ShadowProcess::replay_keys() const {
  return ReplayKeys(DataDirCache::key(init_argv_, directory_), DataDirCache::program_stamp(server_program_), cache_.schema);
}

void ShadowProcess::save(std::span<const std::uint64_t> applied) {
  {
    BlockHandledSignals blocked;
    pid_t pid = slot_->pid.load();
    if (pid <= 0) return;
    signal_group(pid, clean_stop_signal_);
    if (!wait_exit(pid, kStopPatience.count())) {
      stop_child(*slot_);  // no clean copy to keep
      return;
    }
    slot_->pid.store(0);
  }
  if (applied.empty() || !cache_.enabled) return;
  if (auto cache = DataDirCache::open()) cache->store(replay_keys().after(applied), data_);
}

void ShadowProcess::serve(const std::vector<std::string>& argv, const std::string& log_name, int stop_signal,
                          int clean_stop_signal, const std::function<bool()>& ready, std::chrono::seconds timeout) {
  clean_stop_signal_ = clean_stop_signal;
  fs::path log = directory_ / log_name;
  pid_t pid = spawn(argv, log, stop_signal);
  auto deadline = Clock::now() + timeout;
  std::string program = fs::path(argv[0]).filename().string();
  while (true) {
    throw_if_interrupted();
    if (auto status = reap(pid))
      throw Error(failure(program + " stopped (" + describe_status(*status) + ") before accepting connections", log));
    if (ready()) return;
    if (Clock::now() > deadline)  // the destructor stops it
      throw Error(failure(program + " did not accept connections within " + std::to_string(timeout.count()) + " s", log));
    sleep_for_ms(5);
  }
}

std::unique_ptr<ShadowServer> ShadowServer::start(Provider provider, const ReplayCacheRequest& cache) {
  return provider == Provider::PostgreSQL ? start_postgres_shadow(cache) : start_mysql_shadow(cache);
}

bool ShadowServer::available(Provider provider) {
  return provider == Provider::PostgreSQL ? postgres_shadow_available() : mysql_shadow_available();
}

}  // namespace driftgate
