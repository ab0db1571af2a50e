#pragma once
// The signals that end driftgate and after which it cleans up (Ctrl-C, kill, a closed terminal),
// and the catching of them that the SignalWatch (interrupt.h) and, in programs without one, the
// shadow servers' own handler (db/shadow_server.cpp) share.
#include <signal.h>

#include <array>
#include <cstddef>

namespace driftgate {

inline constexpr std::array kTerminatingSignals = {SIGINT, SIGTERM, SIGHUP};

// What catching the terminating signals replaced, to be put back.
class CaughtSignals {
 public:
  // Installs `action` for each terminating signal that is not ignored: an ignored one (nohup, a
  // background job without job control) stays ignored.
  void catch_all(const struct sigaction& action) {
    for (std::size_t i = 0; i < kTerminatingSignals.size(); ++i) {
      struct sigaction current{};
      sigaction(kTerminatingSignals[i], nullptr, &current);
      if (current.sa_handler == SIG_IGN) continue;
      caught_[i] = sigaction(kTerminatingSignals[i], &action, &previous_[i]) == 0;
    }
  }
  // Puts back what was there before for `sig`, or for every signal. Async-signal-safe.
  void restore(int sig) const {
    for (std::size_t i = 0; i < kTerminatingSignals.size(); ++i)
      if (kTerminatingSignals[i] == sig && caught_[i]) sigaction(sig, &previous_[i], nullptr);
  }
  void restore_all() const {
    for (int sig : kTerminatingSignals) restore(sig);
  }
  // Resets the caught ones to their default (in a child about to exec another program).
  void reset_to_default() const {
    for (std::size_t i = 0; i < kTerminatingSignals.size(); ++i)
      if (caught_[i]) signal(kTerminatingSignals[i], SIG_DFL);
  }

 private:
  std::array<struct sigaction, kTerminatingSignals.size()> previous_{};
  std::array<bool, kTerminatingSignals.size()> caught_{};
};

}  // namespace driftgate
