#pragma once
// What the deterministic fuzz drivers share (datamodel_fuzz, lint_fuzz): their command line, the
// mutations they draw from a fixed random seed, and the report that names the input a sanitizer
// stopped on. Not used by the libFuzzer builds, which bring their own main() and mutator.
//
//   <driver> [--iterations N] [--seed S] [--dump I] PATH...
#include <sanitizer/common_interface_defs.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace driftgate::fuzz {

struct Options {
  const char* program = "fuzz";
  long iterations = 0;
  std::uint64_t seed = 0;
  long dump = -1;  // the iteration whose input to print instead of running, or -1
  std::vector<std::string> paths;
};

// What the sanitizer's death callback and a failed check report: the input that crashed.
inline Options options;
inline long current_iteration = -1;  // -1 while the seeds themselves run
inline std::string current_seed_file;  // which seed runs, when the driver says

// "<program>: <what> on iteration I (--seed S); rerun with --dump I", or names the seed.
inline void report_input(const char* what) {
  if (current_iteration < 0)
    std::fprintf(stderr, "%s: %s on a seed %s\n", options.program, what, current_seed_file.c_str());
  else
    std::fprintf(stderr, "%s: %s on iteration %ld (--seed %llu); rerun with --dump %ld\n", options.program, what,
                 current_iteration, static_cast<unsigned long long>(options.seed), current_iteration);
}

// Reads the command line into `options` and arms the sanitizers' death callback; false (after
// the usage line) when no seed path is given.
inline bool parse_command_line(int argc, char** argv, const char* program, long default_iterations,
                               const char* paths_usage) {
  options.program = program;
  options.iterations = default_iterations;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "--iterations" || arg == "--seed" || arg == "--dump") && i + 1 < argc) {
      long value = std::strtol(argv[++i], nullptr, 10);
      if (arg == "--iterations") options.iterations = value;
      else if (arg == "--seed") options.seed = static_cast<std::uint64_t>(value);
      else options.dump = value;
    } else {
      options.paths.push_back(arg);
    }
  }
  if (options.paths.empty()) {
    std::fprintf(stderr, "usage: %s [--iterations N] [--seed S] [--dump I] %s...\n", program, paths_usage);
    return false;
  }
  __sanitizer_set_death_callback([] { report_input("crashed"); });
  return true;
}

// A driver's mutations: byte flips, truncations, deletions, duplicated ranges, splices of two
// seeds, deep nesting of one of `openers`, and (twice as likely) one of `tokens` inserted, which
// keeps mutants close to the grammar.
struct Mutator {
  std::span<const std::string_view> tokens;
  std::span<const std::string_view> openers;

  std::string operator()(std::string input, const std::vector<std::string>& seeds, std::mt19937_64& rng) const {
    auto below = [&](std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng() % n); };
    int rounds = 1 + static_cast<int>(below(8));
    for (int round = 0; round < rounds; ++round) {
      std::size_t at = below(input.size() + 1);
      switch (below(8)) {
        case 0:  // byte flip
          if (!input.empty()) input[below(input.size())] = static_cast<char>(rng());
          break;
        case 1:  // truncation
          input.resize(at);
          break;
        case 2: {  // deletion
          std::size_t length = std::min(input.size() - at, below(64));
          input.erase(at, length);
          break;
        }
        case 3: {  // duplicated range
          std::size_t from = below(input.size() + 1);
          std::string piece = input.substr(from, below(256));
          input.insert(at, piece);
          break;
        }
        case 4: {  // splice with another seed
          const std::string& other = seeds[below(seeds.size())];
          std::size_t from = below(other.size() + 1);
          input = input.substr(0, at) + other.substr(from);
          break;
        }
        case 5: {  // deep nesting, far past the parser's limit
          std::string_view opener = openers[below(openers.size())];
          std::size_t depth = 1 + below(5000);
          std::string nest;
          for (std::size_t i = 0; i < depth; ++i) nest += opener;
          input.insert(at, nest);
          break;
        }
        default:  // a token
          input.insert(at, tokens[below(tokens.size())]);
          break;
      }
    }
    return input;
  }
};

}  // namespace driftgate::fuzz
