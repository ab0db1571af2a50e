#include "datamodel/schema_loader.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <system_error>
#include <vector>

#include "core/error.h"
#include "datamodel/parser.h"
#include "util/file_io.h"

namespace fs = std::filesystem;

namespace driftgate::psl {
namespace {

std::optional<nlohmann::json> read_json(const fs::path& path) {
  auto json = nlohmann::json::parse(read_file(path), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return std::nullopt;
  return json;
}

bool is_prisma_file(const fs::path& path) { return path.extension() == ".prisma"; }

// Prisma's loader follows symbolic links to files but not to folders (which could loop).
void collect(const fs::path& dir, std::vector<fs::path>& out) {
  std::vector<fs::path> entries;
  for (const auto& entry : fs::directory_iterator(dir)) entries.push_back(entry.path());
  std::sort(entries.begin(), entries.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename().string() < b.filename().string(); });
  for (const auto& entry : entries) {
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(entry, ec))) {
      if (fs::is_regular_file(entry, ec) && is_prisma_file(entry)) out.push_back(entry);
    } else if (fs::is_directory(entry, ec)) {
      collect(entry, out);
    } else if (fs::is_regular_file(entry, ec) && is_prisma_file(entry)) {
      out.push_back(entry);
    }
  }
}

Datamodel load_path(const fs::path& path, const DatamodelLoadOptions& options) {
  std::error_code ec;
  std::vector<fs::path> paths;
  if (fs::is_directory(path, ec)) {
    try {
      collect(path, paths);
    } catch (const fs::filesystem_error& e) {
      throw Error(relative_to(e.path1(), options.repo_root) + ": " + e.code().message());
    }
    if (paths.empty()) throw Error(relative_to(path, options.repo_root) + ": no .prisma files in this folder");
  } else if (fs::exists(path, ec)) {
    paths.push_back(path);
  } else {
    throw Error(relative_to(path, options.repo_root) + ": no such schema file or folder");
  }
  std::vector<SchemaFile> files;
  for (const auto& p : paths) files.push_back({relative_to(p, options.repo_root), read_file(p)});
  Datamodel model = parse_datamodel(std::move(files));
  model.schema_path = path;
  return model;
}

}  // namespace

std::optional<fs::path> find_package_json(const fs::path& dir) {
  std::error_code ec;
  fs::path current = fs::absolute(dir, ec);
  if (ec) return std::nullopt;
  for (;;) {
    fs::path candidate = current / "package.json";
    if (fs::is_regular_file(candidate, ec)) {
      auto json = read_json(candidate);
      if (json && !(json->is_object() && json->value("name", "") == ".prisma/client")) return candidate;
    }
    if (!current.has_relative_path()) return std::nullopt;  // the root
    current = current.parent_path();
  }
}

std::optional<fs::path> find_datamodel(const DatamodelLoadOptions& options) {
  if (auto package = find_package_json(options.cwd)) {
    auto json = read_json(*package);
    if (json && json->is_object() && json->contains("prisma") && (*json)["prisma"].is_object() &&
        (*json)["prisma"].contains("schema")) {
      const auto& schema = (*json)["prisma"]["schema"];
      std::string where = relative_to(*package, options.repo_root);
      if (!schema.is_string()) throw Error(where + ": \"prisma\".\"schema\" must be a string");
      fs::path target = package->parent_path() / schema.get<std::string>();
      std::error_code ec;
      if (!fs::exists(target, ec))
        throw Error(where + ": \"prisma\".\"schema\" names " + relative_to(target, options.repo_root) +
                    ", which does not exist");
      return target;
    }
  }
  for (const char* candidate : {"schema.prisma", "prisma/schema.prisma"}) {
    fs::path p = options.cwd / candidate;
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return p;
  }
  return std::nullopt;
}

Datamodel load_datamodel(const fs::path& path, const DatamodelLoadOptions& options) {
  if (!path.empty()) return load_path(options.cwd / path, options);
  if (auto found = find_datamodel(options)) return load_path(*found, options);
  throw Error(
      "no Prisma schema found: package.json has no \"prisma\".\"schema\", and neither schema.prisma nor "
      "prisma/schema.prisma exists; name the schema explicitly");
}

}  // namespace driftgate::psl
