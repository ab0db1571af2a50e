#pragma once
// Ctrl-C (SIGINT), SIGTERM and SIGHUP as an orderly unwind while driftgate holds something that
// must be cleaned up with ordinary code: a shadow database on a --shadow-url server can only be
// dropped over a connection, which no signal handler may open. main() installs one SignalWatch;
// a signal then reaches a thread of its own, not whatever code was running:
//  - with no InterruptScope alive, it kills the process at once, as it would without driftgate's
//    help (nothing needs cleaning up);
//  - with one alive, the first signal is recorded and each scope's cancel action runs (e.g. a
//    libpq cancel request for the query in flight), the interrupted code throws Interrupted at its
//    next check, and destructors drop, stop and remove what driftgate created; main() then dies
//    of the signal, as a shell expects. A second signal kills the process at once.
// Without a SignalWatch (tests, benchmarks) nothing here changes how signals behave.
#include <functional>

#include "core/error.h"

namespace driftgate {

// Thrown at a check point after a signal; main() turns it into death by that signal.
class Interrupted : public Error {
 public:
  explicit Interrupted(int signal);
  int signal() const { return signal_; }

 private:
  int signal_;
};

class SignalWatch {
 public:
  SignalWatch();  // before any other thread starts
  ~SignalWatch();
  SignalWatch(const SignalWatch&) = delete;
  SignalWatch& operator=(const SignalWatch&) = delete;

  // True while a SignalWatch is installed (then it owns SIGINT, SIGTERM and SIGHUP).
  static bool active();
  // Dies of `signal` with its default disposition (after the unwind): never returns.
  [[noreturn]] static void die_of(int signal);
};

// While alive, a signal is deferred into an unwind, and `cancel` (when given) runs on the watch
// thread to break a blocking call: it must be safe to call from another thread.
class InterruptScope {
 public:
  explicit InterruptScope(std::function<void()> cancel = {});
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

 private:
  std::function<void()> cancel_;
};

// The signal received so far, 0 when none.
int interrupt_signal();
// Throws Interrupted when a signal was received: call it where work can stop cleanly.
void throw_if_interrupted();

}  // namespace driftgate
