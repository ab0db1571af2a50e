#pragma once
// env("NAME") in a schema, resolved as Prisma 6's CLI resolves it (packages/internals:
// getEnvPaths.ts, tryLoadEnvs.ts, dotenvExpand.ts), in this order:
//   1. the process environment;
//   2. the project root's .env: beside the nearest package.json at or above the working directory;
//   3. the schema's .env: the first that exists of <the folder holding the schema path>/.env (for
//      a schema folder, its parent: Prisma takes dirname() of the path either way),
//      ./prisma/.env and ./.env.
// The root file comes before the schema's because Prisma loads it first and dotenv never
// overrides a variable that is already set; one file that is both is read once. Prisma 7 reads
// no .env file itself (prisma.config.ts loads them), so there only the environment counts.
//
// .env syntax is dotenv 16's: `KEY=value` or `KEY: value`, an optional `export `, keys of
// letters, digits, _ . -; '...', "..." and `...` values may span lines, "..." turns \n and \r
// into line breaks, unquoted values end at # and are trimmed, `# ...` lines are comments, and the
// last of duplicate keys wins. Then ${NAME} expands (from the environment, then this and the
// earlier files; unset is empty), while \${NAME} stays literally ${NAME}.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/schema.h"
#include "datamodel/ast.h"

namespace driftgate::psl {

struct DotenvFile {
  std::filesystem::path path;
  std::map<std::string, std::string> values;  // as written, before ${} expansion
};

struct EnvContext {
  std::map<std::string, std::string> environment;  // a copy of the process environment
  std::vector<DotenvFile> files;                   // .env files, highest precedence first
};

// The variables of a .env file.
std::map<std::string, std::string> parse_dotenv(std::string_view text);

// The process environment and the .env files Prisma would read for the schema at `schema_path`
// (a file or a folder) when run in `cwd`. Throws driftgate::Error when a .env cannot be read.
EnvContext env_context(const std::filesystem::path& schema_path, const std::filesystem::path& cwd);

// The value of NAME, or nullopt when neither the environment nor a .env file sets it. Throws
// driftgate::Error when ${} references loop.
std::optional<std::string> resolve_env(std::string_view name, const EnvContext& context);

// The text of a string literal or of env("NAME"). Throws a located driftgate::Error for any other
// expression and for an unset variable; `what` names the value in messages ("the provider").
std::string string_value(const Expression& value, const EnvContext& context, const std::string& what);

// The provider of the schema's one datasource. Throws a located driftgate::Error when there is no
// datasource, more than one, no provider, or a provider driftgate does not support (sqlite,
// sqlserver, mongodb and cockroachdb are Prisma providers, but not driftgate's).
Provider datasource_provider(const Datamodel& model, const EnvContext& context);

}  // namespace driftgate::psl
