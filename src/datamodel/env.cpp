#include "datamodel/env.h"

#include <algorithm>
#include <array>
#include <system_error>

#include "core/error.h"
#include "datamodel/schema_loader.h"
#include "util/file_io.h"
#include "util/replace_all.h"

extern char** environ;

namespace fs = std::filesystem;

namespace driftgate::psl {
namespace {

// Cycles such as A=${B}, B=${A} would recurse forever (Prisma's own expansion overflows its stack).
constexpr int kMaxExpansionDepth = 32;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }
bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_key_char(char c) { return is_word_char(c) || c == '.' || c == '-'; }

std::string_view trim(std::string_view s) {
  auto first = s.find_first_not_of(" \t\n\f\v");
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(" \t\n\f\v");
  return s.substr(first, last - first + 1);
}


// Where the quoted value that opens at `open` closes (\<quote> does not close it), or npos.
std::size_t closing_quote(std::string_view text, std::size_t open) {
  char quote = text[open];
  for (std::size_t i = open + 1; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == quote) {
      ++i;
    } else if (text[i] == quote) {
      return i;
    }
  }
  return std::string_view::npos;
}

// True when only blanks and an optional # comment follow `pos` on its line.
bool rest_of_line_is_comment(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_blank(text[pos])) ++pos;
  return pos >= text.size() || text[pos] == '\n' || text[pos] == '#';
}

std::optional<std::string> lookup(std::string_view name, const EnvContext& context, std::size_t last_file,
                                  int depth);

// ${NAME} expansion with the files up to `last_file` (Prisma expands a file when it loads it,
// when only the earlier files are loaded).
std::string expand(const std::string& value, const EnvContext& context, std::size_t last_file, int depth) {
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    std::size_t open = value.find("${", i);
    if (open == std::string::npos) break;
    std::size_t name_end = open + 2;
    while (name_end < value.size() && is_word_char(value[name_end])) ++name_end;
    if (name_end >= value.size() || value[name_end] != '}') {
      out.append(value, i, name_end - i);
      i = name_end;
      continue;
    }
    bool escaped = open > i && value[open - 1] == '\\';
    out.append(value, i, open - i - (escaped ? 1 : 0));
    if (escaped) {
      out.append(value, open, name_end + 1 - open);
    } else {
      std::string name = value.substr(open + 2, name_end - open - 2);
      out += lookup(name, context, last_file, depth + 1).value_or("");
    }
    i = name_end + 1;
  }
  out.append(value, std::min(i, value.size()));
  return out;
}

std::optional<std::string> lookup(std::string_view name, const EnvContext& context, std::size_t last_file,
                                  int depth) {
  std::string key(name);
  if (depth > kMaxExpansionDepth)
    throw Error("${" + key + "} in a .env file: references nest more than " + std::to_string(kMaxExpansionDepth) +
                " levels deep (do variables refer to each other?)");
  // A variable the environment sets is used as it is; what a .env file sets is expanded, and so
  // is whatever its ${} references reach (Prisma's dotenvExpand).
  if (auto it = context.environment.find(key); it != context.environment.end()) {
    return depth == 0 ? it->second : expand(it->second, context, last_file, depth);
  }
  for (std::size_t i = 0; i < context.files.size() && i <= last_file; ++i) {
    auto it = context.files[i].values.find(key);
    if (it != context.files[i].values.end()) return expand(it->second, context, i, depth);
  }
  return std::nullopt;
}

std::string describe(const Expression& e) {
  switch (e.kind) {
    case Expression::Kind::String: return "a string";
    case Expression::Kind::Number: return "the number " + e.value;
    case Expression::Kind::Boolean: return e.value;
    case Expression::Kind::Constant: return "'" + e.value + "'";
    case Expression::Kind::Array: return "a list";
    case Expression::Kind::Function: return e.value + "(...)";
  }
  return "a value";
}

}  // namespace

