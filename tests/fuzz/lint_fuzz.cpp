// Fuzz target for the lint pipeline: PostgreSQL parsing (libpg_query), change extraction, ignore
// comments, clause offsets, the rules and the history catalogue, all through lint_history(), and
// MySQL histories through the MySQL lexer and recogniser. Whatever the migrations hold, lint
// either reports findings that name a known rule, say something and point inside their file, or
// throws a driftgate::Error located in the history; a crash, a sanitizer report, any other exception, a finding outside its
// file (or a parse error not at the token PostgreSQL names), or a migration that does not parse
// yet gets no DG000 (a silent pass) is a bug.
//
// An input is a history of migrations written as lint fixtures write them: each starts at a line
// `-- migration: NAME` (`-- migration: NAME mysql` for a MySQL script), and the line break
// before the next marker (or the end) closes it; text without markers is one migration.
//
// With clang's libFuzzer (-fsanitize=fuzzer, DRIFTGATE_LIBFUZZER defined) this file is only
// LLVMFuzzerTestOneInput. Otherwise main() is a deterministic driver: it lints every seed file
// (each a history), then a fixed number of histories of 1 to 3 migrations drawn from a fixed
// random seed: consecutive seed migrations of one history, the last one (and each earlier one
// with even odds) mutated as datamodel_fuzz mutates schemas, with SQL tokens.
//
//   lint_fuzz [--iterations N] [--seed S] [--dump I] PATH...
//
// A PATH is a file or a folder searched for *.sql files. A script is MySQL when the nearest
// migration_lock.toml above it names mysql, or a folder on its path (or the file) is named mysql.
// --dump I writes the history of iteration I to stdout in the input format above; give that file
// back as the only PATH with --iterations 0 to run it again.
#include <pg_query.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/rule_doc.h"
#include "lint/lint_engine.h"
#include "lint/rule.h"
#include "sql/mysql_lexer.h"
#include "sql/mysql_splitter.h"
#include "util/line_index.h"

namespace {

using driftgate::Finding;
using driftgate::SourceLocation;

struct Script {
  std::string bytes;
  bool mysql = false;
};

constexpr std::string_view kMarker = "-- migration: ";

// The migrations of an input (see the file comment), at most `limit` of them: libFuzzer may
// write many markers. What precedes the first marker is a migration too, unless it is blank.
std::vector<Script> read_history(std::string_view text, bool mysql, std::size_t limit) {
  std::vector<std::size_t> markers;  // where each marker line starts
  for (std::size_t line = 0; line < text.size();) {
    if (text.substr(line).starts_with(kMarker)) markers.push_back(line);
    auto eol = text.find('\n', line);
    line = eol == std::string_view::npos ? text.size() : eol + 1;
  }
  if (markers.empty()) return {{std::string(text), mysql}};
  std::vector<Script> out;
  auto add = [&](std::size_t begin, std::size_t end, bool is_mysql) {
    if (end > begin && text[end - 1] == '\n') --end;  // the line break that closes the migration
    if (out.size() < limit) out.push_back({std::string(text.substr(begin, end - begin)), is_mysql});
  };
  if (text.substr(0, markers[0]).find_first_not_of(" \t\r\n") != std::string_view::npos) add(0, markers[0], mysql);
  for (std::size_t k = 0; k < markers.size(); ++k) {
    auto eol = text.find('\n', markers[k]);
    std::string_view header =
        text.substr(markers[k], eol == std::string_view::npos ? std::string_view::npos : eol - markers[k]);
    while (!header.empty() && std::isspace(static_cast<unsigned char>(header.back()))) header.remove_suffix(1);
    std::size_t begin = eol == std::string_view::npos ? text.size() : eol + 1;
    add(begin, k + 1 < markers.size() ? markers[k + 1] : text.size(), mysql || header.ends_with(" mysql"));
  }
  return out;
}

std::string migration_name(std::size_t i) { return "2024010100000" + std::to_string(i) + "_fuzz"; }

// Set by the driver: names the input when a check fails.
void (*describe_input)() = nullptr;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "lint_fuzz: %s\n", what.c_str());
  if (describe_input) describe_input();
  std::abort();
}

