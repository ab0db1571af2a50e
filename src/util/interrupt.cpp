// The handler only writes the signal's number to a pipe (async-signal-safe); a watch thread reads
// it and decides, with ordinary code, whether to die now or to start an unwind. Signals stay
// unblocked everywhere, so the server processes driftgate starts inherit no odd signal mask.
#include "util/interrupt.h"
#include "util/terminating_signals.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

namespace driftgate {
namespace {

std::atomic<bool> g_active{false};
std::atomic<int> g_signal{0};
int g_pipe[2] = {-1, -1};
CaughtSignals g_caught;

// The live scopes' cancel actions. The watch thread holds the mutex while it calls them, so a
// scope (and whatever its action points to) cannot end in the middle of a call.
std::mutex g_scopes_mutex;
std::vector<const std::function<void()>*> g_scopes;

extern "C" void forward_to_watch(int sig) {
  int saved_errno = errno;
  auto byte = static_cast<unsigned char>(sig);
  (void)!write(g_pipe[1], &byte, 1);
  errno = saved_errno;
}

void watch() {
  while (true) {
    unsigned char byte = 0;
    ssize_t n = read(g_pipe[0], &byte, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n != 1) return;
    int sig = byte;
    std::lock_guard lock(g_scopes_mutex);
    if (g_scopes.empty() || g_signal.load() != 0) SignalWatch::die_of(sig);
    g_signal.store(sig);
    std::fprintf(stderr, "driftgate: interrupted by SIG%s: cleaning up what driftgate created "
                         "(interrupt again to stop at once and leave it)\n", sigabbrev_np(sig));
    for (const auto* cancel : g_scopes)
      if (*cancel) (*cancel)();
  }
}

}  // namespace

Interrupted::Interrupted(int signal)
    : Error(std::string("interrupted by SIG") + sigabbrev_np(signal)), signal_(signal) {}

SignalWatch::SignalWatch() {
  if (pipe2(g_pipe, O_CLOEXEC) != 0)
    throw Error(std::string("cannot create the signal pipe: ") + std::strerror(errno));
  struct sigaction action{};
  action.sa_handler = forward_to_watch;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  g_caught.catch_all(action);
  std::thread(watch).detach();  // blocked in read() until a signal; ends with the process
  g_active.store(true);
}

SignalWatch::~SignalWatch() {
  g_active.store(false);
  g_caught.restore_all();
}

bool SignalWatch::active() { return g_active.load(); }

void SignalWatch::die_of(int signal) {
  std::fflush(stdout);
  std::fflush(stderr);
  ::signal(signal, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, signal);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  raise(signal);
  _exit(128 + signal);  // only if the default disposition did not end the process
}

InterruptScope::InterruptScope(std::function<void()> cancel) : cancel_(std::move(cancel)) {
  std::lock_guard lock(g_scopes_mutex);
  g_scopes.push_back(&cancel_);
}

InterruptScope::~InterruptScope() {
  std::lock_guard lock(g_scopes_mutex);
  std::erase(g_scopes, &cancel_);
}

int interrupt_signal() { return g_signal.load(); }

void throw_if_interrupted() {
  if (int sig = g_signal.load()) throw Interrupted(sig);
}

}  // namespace driftgate
