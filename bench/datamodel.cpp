// Parse + translate time of Prisma datamodels, in process: what `diff --to schema:PATH` spends
// on the datamodel side, without process start or a database. Each run does what the CLI does
// (src/cli/schema_source.cpp): read and parse the file or folder, resolve the datasource's
// provider, translate to the relational schema. Prints, per PATH, the best and the median of
// RUNS runs of the whole, and of the parse (reading, parsing, provider lookup) and translate parts.
// Target (issue 4): under 20 ms for the largest corpus datamodel.
//
// Usage: bench-datamodel [-n RUNS] PATH...
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "datamodel/env.h"
#include "datamodel/schema_loader.h"
#include "datamodel/translate.h"

using namespace driftgate;

namespace {

using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

struct Stats {
  double best, median;
};

Stats stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v.front(), v[v.size() / 2]};
}

void bench(const std::filesystem::path& path, int runs) {
  std::vector<double> parse_ms, translate_ms, total_ms;
  std::size_t bytes = 0, files = 0, tables = 0;
  for (int run = 0; run < runs; ++run) {
    const auto t0 = Clock::now();
    psl::Datamodel model = psl::load_datamodel(path);
    const Provider provider =
        psl::datasource_provider(model, psl::env_context(model.schema_path, std::filesystem::current_path()));
    const auto t1 = Clock::now();
    const psl::Translation translated = psl::translate_datamodel(model, provider);
    const auto t2 = Clock::now();
    const Schema& schema = translated.schema;
    parse_ms.push_back(ms_between(t0, t1));
    translate_ms.push_back(ms_between(t1, t2));
    total_ms.push_back(ms_between(t0, t2));
    if (run == 0) {
      files = model.files.size();
      for (const auto& f : model.files) bytes += f.text.size();
      for (const auto& ns : schema.namespaces) tables += ns.tables.size();
    }
  }
  const Stats p = stats(parse_ms), t = stats(translate_ms), all = stats(total_ms);
  std::printf("%s\t%zu\t%zu\t%zu\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\n", path.c_str(), files, bytes, tables, all.best,
              all.median, p.best, p.median, t.best, t.median);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 50;
  int first = 1;
  if (argc > 2 && std::strcmp(argv[1], "-n") == 0) {
    runs = std::atoi(argv[2]);
    first = 3;
  }
  if (runs < 1 || first >= argc) {
    std::fprintf(stderr, "usage: bench-datamodel [-n RUNS] PATH...\n");
    return 2;
  }
  // Tab-separated so that the calling script can lay the table out with the others.
  std::printf("datamodel\tfiles\tbytes\ttables\ttotal_best_ms\ttotal_median_ms\tparse_best_ms\tparse_median_ms"
              "\ttranslate_best_ms\ttranslate_median_ms\n");
  try {
    for (int i = first; i < argc; ++i) bench(argv[i], runs);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench-datamodel: %s\n", e.what());
    return 1;
  }
  return 0;
}