// How wide a line is, in the columns SourceLocation counts (UTF-16 code units).
int line_width(const driftgate::LineIndex& lines, std::string_view text, int line) {
  std::string_view t = lines.line_text(line);
  return lines.position(static_cast<std::size_t>(t.data() - text.data()) + t.size()).column - 1;
}

// Whether the text up to the end of `line` is UTF-8 as far as counting characters goes: every
// lead byte followed by the continuation bytes it announces, and no other continuation byte.
bool utf8_through_line(std::string_view text, int line) {
  driftgate::LineIndex lines(text);
  std::string_view t = lines.line_text(line);
  std::size_t end = static_cast<std::size_t>(t.data() - text.data()) + t.size();
  for (std::size_t i = 0; i < end;) {
    auto lead = static_cast<unsigned char>(text[i++]);
    int more = lead < 0x80 ? 0 : (lead & 0xE0) == 0xC0 ? 1 : (lead & 0xF0) == 0xE0 ? 2 : (lead & 0xF8) == 0xF0 ? 3 : -1;
    if (more < 0) return false;  // a continuation byte with no lead, or no lead byte of UTF-8
    for (; more > 0; --more, ++i)
      if (i >= text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) return false;
  }
  return true;
}

// Whether `token` starts at a byte that LineIndex places at `line` and `column` (a byte that is
// no character of its own, such as a stray UTF-8 continuation byte, shares its column).
bool token_at(std::string_view text, int line, int column, std::string_view token) {
  driftgate::LineIndex lines(text);
  std::string_view t = lines.line_text(line);
  int at = 1;
  for (std::size_t i = static_cast<std::size_t>(t.data() - text.data()); i <= text.size() && at <= column; ++i) {
    if (at == column && text.substr(i).starts_with(token)) return true;
    if (i == text.size()) break;
    auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) != 0x80) at += byte >= 0xF0 ? 2 : 1;
  }
  return false;
}

// Lines as an editor counts them: a final line break ends the last line, it starts none.
int line_count(const driftgate::LineIndex& lines, std::string_view text) {
  int n = lines.line_count();
  if (n > 1 && (text.back() == '\n' || text.back() == '\r')) --n;
  return n;
}

// Why `where` is no place in `text`, or "" when it is one: a line of the file, a column of that
// line (or just after it), and an end (when given) not before the start.
std::string misplaced(const SourceLocation& where, std::string_view text) {
  driftgate::LineIndex lines(text);
  int count = line_count(lines, text);
  auto check = [&](int line, int column, const char* what) -> std::string {
    if (line < 1 || line > count)
      return std::string(what) + " line " + std::to_string(line) + " outside 1.." + std::to_string(count);
    int width = line_width(lines, text, line);
    if (column < 1 || column > width + 1)
      return std::string(what) + " column " + std::to_string(column) + " outside 1.." + std::to_string(width + 1) +
             " of line " + std::to_string(line);
    return "";
  };
  if (auto why = check(where.line, where.column, "start"); !why.empty()) return why;
  if (where.end_line == 0 && where.end_column == 0) return "";
  if (auto why = check(where.end_line, where.end_column, "end"); !why.empty()) return why;
  if (where.end_line < where.line || (where.end_line == where.line && where.end_column < where.column))
    return "end before the start";
  return "";
}

bool known_rule(const std::string& id) {
  for (const auto& rule : driftgate::RuleRegistry::rules())
    if (rule->id() == id) return true;
  // The ids lint_history raises itself (DG000 parse errors, DG01x ignore comments); the loader's
  // are documented as DG00x too.
  const driftgate::RuleDoc* doc = driftgate::find_rule_doc(id);
  return id.starts_with("DG0") && doc && doc->id == id;
}

