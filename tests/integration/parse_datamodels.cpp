// Parses every datamodel of ../shared/corpus (single files and multi-file folders) and checks what
// the parser saw against counts taken from the files with grep: models, enums, @@index lines,
// @relation attributes, and the datasource provider. Prints the parse time of each (the best of
// several runs). Exits 77 (CTest: skipped) when the corpus is absent.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/error.h"
#include "datamodel/env.h"
#include "datamodel/parser.h"
#include "datamodel/schema_loader.h"
#include "util/file_io.h"

namespace fs = std::filesystem;
using namespace driftgate;

namespace {

struct Expected {
  const char* project;
  const char* schema;  // relative to the project
  Provider provider;
  int files, models, enums, indexes, relations;
};

constexpr Expected kCorpus[] = {
    {"documenso", "packages/prisma/schema.prisma", Provider::PostgreSQL, 1, 51, 30, 44, 64},
    {"rallly", "packages/database/prisma", Provider::PostgreSQL, 13, 32, 16, 42, 51},
    {"papermark", "prisma/schema", Provider::PostgreSQL, 10, 62, 18, 141, 129},
    {"hoppscotch", "packages/hoppscotch-backend/prisma/schema.prisma", Provider::PostgreSQL, 1, 23, 4, 5, 24},
    {"umami", "db/postgresql/schema.prisma", Provider::PostgreSQL, 1, 11, 0, 52, 17},
    {"umami", "db/mysql/schema.prisma", Provider::MySQL, 1, 11, 0, 52, 17},
};

struct Counts {
  int models = 0, enums = 0, indexes = 0, relations = 0;
};

Counts count(const psl::Datamodel& model) {
  Counts c;
  for (const auto& block : model.blocks) {
    c.models += block.kind == psl::BlockKind::Model;
    c.enums += block.kind == psl::BlockKind::Enum;
    for (const auto& a : block.attributes) c.indexes += a.name == "index";
    for (const auto& f : block.fields)
      for (const auto& a : f.attributes) c.relations += a.name == "relation";
  }
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: parse_datamodels SHARED_DIR\n");
    return 2;
  }
  fs::path corpus = fs::path(argv[1]) / "corpus";
  if (!fs::is_directory(corpus)) {
    std::printf("SKIP: %s is absent (the shared corpus sits beside the checkout)\n", corpus.c_str());
    return 77;
  }
  int failed = 0;
  auto fail = [&](const std::string& message) {
    std::printf("FAIL: %s\n", message.c_str());
    failed = 1;
  };

  for (const auto& expected : kCorpus) {
    fs::path root = corpus / expected.project;
    std::string name = std::string(expected.project) + "/" + expected.schema;
    try {
      psl::DatamodelLoadOptions options{root, root};
      auto model = psl::load_datamodel(expected.schema, options);
      // The parse alone, without the file reads, timed as the best of 20 runs.
      double best_ms = 1e9;
      for (int run = 0; run < 20; ++run) {
        auto start = std::chrono::steady_clock::now();
        auto again = psl::parse_datamodel(model.files);
        std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
        best_ms = std::min(best_ms, took.count());
        if (again.blocks.size() != model.blocks.size()) fail(name + ": a second parse gave another result");
      }
      Counts c = count(model);
      if (static_cast<int>(model.files.size()) != expected.files)
        fail(name + ": " + std::to_string(model.files.size()) + " files, expected " + std::to_string(expected.files));
      if (c.models != expected.models || c.enums != expected.enums || c.indexes != expected.indexes ||
          c.relations != expected.relations)
        fail(name + ": models/enums/@@index/@relation " + std::to_string(c.models) + "/" + std::to_string(c.enums) +
             "/" + std::to_string(c.indexes) + "/" + std::to_string(c.relations) + ", expected " +
             std::to_string(expected.models) + "/" + std::to_string(expected.enums) + "/" +
             std::to_string(expected.indexes) + "/" + std::to_string(expected.relations));
      psl::EnvContext no_env;  // every corpus provider is a literal
      if (psl::datasource_provider(model, no_env) != expected.provider) fail(name + ": wrong provider");
      std::size_t bytes = 0;
      for (const auto& f : model.files) bytes += f.text.size();
      std::printf("%-60s %2zu files %6zu bytes %4zu blocks  parse %.3f ms\n", name.c_str(), model.files.size(), bytes,
                  model.blocks.size(), best_ms);
    } catch (const Error& e) {
      fail(name + ": " + e.located_message());
    }
  }

  // Every .prisma file parses on its own too (a part of a multi-file schema is valid syntax).
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    if (entry.path().extension() != ".prisma") continue;
    ++files;
    try {
      psl::parse_schema_file({entry.path().string(), read_file(entry.path())});
    } catch (const Error& e) {
      fail(e.located_message());
    }
  }
  std::printf("%d .prisma files parsed one by one\n", files);
  return failed;
}
