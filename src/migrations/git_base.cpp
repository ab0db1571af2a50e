#include "migrations/git_base.h"

#include <map>
#include <set>
#include <sstream>

#include "core/error.h"
#include "util/file_io.h"
#include "util/hash.h"
#include "util/process.h"

namespace fs = std::filesystem;

namespace driftgate {
namespace {

// git's object id of a blob with these bytes.
std::string blob_id(std::string_view bytes) {
  std::string object = "blob " + std::to_string(bytes.size());
  object += '\0';
  object.append(bytes);
  return sha1_hex(object);
}

}  // namespace

fs::path git_toplevel(const fs::path& path) {
  try {
    auto r = run_process({"git", "-C", path.string(), "rev-parse", "--show-toplevel"});
    if (r.exit_code != 0) return {};
    std::string top = r.out.substr(0, r.out.find('\n'));
    return top;
  } catch (const Error&) {
    return {};  // no git on this machine: paths stay relative to the working directory
  }
}

BaseComparison compare_with_git_base(const MigrationDir& dir, const std::string& ref,
                                     const fs::path& repo_root) {
  auto verify = run_process({"git", "-C", repo_root.string(), "rev-parse", "--verify", "--quiet", ref + "^{commit}"});
  if (verify.exit_code != 0) throw Error("--base " + ref + ": no such git revision in " + repo_root.string());
  std::string dir_rel = relative_to(dir.dir, repo_root);
  auto tree = run_process({"git", "-C", repo_root.string(), "ls-tree", "-r", ref, "--", dir_rel + "/"});
  if (tree.exit_code != 0) throw Error("git ls-tree failed: " + tree.err);

  std::map<std::string, std::string> at_base;  // path -> blob id
  std::istringstream lines(tree.out);
  for (std::string line; std::getline(lines, line);) {
    auto tab = line.find('\t');
    std::istringstream meta(line.substr(0, tab));
    std::string mode, type, id;
    meta >> mode >> type >> id;
    if (type == "blob" && tab != std::string::npos) at_base[line.substr(tab + 1)] = id;
  }

  BaseComparison result;
  std::set<std::string> present;
  for (const auto& m : dir.migrations) {
    present.insert(m.relative_path);
    auto it = at_base.find(m.relative_path);
    if (it == at_base.end()) {
      result.status.push_back(BaseStatus::New);
    } else if (it->second != blob_id(m.bytes)) {
      result.status.push_back(BaseStatus::Changed);
      Finding f;
      f.rule_id = "DG008";
      f.level = Level::Error;
      f.location.file = m.relative_path;
      f.migration = m.name;
      f.message = "migration \"" + m.name + "\" was changed after it was committed on " + ref +
                  "; databases that already applied it will never run the new text. Revert the "
                  "edit and put the change in a new migration";
      result.findings.push_back(std::move(f));
    } else {
      result.status.push_back(BaseStatus::Unchanged);
    }
  }
  bool prisma = dir.layout == MigrationLayout::Prisma;
  for (const auto& [path, id] : at_base) {
    bool is_script = prisma ? path.ends_with("/migration.sql") : path.ends_with(".sql");
    if (!is_script || present.count(path)) continue;
    Finding f;
    f.rule_id = "DG008";
    f.level = Level::Error;
    f.location.file = path;
    f.message = "migration " + path + " exists on " + ref +
                " but was deleted or renamed; databases that applied it still record it";
    result.findings.push_back(std::move(f));
  }
  return result;
}

}  // namespace driftgate