// Whether PostgreSQL's parser takes the whole script, asked directly of libpg_query.
bool parses_as_postgres(const std::string& text) {
  if (text.find('\0') != std::string::npos) return false;
  PgQueryProtobufParseResult r = pg_query_parse_protobuf(text.c_str());
  bool ok = r.error == nullptr;
  pg_query_free_protobuf_parse_result(r);
  return ok;
}

void check_mysql_spans(const std::string& text, std::size_t migration) {
  std::size_t previous_end = 0;
  for (const auto& span : driftgate::split_mysql(text)) {
    std::string where = "split_mysql, migration " + std::to_string(migration) + ": statement [" +
                        std::to_string(span.begin) + ", " + std::to_string(span.end) + ")";
    if (span.begin >= span.end || span.end > text.size()) fail(where + " is empty or past the end of the script");
    if (span.begin < previous_end) fail(where + " overlaps the statement before it");
    if (std::isspace(static_cast<unsigned char>(text[span.begin]))) fail(where + " starts with white space");
    previous_end = span.end;
  }
}

// The migration of the history whose script `file` is, or nullptr.
const driftgate::Migration* find_migration(const driftgate::MigrationDir& dir, const std::string& file) {
  for (const auto& m : dir.migrations)
    if (m.relative_path == file) return &m;
  return nullptr;
}

void check_finding(const Finding& f, const driftgate::MigrationDir& dir) {
  std::string what = f.rule_id + " \"" + f.message + "\" at " + f.location.str() + ": ";
  if (!known_rule(f.rule_id)) fail(what + "no rule has this id");
  if (f.message.empty()) fail(what + "the message is empty");
  if (f.fingerprint.empty()) fail(what + "no fingerprint");
  const driftgate::Migration* m = find_migration(dir, f.location.file);
  if (!m) fail(what + "the file is none of the history's");
  if (f.migration != m->name) fail(what + "the migration is \"" + f.migration + "\", not the file's");
  if (auto why = misplaced(f.location, m->bytes); !why.empty()) fail(what + why);
  // PostgreSQL's `syntax error at or near "X"`: the finding starts at X. (Not checked after bytes
  // that are no UTF-8: the parser counts one character for them where LineIndex counts none or two.)
  constexpr std::string_view kNear = " at or near \"";
  if (auto near = f.message.find(kNear); f.rule_id == "DG000" && near != std::string::npos && f.message.back() == '"') {
    std::string_view token = std::string_view(f.message).substr(near + kNear.size());
    token.remove_suffix(1);
    if (utf8_through_line(m->bytes, f.location.line) && !token_at(m->bytes, f.location.line, f.location.column, token))
      fail(what + "the token the parser names is not there");
  }
  if (f.suppression) {
    const SourceLocation& at = f.suppression->where;
    if (at.file != f.location.file) fail(what + "suppressed by a comment in another file");
    if (auto why = misplaced({at.file, at.line, at.column, 0, 0}, m->bytes); !why.empty())
      fail(what + "its ignore comment is misplaced: " + why);
  }
}

