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

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string_view>
#include <vector>

#include "fuzz_driver.h"
#include "util/file_io.h"

namespace fs = std::filesystem;
using driftgate::fuzz::options;

namespace {

// Fragments of PSL that mutations insert, so that mutants reach past the lexer.
const std::string_view kTokens[] = {
    "{", "}", "(", ")", "[", "]", "[]", ",", ":", "=", "?", "!", "@", "@@", ".", "\"", "\\", "\\u", "\\ud83d",
    "\n", "\r", "\r\n", "\t", " ", "//", "///", "/*", "*/", "-", "-1.5", "0", "é", "😀", "\xFF", "\xC3",
    std::string_view("\0", 1), "model", "enum", "view", "type", "datasource", "generator", "model A {\n",
    "}\n", "  id Int @id\n", "@default(", "env(\"X\")", "@db.VarChar(", "@@index([", "sort: Desc", "Unsupported(\"",
    "true", "_x", "2fa",
};
const std::string_view kOpeners[] = {"[", "f(", "@default(", "[a(", "(\""};
const driftgate::fuzz::Mutator mutate{kTokens, kOpeners};

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
  driftgate::fuzz::current_iteration = iteration;
  auto start = std::chrono::steady_clock::now();
  accepted += parses(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  // Linear parsing takes milliseconds even under the sanitizers; seconds mean a hang.
  if (took.count() > 5.0) {
    std::fprintf(stderr, "datamodel_fuzz: iteration %ld took %.1f s (--seed %llu --dump %ld)\n", iteration,
                 took.count(), static_cast<unsigned long long>(options.seed), iteration);
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (!driftgate::fuzz::parse_command_line(argc, argv, "datamodel_fuzz", 10000, "SCHEMA-FILE-OR-FOLDER")) return 2;
  std::vector<std::string> seeds;
  for (const auto& path : options.paths) add_seeds(path, seeds);
  if (seeds.empty()) {
    std::fprintf(stderr, "datamodel_fuzz: no .prisma file under the paths given\n");
    return 2;
  }

  int failed = 0;
  if (options.dump < 0)
    for (std::size_t i = 0; i < seeds.size(); ++i) failed |= run(seeds[i], -1);

  std::mt19937_64 rng(options.seed);
  for (long iteration = 0; iteration < options.iterations; ++iteration) {
    std::string input = mutate(seeds[rng() % seeds.size()], seeds, rng);
    if (iteration == options.dump) {
      std::fwrite(input.data(), 1, input.size(), stdout);
      return 0;
    }
    if (options.dump < 0) failed |= run(input, iteration);
  }
  if (options.dump < 0)
    std::printf("datamodel_fuzz: %zu seeds and %ld mutations parsed (%ld) or were rejected cleanly\n", seeds.size(),
                options.iterations, accepted);
  return failed;
}

#endif  // DRIFTGATE_LIBFUZZER
