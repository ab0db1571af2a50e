#include "db/mysql8_emulation.h"

#include <algorithm>
#include <cctype>

#include "sql/mysql_lexer.h"

namespace driftgate {
namespace {

// One emulated MySQL 8 function: its one-argument stored function has MySQL's name, the
// two-argument one (the swap flag) `swap_name`. MySQL's semantics
// (https://dev.mysql.com/doc/refman/8.0/en/miscellaneous-functions.html):
//   UUID_TO_BIN(u[, swap]): u is 32 hex digits, with or without the dashes of the 8-4-4-4-12
//     form (and with braces around that form); the result is those 16 bytes. With swap the
//     time-low and time-high parts trade places: time_hi + time_mid + time_low + the rest. NULL
//     gives NULL; anything else is error 1411.
//   BIN_TO_UUID(b[, swap]): the inverse, lower-case with dashes; b must be 16 bytes (else error
//     1411); NULL gives NULL.
struct Emulated {
  const char* name;
  const char* swap_name;
  const char* swap_definition;  // CREATE FUNCTION of swap_name
  const char* definition;       // CREATE FUNCTION of name, calling swap_name
};

#define DRIFTGATE_EMULATION_COMMENT "COMMENT 'driftgate: MySQL 8 function emulated in the shadow database'"

const Emulated kEmulated[] = {
    {"UUID_TO_BIN", "driftgate_uuid_to_bin_swap",
     "CREATE FUNCTION `driftgate_uuid_to_bin_swap`(u TEXT, swap BIGINT) RETURNS VARBINARY(16)\n"
     "DETERMINISTIC NO SQL " DRIFTGATE_EMULATION_COMMENT "\n"
     "BEGIN\n"
     "  DECLARE h TEXT;\n"
     "  DECLARE b VARBINARY(16);\n"
     "  DECLARE message VARCHAR(512);\n"
     "  IF u IS NULL THEN RETURN NULL; END IF;\n"
     "  SET h = IF(u REGEXP '^[{].*[}]$', SUBSTRING(u, 2, CHAR_LENGTH(u) - 2), u);\n"
     "  IF NOT (u = h AND h REGEXP '^[0-9A-Fa-f]{32}$' OR\n"
     "          h REGEXP '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$') THEN\n"
     "    SET message = CONCAT('Incorrect string value: ''', LEFT(u, 64), ''' for function uuid_to_bin');\n"
     "    SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO = 1411, MESSAGE_TEXT = message;\n"
     "  END IF;\n"
     "  SET b = UNHEX(REPLACE(h, '-', ''));\n"
     "  IF swap THEN\n"
     "    SET b = CONCAT(SUBSTRING(b, 7, 2), SUBSTRING(b, 5, 2), SUBSTRING(b, 1, 4), SUBSTRING(b, 9, 8));\n"
     "  END IF;\n"
     "  RETURN b;\n"
     "END",
     "CREATE FUNCTION `UUID_TO_BIN`(u TEXT) RETURNS VARBINARY(16)\n"
     "DETERMINISTIC NO SQL " DRIFTGATE_EMULATION_COMMENT "\n"
     "RETURN `driftgate_uuid_to_bin_swap`(u, 0)"},
    {"BIN_TO_UUID", "driftgate_bin_to_uuid_swap",
     "CREATE FUNCTION `driftgate_bin_to_uuid_swap`(b BLOB, swap BIGINT) RETURNS VARCHAR(36) CHARACTER SET utf8mb4\n"
     "DETERMINISTIC NO SQL " DRIFTGATE_EMULATION_COMMENT "\n"
     "BEGIN\n"
     "  DECLARE h CHAR(32) CHARACTER SET ascii;\n"
     "  DECLARE message VARCHAR(512);\n"
     "  IF b IS NULL THEN RETURN NULL; END IF;\n"
     "  IF LENGTH(b) <> 16 THEN\n"
     "    SET message = CONCAT('Incorrect string value: ''', LEFT(HEX(b), 64), ''' for function bin_to_uuid');\n"
     "    SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO = 1411, MESSAGE_TEXT = message;\n"
     "  END IF;\n"
     "  IF swap THEN\n"
     "    SET b = CONCAT(SUBSTRING(b, 5, 4), SUBSTRING(b, 3, 2), SUBSTRING(b, 1, 2), SUBSTRING(b, 9, 8));\n"
     "  END IF;\n"
     "  SET h = LOWER(HEX(b));\n"
     "  RETURN CONCAT_WS('-', SUBSTRING(h, 1, 8), SUBSTRING(h, 9, 4), SUBSTRING(h, 13, 4), SUBSTRING(h, 17, 4),\n"
     "                   SUBSTRING(h, 21, 12));\n"
     "END",
     "CREATE FUNCTION `BIN_TO_UUID`(b BLOB) RETURNS VARCHAR(36) CHARACTER SET utf8mb4\n"
     "DETERMINISTIC NO SQL " DRIFTGATE_EMULATION_COMMENT "\n"
     "RETURN `driftgate_bin_to_uuid_swap`(b, 0)"},
};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

const Emulated* find_emulated(std::string_view name) {
  for (const auto& e : kEmulated)
    if (iequals(name, e.name)) return &e;
  return nullptr;
}

// An unqualified call: the name, then "(" (a qualified db.f( names some database's own function).
bool is_call(const std::vector<MysqlToken>& tokens, std::size_t i) {
  return tokens[i].kind == MysqlTokenKind::Word && i + 1 < tokens.size() && tokens[i + 1].is('(') &&
         !(i > 0 && tokens[i - 1].is('.'));
}

// The number of arguments of the call whose "(" is tokens[open].
std::size_t argument_count(const std::vector<MysqlToken>& tokens, std::size_t open) {
  int depth = 0;
  std::size_t commas = 0;
  bool any = false;
  for (std::size_t i = open; i < tokens.size(); ++i) {
    if (tokens[i].is('(')) {
      if (++depth == 1) continue;
    } else if (tokens[i].is(')')) {
      if (--depth == 0) break;
    } else if (depth == 1 && tokens[i].is(',')) {
      ++commas;
    }
    any = true;
  }
  return any ? commas + 1 : 0;
}

}  // namespace

std::vector<std::string> mysql8_functions_called(const MigrationDir& history) {
  bool called[std::size(kEmulated)] = {}, defined[std::size(kEmulated)] = {};
  for (const auto& m : history.migrations) {
    for (const auto& st : lex_mysql(m.bytes).statements) {
      const auto& t = st.tokens;
      for (std::size_t i = 0; i < t.size(); ++i) {
        if (is_call(t, i))
          if (const Emulated* e = find_emulated(t[i].value)) called[e - kEmulated] = true;
        // CREATE [DEFINER=...] FUNCTION [IF NOT EXISTS] name, DROP FUNCTION [IF EXISTS] name
        if (t[i].is("FUNCTION")) {
          std::size_t j = i + 1;
          while (j < t.size() && (t[j].is("IF") || t[j].is("NOT") || t[j].is("EXISTS"))) ++j;
          if (j + 2 < t.size() && t[j + 1].is('.')) j += 2;  // db.name
          if (j < t.size() && t[j].names())
            if (const Emulated* e = find_emulated(t[j].value)) defined[e - kEmulated] = true;
        }
      }
    }
  }
  std::vector<std::string> names;
  for (std::size_t i = 0; i < std::size(kEmulated); ++i)
    if (called[i] && !defined[i]) names.push_back(kEmulated[i].name);
  return names;
}

bool mysql_lacks_function(Connection& c, const std::string& function) {
  try {
    c.query("SELECT " + function + "(NULL)");
    return false;
  } catch (const DatabaseError& e) {
    return e.server().code == "1305";
  }
}

void define_mysql8_function(Connection& c, const std::string& function) {
  const Emulated* e = find_emulated(function);
  if (!e) return;
  c.query(e->swap_definition);
  c.query(e->definition);
}

std::optional<std::string> rewrite_mysql8_calls(std::string_view statement, const std::vector<std::string>& emulated) {
  if (emulated.empty()) return std::nullopt;
  MysqlScript script = lex_mysql(statement);
  std::string out;
  std::size_t copied = 0;
  for (const auto& st : script.statements) {
    const auto& t = st.tokens;
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (!is_call(t, i)) continue;
      const Emulated* e = find_emulated(t[i].value);
      if (!e || std::none_of(emulated.begin(), emulated.end(), [&](const std::string& n) { return iequals(n, e->name); }))
        continue;
      if (argument_count(t, i + 1) != 2) continue;
      out.append(statement.substr(copied, t[i].begin - copied));
      out += e->swap_name;
      copied = t[i].end;
    }
  }
  if (copied == 0) return std::nullopt;
  out.append(statement.substr(copied));
  return out;
}

void drop_emulated_routines(Schema& schema, const std::vector<std::string>& emulated) {
  if (emulated.empty()) return;
  auto is_emulation = [&](const Routine& r) {
    if (r.kind != "function") return false;
    for (const auto& name : emulated)
      if (const Emulated* e = find_emulated(name); e && (iequals(r.name, e->name) || iequals(r.name, e->swap_name)))
        return true;
    return false;
  };
  for (auto& ns : schema.namespaces) std::erase_if(ns.routines, is_emulation);
}

std::optional<std::string> emulated_mysql8_function(std::string_view routine) {
  for (const auto& e : kEmulated)
    if (iequals(routine, e.name) || iequals(routine, e.swap_name)) return std::string(e.name);
  return std::nullopt;
}

std::string mysql8_emulation_note(const std::vector<std::string>& emulated) {
  std::string names;
  for (const auto& n : emulated) names += (names.empty() ? "" : ", ") + n;
  return "the shadow emulated the MySQL 8 function" + std::string(emulated.size() == 1 ? " " : "s ") + names +
         " (stored functions in the shadow database only, left out of the replayed schema); to replay on MySQL 8 "
         "itself, pass --shadow-url with a MySQL 8 server";
}

}  // namespace driftgate