// Lints the history and checks what comes out; fail() when a check breaks. Returns the number of findings.
std::size_t check_history(const std::vector<Script>& scripts) {
  driftgate::MigrationDir dir;
  dir.dir = "prisma/migrations";
  const bool mysql = !scripts.empty() && scripts.front().mysql;
  dir.lock_provider = mysql ? "mysql" : "postgresql";
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    std::string name = migration_name(i);
    std::string path = "prisma/migrations/" + name + "/migration.sql";
    dir.migrations.push_back({name, path, path, scripts[i].bytes});
    if (scripts[i].mysql) check_mysql_spans(scripts[i].bytes, i);
  }

  driftgate::LintResult result;
  try {
    driftgate::LintOptions options;
    options.provider = mysql ? driftgate::Provider::MySQL : driftgate::Provider::PostgreSQL;
    result = driftgate::lint_history(dir, options);
  } catch (const driftgate::Error& e) {
    // `driftgate lint` prints an Error as "file:line:col: message": fine when it points into the history.
    const SourceLocation& at = e.where();
    const driftgate::Migration* m = find_migration(dir, at.file);
    if (!m) fail(std::string("lint_history threw an Error not located in the history: ") + e.what());
    if (auto why = misplaced(at, m->bytes); !why.empty())
      fail("lint_history threw an Error at a place outside its file (" + why + "): " + e.located_message());
    return 0;
  } catch (const std::exception& e) {
    fail(std::string("lint_history threw something other than driftgate::Error: ") + e.what());
  } catch (...) {
    fail("lint_history threw something other than an exception");
  }

  for (const auto& f : result.findings) check_finding(f, dir);
  if (result.migrations_linted != dir.migrations.size())
    fail("lint_history linted " + std::to_string(result.migrations_linted) + " of " +
         std::to_string(dir.migrations.size()) + " migrations");
  // A migration PostgreSQL refuses (MySQL: one the lexer cannot split) must fail the gate; one it
  // takes must not be called unparsable, but for trees nested too deep for lint to unpack.
  for (std::size_t i = 0; i < dir.migrations.size(); ++i) {
    bool dg000 = false, too_deep = false;
    for (const auto& f : result.findings)
      if (f.rule_id == "DG000" && f.location.file == dir.migrations[i].relative_path) {
        dg000 = true;
        too_deep |= f.message.find("levels deep") != std::string::npos;
      }
    bool parses = mysql ? !driftgate::lex_mysql(dir.migrations[i].bytes).error : parses_as_postgres(dir.migrations[i].bytes);
    if (!parses && !dg000) fail("migration " + std::to_string(i) + " does not parse, yet no DG000 says so");
    if (parses && dg000 && !too_deep) fail("migration " + std::to_string(i) + " parses, yet a DG000 says it does not");
  }
  return result.findings.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check_history(read_history(std::string_view(reinterpret_cast<const char*>(data), size), false, 8));
  return 0;
}

#ifndef DRIFTGATE_LIBFUZZER

#include <filesystem>
#include <random>

#include "fuzz_driver.h"
#include "util/file_io.h"

namespace fs = std::filesystem;
using driftgate::fuzz::options;