std::map<std::string, std::string> parse_dotenv(std::string_view raw) {
  std::string text = replace_all(raw, "\r\n", "\n");
  std::replace(text.begin(), text.end(), '\r', '\n');

  std::map<std::string, std::string> values;
  std::size_t pos = 0;
  // Each turn moves past at least the rest of one line.
  while (pos < text.size()) {
    std::size_t line_end = text.find('\n', pos);
    if (line_end == std::string::npos) line_end = text.size();
    std::size_t next = line_end + 1;
    std::size_t i = pos;
    while (i < line_end && is_blank(text[i])) ++i;
    if (text.compare(i, 6, "export") == 0 && i + 6 < line_end && is_blank(text[i + 6])) {
      i += 6;
      while (i < line_end && is_blank(text[i])) ++i;
    }
    std::size_t key_begin = i;
    while (i < line_end && is_key_char(text[i])) ++i;
    std::string key = text.substr(key_begin, i - key_begin);
    std::size_t sep = i;
    while (sep < line_end && is_blank(text[sep])) ++sep;
    bool equals = sep < line_end && text[sep] == '=';
    bool colon = i < line_end && text[i] == ':' && i + 1 < line_end && is_blank(text[i + 1]);
    if (key.empty() || !(equals || colon)) {
      pos = next;
      continue;
    }
    i = (equals ? sep : i) + 1;
    while (i < line_end && is_blank(text[i])) ++i;

    std::string_view value;
    if (i < line_end && (text[i] == '\'' || text[i] == '"' || text[i] == '`')) {
      std::size_t close = closing_quote(text, i);
      if (close != std::string::npos && rest_of_line_is_comment(text, close + 1)) {
        value = std::string_view(text).substr(i, close + 1 - i);
        std::size_t close_line_end = text.find('\n', close);
        next = close_line_end == std::string::npos ? text.size() : close_line_end + 1;
      }
    }
    if (value.empty()) {
      std::size_t end = text.find('#', i);
      value = std::string_view(text).substr(i, std::min(end, line_end) - i);
    }
    value = trim(value);
    char quote = value.empty() ? '\0' : value.front();
    std::string result(value);
    if (value.size() >= 2 && (quote == '\'' || quote == '"' || quote == '`') && value.back() == quote)
      result = std::string(value.substr(1, value.size() - 2));
    if (quote == '"') result = replace_all(replace_all(result, "\\n", "\n"), "\\r", "\r");
    values[key] = std::move(result);
    pos = next;
  }
  return values;
}

EnvContext env_context(const fs::path& schema_path, const fs::path& cwd) {
  EnvContext context;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view text(*entry);
    auto eq = text.find('=');
    if (eq != std::string_view::npos) context.environment.emplace(text.substr(0, eq), text.substr(eq + 1));
  }

  std::vector<fs::path> paths;
  if (auto package = find_package_json(cwd)) {
    fs::path root_env = package->parent_path() / ".env";
    std::error_code ec;
    if (fs::is_regular_file(root_env, ec)) paths.push_back(root_env);
  }
  std::vector<fs::path> schema_candidates = {cwd / "prisma" / ".env", cwd / ".env"};
  if (!schema_path.empty()) {
    fs::path beside = fs::absolute(schema_path).lexically_normal();
    if (!beside.has_filename()) beside = beside.parent_path();  // "prisma/schema/" is the folder itself
    schema_candidates.insert(schema_candidates.begin(), beside.parent_path() / ".env");
  }
  for (const auto& candidate : schema_candidates) {
    std::error_code ec;
    if (!fs::is_regular_file(candidate, ec)) continue;
    bool seen = std::any_of(paths.begin(), paths.end(),
                            [&](const fs::path& p) { return fs::equivalent(p, candidate, ec); });
    if (!seen) paths.push_back(candidate);
    break;
  }
  for (const auto& path : paths) context.files.push_back({path, parse_dotenv(read_file(path))});
  return context;
}

std::optional<std::string> resolve_env(std::string_view name, const EnvContext& context) {
  return lookup(name, context, context.files.size(), 0);
}

std::string string_value(const Expression& value, const EnvContext& context, const std::string& what) {
  if (value.is(Expression::Kind::String)) return value.value;
  if (value.is(Expression::Kind::Function) && value.value == "env") {
    const Expression* name = value.positional(0);
    if (value.arguments.size() != 1 || !name || !name->is(Expression::Kind::String))
      throw Error(value.location, "expected env(\"NAME\") with the variable's name as its one argument, a string");
    if (auto resolved = resolve_env(name->value, context)) return *resolved;
    throw Error(value.location, "environment variable " + name->value + " is not set (it gives " + what +
                                    "; set it, or put it in a .env file beside the schema or package.json)");
  }
  throw Error(value.location, "expected a string or env(\"NAME\") for " + what + ", found " + describe(value));
}

Provider datasource_provider(const Datamodel& model, const EnvContext& context) {
  const Block* source = nullptr;
  for (const auto& block : model.blocks) {
    if (block.kind != BlockKind::Datasource) continue;
    if (source)
      throw Error(block.name_location, "expected one datasource block, found a second one, " + block.name +
                                           " (the first is " + source->name + " at " +
                                           source->name_location.str() + ")");
    source = &block;
  }
  if (!source) {
    SourceLocation where;
    if (!model.files.empty()) where.file = model.files.front().path;
    throw Error(where, "expected a datasource block (datasource db { provider = \"postgresql\" }), found none");
  }
  const Property* provider = source->property("provider");
  if (!provider) throw Error(source->name_location, "datasource " + source->name + " has no provider");
  std::string name = string_value(provider->value, context, "the datasource provider");
  if (auto parsed = parse_provider(name)) return *parsed;
  static constexpr std::array<std::string_view, 4> kOtherPrismaProviders = {"sqlite", "sqlserver", "mongodb",
                                                                             "cockroachdb"};
  if (std::find(kOtherPrismaProviders.begin(), kOtherPrismaProviders.end(), name) != kOtherPrismaProviders.end())
    throw Error(provider->value.location,
                "datasource provider \"" + name + "\" is not supported: driftgate supports postgresql and mysql");
  throw Error(provider->value.location,
              "unknown datasource provider \"" + name + "\": expected postgresql or mysql");
}

}  // namespace driftgate::psl
