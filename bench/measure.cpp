// bench-measure: run a command N times and report its wall time and peak memory.
//
//   bench-measure [-n RUNS] [-o STDOUT_FILE] [-C DIR] -- COMMAND [ARGS...]
//
// Each run forks, redirects the child's stdout to STDOUT_FILE (truncated per run; default
// /dev/null) and its stderr to /dev/null, optionally changes into DIR, and execs COMMAND.
// The parent measures wall time with steady_clock and reads the child's peak resident set
// (ru_maxrss) from wait4(). One line of key=value pairs goes to stdout:
//
//   runs=5 exit=2 best_ms=12.345 median_ms=13.002 maxrss_kb=23456
//
// `exit` is the last run's exit status (128+N for a signal); maxrss_kb is the largest over all
// runs. A non-zero exit of the command is not an error for bench-measure (linters exit non-zero
// when they find something); bench-measure itself exits 1 only when it cannot run the command,
// or when the exit status changes between runs.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Run {
  double ms = 0;
  long maxrss_kb = 0;
  int exit = 0;
};

[[noreturn]] void usage() {
  std::fprintf(stderr, "usage: bench-measure [-n RUNS] [-o STDOUT_FILE] [-C DIR] -- COMMAND [ARGS...]\n");
  std::exit(64);
}

bool run_once(char** argv, const std::string& out, const std::string& dir, Run& r) {
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid < 0) {
    std::perror("bench-measure: fork");
    return false;
  }
  if (pid == 0) {
    int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int e = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0) _exit(126);
    if (!dir.empty() && chdir(dir.c_str()) != 0) _exit(126);
    execvp(argv[0], argv);
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  while (wait4(pid, &status, 0, &ru) < 0) {
    if (errno != EINTR) {
      std::perror("bench-measure: wait4");
      return false;
    }
  }
  auto t1 = std::chrono::steady_clock::now();
  r.ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
  r.maxrss_kb = ru.ru_maxrss;  // Linux: kilobytes
  r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 5;
  std::string out = "/dev/null";
  std::string dir;
  int i = 1;
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (i + 1 >= argc) usage();
    if (a == "-n") {
      runs = std::atoi(argv[++i]);
    } else if (a == "-o") {
      out = argv[++i];
    } else if (a == "-C") {
      dir = argv[++i];
    } else {
      usage();
    }
  }
  if (i >= argc || runs < 1) usage();

  std::vector<Run> results;
  for (int k = 0; k < runs; ++k) {
    Run r;
    if (!run_once(argv + i, out, dir, r)) return 1;
    if (r.exit == 126 || r.exit == 127) {
      std::fprintf(stderr, "bench-measure: cannot run %s (exit %d)\n", argv[i], r.exit);
      return 1;
    }
    if (!results.empty() && r.exit != results.back().exit) {
      std::fprintf(stderr, "bench-measure: exit status changed between runs (%d, then %d)\n",
                   results.back().exit, r.exit);
      return 1;
    }
    results.push_back(r);
  }

  std::vector<double> ms;
  long maxrss = 0;
  for (const auto& r : results) {
    ms.push_back(r.ms);
    maxrss = std::max(maxrss, r.maxrss_kb);
  }
  std::sort(ms.begin(), ms.end());
  double median = ms.size() % 2 ? ms[ms.size() / 2] : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
  std::printf("runs=%d exit=%d best_ms=%.3f median_ms=%.3f maxrss_kb=%ld\n", runs, results.back().exit,
              ms.front(), median, maxrss);
  return 0;
}