namespace {

// SQL that mutations insert, so that mutants reach past the scanner into the rules: quotes of
// every kind, comments (nested ones too), ignore directives, statement and clause fragments the
// rules look for, names in UTF-8 and bytes that are none, NUL, CR, and a name longer than
// PostgreSQL's 63 bytes.
std::vector<std::string_view> sql_tokens() {
  static const std::string kLongName = "\"" + std::string(300, 'n') + "\"";
  static const std::string kLongUtf8Name = "\"" + [] {
    std::string s;
    for (int i = 0; i < 40; ++i) s += "é😀";
    return s;
  }() + "\"";
  return {
      "'", "\"", "`", "$$", "$tag$", "E'\\'", "''", "\"\"", "U&\"\\00e9\"", "B'01'",
      "--", "-- ", "/*", "*/", "/* /* nested */", "*/ */", "#",
      "-- driftgate-ignore DG101: x\n", "-- driftgate-ignore-file\n", "-- driftgate-ignore-file DG401: reason\n",
      "-- driftgate-ignore DG102, drop-table, DG999\n", "/* driftgate-ignore DG301: inline */",
      "-- driftgate-ignore:\n", "-- driftgate-ignore",
      ";", ";\n", "\n", "\r\n", "\r", "\t", " ", ",", "(", ")", ".", "=", "::",
      "ALTER TABLE \"User\" ", "ALTER TABLE ONLY ", "ADD COLUMN \"x\" INTEGER NOT NULL", "ADD COLUMN ",
      "DROP COLUMN \"id\"", "DROP COLUMN IF EXISTS ", ", DROP COLUMN \"name\"", "DROP TABLE \"User\";\n",
      "DROP ", "CREATE TABLE \"T\" (\"id\" SERIAL PRIMARY KEY, \"a\" TEXT);\n",
      "CREATE INDEX CONCURRENTLY \"i\" ON \"User\"(\"id\");\n", "CREATE UNIQUE INDEX \"u\" ON \"User\"(\"email\");\n",
      "DROP INDEX CONCURRENTLY ", "DROP INDEX \"i\";\n", "REINDEX INDEX CONCURRENTLY \"i\";\n", "BEGIN;\n",
      "COMMIT;\n", "ROLLBACK;\n", "SET lock_timeout = '1s';\n", "SET LOCAL lock_timeout = 0;\n",
      "SET statement_timeout TO 5;\n", "TRUNCATE \"User\" CASCADE;\n", "DELETE FROM \"User\";\n",
      "UPDATE \"User\" SET \"x\" = 1;\n", "ALTER COLUMN \"x\" SET NOT NULL", "ALTER COLUMN \"x\" TYPE TEXT",
      "ALTER COLUMN \"x\" SET DATA TYPE INTEGER USING \"x\"::integer", "ALTER COLUMN \"x\" DROP NOT NULL",
      "ALTER COLUMN \"x\" SET DEFAULT random()", "ALTER COLUMN \"x\" DROP DEFAULT",
      "ADD CONSTRAINT \"c\" FOREIGN KEY (\"x\") REFERENCES \"T\"(\"id\")", "ADD CONSTRAINT \"k\" UNIQUE (\"a\")",
      "ADD PRIMARY KEY (\"id\")", "ADD CONSTRAINT \"p\" PRIMARY KEY USING INDEX \"u\"", " NOT VALID",
      "VALIDATE CONSTRAINT \"c\"", "DROP CONSTRAINT \"c\"", "RENAME COLUMN \"a\" TO \"b\"", "RENAME TO \"T2\"",
      "CREATE SCHEMA \"s\";\n", "DROP SCHEMA \"s\" CASCADE;\n", "DROP DATABASE \"d\";\n",
      "CREATE TYPE \"E\" AS ENUM ('a', 'b');\n", "ALTER TYPE \"E\" RENAME TO \"E_old\";\n",
      "ALTER TYPE \"E\" ADD VALUE 'c';\n", "DROP TYPE \"E\";\n", "DEFAULT gen_random_uuid()", "DEFAULT now()",
      "DEFAULT 'x'", "GENERATED ALWAYS AS IDENTITY", "INSERT INTO \"User\" VALUES (1);\n", "\"s\".",
      "/*!40101 ", "\\", "\"é\"", "\"😀\"", "é", "\xFF", "\xC3", "\xF0\x9F", "\xED\xA0\x80", "\xEF\xBB\xBF",
      std::string_view("\0", 1), kLongName, kLongUtf8Name,
  };
}

// Nested far past what lint unpacks (kMaxTreeDepth) and what the parser takes: expressions,
// subqueries, arrays, nested comments.
const std::string_view kOpeners[] = {"(", "((", "ARRAY[", "(SELECT ", "NOT ", "- ", "/*", "CASE WHEN ("};

struct Seed {
  std::string bytes;
  bool mysql = false;
  std::string history;  // the folder (Prisma layout) or file the migration came from
};

bool names_mysql(const fs::path& file, const fs::path& root) {
  if (file.stem().string().ends_with(".mysql")) return true;  // fixtures/rules/*/flagged.mysql.sql
  for (fs::path dir = file.parent_path();; dir = dir.parent_path()) {
    std::error_code ec;
    fs::path lock = dir / "migration_lock.toml";
    if (fs::is_regular_file(lock, ec)) return driftgate::read_file(lock).find("\"mysql\"") != std::string::npos;
    if (dir == root || !dir.has_relative_path() || dir == dir.parent_path()) break;
  }
  for (fs::path part = file.lexically_relative(root).replace_extension(); !part.empty(); part = part.parent_path())
    if (part.filename() == "mysql") return true;
  return false;
}

struct SeedFile {
  std::string path;
  std::vector<Script> history;
};

// Each seed file as a history of its own, and every migration of them in one pool.
void add_seeds(const fs::path& path, std::vector<SeedFile>& files, std::vector<Seed>& pool) {
  std::error_code ec;
  std::vector<fs::path> found;
  fs::path root = path;
  if (fs::is_regular_file(path, ec)) {
    found.push_back(path);
    root = path.parent_path();
  } else if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::recursive_directory_iterator(path))
      if (entry.is_regular_file() && entry.path().extension() == ".sql") found.push_back(entry.path());
  }  // else: the shared corpus may be absent
  std::sort(found.begin(), found.end());
  for (const auto& file : found) {
    auto history = read_history(driftgate::read_file(file), names_mysql(file, root), SIZE_MAX);
    // A Prisma migration's history is its migrations folder; a fixture's, the fixture.
    std::string from = file.filename() == "migration.sql" ? file.parent_path().parent_path().string() : file.string();
    for (const auto& script : history) pool.push_back({script.bytes, script.mysql, from});
    files.push_back({file.string(), std::move(history)});
  }
}

