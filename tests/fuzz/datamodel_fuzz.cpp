// Fuzz target for the Prisma schema parser. Whatever the input, parse_schema_file either returns
// or throws driftgate::Error; a crash, a sanitizer report, any other exception or a hang is a bug.
//
// With clang's libFuzzer (-fsanitize=fuzzer, DRIFTGATE_LIBFUZZER defined) this file is only
// LLVMFuzzerTestOneInput. g++ has no libFuzzer, so otherwise main() is a deterministic driver:
// it parses every seed (schema files, or folders searched for .prisma files), then a fixed number
// of mutations of them drawn from a fixed random seed: byte flips, truncations, deletions,
// duplicated ranges, splices of two seeds, inserted tokens, deep nesting.
//
//   datamodel_fuzz [--iterations N] [--seed S] [--dump I] PATH...
//
// --dump I writes the input of iteration I to stdout, to reproduce a failure the driver reported.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "datamodel/parser.h"

namespace {

// True when the input parses, false when it is rejected with a driftgate::Error (the expected
// outcome for most mutations); anything else escapes and fails the run.
bool parses(const std::uint8_t* data, std::size_t size) {
  driftgate::psl::SchemaFile file{"fuzz.prisma", std::string(reinterpret_cast<const char*>(data), size)};
  try {
    driftgate::psl::parse_schema_file(file);
    return true;
  } catch (const driftgate::Error&) {
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parses(data, size);
  return 0;
}

#ifndef DRIFTGATE_LIBFUZZER

#include <sanitizer/common_interface_defs.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <random>
#include <string_view>
#include <vector>

#include "util/file_io.h"

namespace fs = std::filesystem;

namespace {

// What the sanitizer's death callback reports: the input that crashed.
long current_iteration = -1;
std::uint64_t current_seed = 0;

void report_crashing_input() {
  std::fprintf(stderr, "datamodel_fuzz: crashed on iteration %ld (--seed %llu); rerun with --dump %ld\n",
               current_iteration, static_cast<unsigned long long>(current_seed), current_iteration);
}

// Fragments of PSL that mutations insert, so that mutants reach past the lexer.
const std::string_view kTokens[] = {
    "{", "}", "(", ")", "[", "]", "[]", ",", ":", "=", "?", "!", "@", "@@", ".", "\"", "\\", "\\u", "\\ud83d",
    "\n", "\r", "\r\n", "\t", " ", "//", "///", "/*", "*/", "-", "-1.5", "0", "é", "😀", "\xFF", "\xC3",
    std::string_view("\0", 1), "model", "enum", "view", "type", "datasource", "generator", "model A {\n",
    "}\n", "  id Int @id\n", "@default(", "env(\"X\")", "@db.VarChar(", "@@index([", "sort: Desc", "Unsupported(\"",
    "true", "_x", "2fa",
};

std::string mutate(std::string input, const std::vector<std::string>& seeds, std::mt19937_64& rng) {
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
        static const char* const kOpeners[] = {"[", "f(", "@default(", "[a(", "(\""};
        std::string opener = kOpeners[below(std::size(kOpeners))];
        std::size_t depth = 1 + below(5000);
        std::string nest;
        for (std::size_t i = 0; i < depth; ++i) nest += opener;
        input.insert(at, nest);
        break;
      }
      default: {  // a token (twice as likely: it keeps mutants close to the grammar)
        input.insert(at, kTokens[below(std::size(kTokens))]);
        break;
      }
    }
  }
  return input;
}

void add_seeds(const fs::path& path, std::vector<std::string>& seeds) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    seeds.push_back(driftgate::read_file(path));
    return;
  }
  if (!fs::is_directory(path, ec)) return;  // the shared corpus may be absent
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(path))
    if (entry.is_regular_file() && entry.path().extension() == ".prisma") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) seeds.push_back(driftgate::read_file(file));
}

long accepted = 0;  // inputs that parsed

int run(const std::string& input, long iteration) {
  current_iteration = iteration;
  auto start = std::chrono::steady_clock::now();
  accepted += parses(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  // Linear parsing takes milliseconds even under the sanitizers; seconds mean a hang.
  if (took.count() > 5.0) {
    std::fprintf(stderr, "datamodel_fuzz: iteration %ld took %.1f s (--seed %llu --dump %ld)\n", iteration,
                 took.count(), static_cast<unsigned long long>(current_seed), iteration);
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  long iterations = 10000;
  long dump = -1;
  std::vector<std::string> seeds;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "--iterations" || arg == "--seed" || arg == "--dump") && i + 1 < argc) {
      long value = std::strtol(argv[++i], nullptr, 10);
      if (arg == "--iterations") iterations = value;
      else if (arg == "--seed") current_seed = static_cast<std::uint64_t>(value);
      else dump = value;
    } else {
      add_seeds(arg, seeds);
    }
  }
  if (seeds.empty()) {
    std::fprintf(stderr, "usage: datamodel_fuzz [--iterations N] [--seed S] [--dump I] SCHEMA-FILE-OR-FOLDER...\n");
    return 2;
  }
  __sanitizer_set_death_callback(report_crashing_input);

  int failed = 0;
  if (dump < 0)
    for (std::size_t i = 0; i < seeds.size(); ++i) failed |= run(seeds[i], -1);

  std::mt19937_64 rng(current_seed);
  for (long iteration = 0; iteration < iterations; ++iteration) {
    std::string input = mutate(seeds[rng() % seeds.size()], seeds, rng);
    if (iteration == dump) {
      std::fwrite(input.data(), 1, input.size(), stdout);
      return 0;
    }
    if (dump < 0) failed |= run(input, iteration);
  }
  if (dump < 0)
    std::printf("datamodel_fuzz: %zu seeds and %ld mutations parsed (%ld) or were rejected cleanly\n", seeds.size(),
                iterations, accepted);
  return failed;
}

#endif  // DRIFTGATE_LIBFUZZER