std::size_t findings = 0;

void run(const std::vector<Script>& history, long iteration) {
  driftgate::fuzz::current_iteration = iteration;
  findings += check_history(history);
}

// Iteration's history: 1 to 3 consecutive migrations of one seed history (random ones past its
// end), the last one mutated, each earlier one with even odds.
std::vector<Script> draw(const std::vector<Seed>& pool, const std::vector<std::string>& texts,
                         const driftgate::fuzz::Mutator& mutate, std::mt19937_64& rng) {
  std::size_t first = rng() % pool.size();
  std::size_t count = 1 + rng() % 3;
  std::vector<Script> history;
  for (std::size_t k = 0; k < count; ++k) {
    std::size_t i = first + k;
    if (i >= pool.size() || pool[i].history != pool[first].history) i = rng() % pool.size();
    bool mutated = k + 1 == count || rng() % 2 == 0;
    history.push_back({mutated ? mutate(pool[i].bytes, texts, rng) : pool[i].bytes, pool[first].mysql});
  }
  return history;
}

void write_history(const std::vector<Script>& history) {
  for (std::size_t i = 0; i < history.size(); ++i) {
    std::string header = std::string(kMarker) + migration_name(i) + (history[i].mysql ? " mysql" : "") + "\n";
    std::fwrite(header.data(), 1, header.size(), stdout);
    std::fwrite(history[i].bytes.data(), 1, history[i].bytes.size(), stdout);
    std::fputc('\n', stdout);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (!driftgate::fuzz::parse_command_line(argc, argv, "lint_fuzz", 5000, "SQL-FILE-OR-FOLDER")) return 2;
  std::vector<SeedFile> files;
  std::vector<Seed> pool;
  for (const auto& path : options.paths) add_seeds(path, files, pool);
  if (pool.empty()) {
    std::fprintf(stderr, "lint_fuzz: no .sql file under the paths given\n");
    return 2;
  }
  describe_input = [] { driftgate::fuzz::report_input("check failed"); };
  std::vector<std::string> texts;
  for (const auto& seed : pool) texts.push_back(seed.bytes);
  static const std::vector<std::string_view> tokens = sql_tokens();
  const driftgate::fuzz::Mutator mutate{tokens, kOpeners};

  if (options.dump < 0)
    for (const auto& file : files) {
      driftgate::fuzz::current_seed_file = file.path;
      run(file.history, -1);
    }

  std::mt19937_64 rng(options.seed);
  for (long iteration = 0; iteration < options.iterations; ++iteration) {
    std::vector<Script> history = draw(pool, texts, mutate, rng);
    if (iteration == options.dump) {
      write_history(history);
      return 0;
    }
    if (options.dump < 0) run(history, iteration);
  }
  if (options.dump < 0) {
    std::size_t mysql = std::count_if(pool.begin(), pool.end(), [](const Seed& s) { return s.mysql; });
    std::printf("lint_fuzz: %zu seed files (%zu migrations, %zu MySQL) and %ld mutated histories linted, "
                "%zu findings, all well-formed\n", files.size(), pool.size(), mysql, options.iterations, findings);
  }
  return 0;
}

#endif  // DRIFTGATE_LIBFUZZER
