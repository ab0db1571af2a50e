// MySQL/MariaDB introspection: information_schema queries over the current database, one per
// object kind. MySQL 8 and MariaDB print several things differently; each normalisation below
// says which spelling wins, so that a MariaDB shadow and a MySQL live database compare equal.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <regex>

#include "core/error.h"
#include "db/introspector.h"
#include "util/replace_all.h"

namespace driftgate::introspection {
namespace {

// Which server, for the catalogue columns that only some versions have.
struct Server {
  bool mariadb = false;
  int major = 0, minor = 0, patch = 0;

  bool at_least(int ma, int mi, int pa) const {
    return major != ma ? major > ma : minor != mi ? minor > mi : patch >= pa;
  }
  // MySQL 8.0.13 functional index parts.
  bool has_index_expressions() const { return !mariadb && at_least(8, 0, 13); }
  // CHECK constraints are enforced (and listed) from MySQL 8.0.16 and MariaDB 10.2.1.
  bool has_checks() const { return mariadb ? at_least(10, 2, 1) : at_least(8, 0, 16); }
};

Server parse_server(const std::string& version) {
  Server s;
  s.mariadb = version.find("MariaDB") != std::string::npos;
  std::sscanf(version.c_str(), "%d.%d.%d", &s.major, &s.minor, &s.patch);
  return s;
}

// Integer display widths are gone in MySQL 8 ("int"), present in MariaDB ("int(11)"): dropped,
// except tinyint(1), which both print and which is how a boolean reads. MariaDB's year(4) is year.
std::string normalise_type(const std::string& type) {
  static const std::regex width(R"(\b(tinyint|smallint|mediumint|int|bigint|year)\((\d+)\))", std::regex::icase);
  std::string out;
  auto begin = std::sregex_iterator(type.begin(), type.end(), width);
  std::size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    out.append(type, last, m.position(0) - last);
    bool boolean = m.str(1) == "tinyint" && m.str(2) == "1";
    out += boolean ? m.str(0) : m.str(1);
    last = m.position(0) + m.length(0);
  }
  return out + type.substr(last);
}

// MariaDB prints current_timestamp() / current_timestamp(3), MySQL CURRENT_TIMESTAMP /
// CURRENT_TIMESTAMP(3): both become CURRENT_TIMESTAMP[(n)], without "(0)" or "()".
std::string normalise_current_timestamp(const std::string& expression) {
  static const std::regex now(R"(\bcurrent_timestamp(?:\((\d*)\))?)", std::regex::icase);
  std::string out;
  std::size_t last = 0;
  for (auto it = std::sregex_iterator(expression.begin(), expression.end(), now); it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    out.append(expression, last, m.position(0) - last);
    std::string precision = m.str(1);
    out += "CURRENT_TIMESTAMP" + (precision.empty() || precision == "0" ? "" : "(" + precision + ")");
    last = m.position(0) + m.length(0);
  }
  return out + expression.substr(last);
}

// A string literal as MariaDB prints one in COLUMN_DEFAULT.
std::string quote_string(const std::string& value) {
  std::string out = "'";
  for (char ch : value) {
    if (ch == '\'') out += "''";
    else if (ch == '\\') out += "\\\\";
    else out += ch;
  }
  return out + "'";
}

bool is_numeric_type(const std::string& type) {
  static const std::regex numeric(R"(^(tinyint|smallint|mediumint|int|integer|bigint|decimal|numeric|float|double|real|year|bit)\b)");
  return std::regex_search(type, numeric);
}

// COLUMN_DEFAULT in MariaDB's form: string literals quoted ('abc', 'it''s'), numbers and bit
// literals bare, expressions as printed (uuid(), CURRENT_TIMESTAMP(3)). MySQL 8 prints literals
// unquoted and marks expressions DEFAULT_GENERATED in EXTRA. An explicit DEFAULT NULL is no
// default (MariaDB prints the text NULL for both; MySQL an SQL NULL).
std::optional<std::string> normalise_default(const Server& server, const std::optional<std::string>& value,
                                             const std::string& type, const std::string& extra) {
  if (!value) return std::nullopt;
  if (server.mariadb) {
    if (*value == "NULL") return std::nullopt;
    return value->starts_with("'") ? *value : normalise_current_timestamp(*value);
  }
  std::string expression = normalise_current_timestamp(*value);
  if (extra.find("DEFAULT_GENERATED") != std::string::npos || expression != *value) return expression;
  if (is_numeric_type(type) || value->starts_with("b'")) return *value;
  return quote_string(*value);
}

// "on update current_timestamp(3)" (MariaDB) / "DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)".
std::optional<std::string> on_update(const std::string& extra) {
  static const std::regex clause(R"(on update (.+)$)", std::regex::icase);
  std::smatch m;
  if (!std::regex_search(extra, m, clause)) return std::nullopt;
  return normalise_current_timestamp(m.str(1));
}

// MySQL 8 wraps CHECK_CLAUSE in parentheses, MariaDB does not: one enclosing pair is dropped.
std::string strip_enclosing_parentheses(const std::string& text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')') return text;
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (quote) {
      if (ch == '\\') ++i;
      else if (ch == quote) quote = 0;
    } else if (ch == '\'' || ch == '"' || ch == '`') {
      quote = ch;
    } else if (ch == '(') {
      ++depth;
    } else if (ch == ')' && --depth == 0 && i + 1 < text.size()) {
      return text;  // "(a) AND (b)": the first parenthesis closes before the end
    }
  }
  return text.substr(1, text.size() - 2);
}

// InnoDB has no deferred checks: NO ACTION is RESTRICT, and MariaDB prints one where MySQL prints
// the other for the same clause. RESTRICT it is.
std::string referential_action(const std::string& rule) { return rule == "NO ACTION" ? "RESTRICT" : rule; }

class MySqlIntrospector {
 public:
  explicit MySqlIntrospector(Connection& c) : c_(c) {}

  // All of it in one read-only transaction, as on PostgreSQL: on the live database the session is
  // read-only already, and this says so again for the statements themselves (the ledger reader
  // does the same). information_schema reads take no row locks; the session's lock_wait_timeout
  // bounds the metadata locks opening a table's definition may wait for.
  Schema run() {
    Rows(c_, "MySQL (starting a read-only transaction)", "START TRANSACTION READ ONLY");
    try {
      Schema schema = read_all();
      Rows(c_, "MySQL (committing the read-only transaction)", "COMMIT");
      return schema;
    } catch (...) {
      try {
        c_.query("ROLLBACK");
      } catch (...) {
        // Already failing: the error that got us here is the one to report.
      }
      throw;
    }
  }

 private:
  Schema read_all() {
    read_server();
    read_tables();
    read_columns();
    read_checks();  // before the JSON columns are settled: MariaDB marks them with a check
    read_indexes();
    read_foreign_keys();
    read_triggers();
    read_views();
    read_routines();
    Schema schema;
    schema.provider = Provider::MySQL;
    schema.namespaces.push_back(std::move(ns_));
    return schema;
  }

  void read_server() {
    Rows rows(c_, "MySQL server version", "SELECT VERSION() AS version, DATABASE() AS db");
    server_ = parse_server(rows.str(0, "version"));
    const auto& db = rows.opt(0, "db");
    if (!db) throw Error("introspection: the MySQL connection has no current database (add one to the URL's path)");
    database_ = *db;
  }

  void read_tables() {
    Rows rows(c_, "MySQL tables", R"(
SELECT TABLE_NAME AS name, TABLE_COLLATION AS collation, TABLE_COMMENT AS comment
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> ')" + std::string(kMigrationsTable) + R"('
ORDER BY TABLE_NAME)");
    for (std::size_t r = 0; r < rows.size(); ++r) {
      Table t;
      t.name = rows.str(r, "name");
      if (const auto& comment = rows.opt(r, "comment"); comment && !comment->empty()) t.comment = comment;
      table_collation_[t.name] = rows.opt(r, "collation").value_or("");
      ns_.tables.push_back(std::move(t));
    }
    for (auto& t : ns_.tables) by_name_[t.name] = &t;
  }

  // Rows of tables the tables query did not return (_prisma_migrations, views) are not ours.
  Table* table(const Rows& rows, std::size_t r) {
    auto it = by_name_.find(rows.str(r, "table_name"));
    return it == by_name_.end() ? nullptr : it->second;
  }

  // A column's collation is kept only when it differs from its table's default. ON UPDATE has no
  // field of its own: it follows the default, as in the DDL ("CURRENT_TIMESTAMP(3) ON UPDATE
  // CURRENT_TIMESTAMP(3)"; without a default, "NULL ON UPDATE ..."). Generated columns, STORED or
  // VIRTUAL, are ColumnGeneration::Stored with their expression as the default.
  void read_columns() {
    Rows rows(c_, "MySQL columns", R"(
SELECT TABLE_NAME AS table_name, COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable,
  COLUMN_DEFAULT AS default_value, EXTRA AS extra, GENERATION_EXPRESSION AS generation_expression,
  COLLATION_NAME AS collation, COLUMN_COMMENT AS comment
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, ORDINAL_POSITION)");
    for (std::size_t r = 0; r < rows.size(); ++r) {
      Table* t = table(rows, r);
      if (!t) continue;
      Column col;
      col.name = rows.str(r, "name");
      col.type = normalise_type(rows.str(r, "type"));
      col.nullable = rows.flag(r, "nullable");
      const std::string extra = rows.opt(r, "extra").value_or("");
      if (extra.find("STORED GENERATED") != std::string::npos || extra.find("VIRTUAL GENERATED") != std::string::npos) {
        col.generation = ColumnGeneration::Stored;
        col.default_value = rows.str(r, "generation_expression");
      } else {
        if (extra.find("auto_increment") != std::string::npos) col.generation = ColumnGeneration::AutoIncrement;
        col.default_value = normalise_default(server_, rows.opt(r, "default_value"), col.type, extra);
        if (auto update = on_update(extra)) col.default_value = col.default_value.value_or("NULL") + " ON UPDATE " + *update;
      }
      if (const auto& collation = rows.opt(r, "collation"); collation && *collation != table_collation_[t->name])
        col.collation = collation;
      if (const auto& comment = rows.opt(r, "comment"); comment && !comment->empty()) col.comment = comment;
      t->columns.push_back(std::move(col));
    }
  }

  // MariaDB's JSON is LONGTEXT plus a column-level CHECK (json_valid(`col`)) named after the
  // column; MySQL has a real json type. That check is implicit: it is skipped, and the column
  // reads as json without the utf8mb4_bin collation MariaDB gives it.
  void read_checks() {
    if (!server_.has_checks()) return;
    std::string sql = server_.mariadb ? R"(
SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause, LEVEL AS level
FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, CONSTRAINT_NAME)"
                                      : R"(
SELECT tc.TABLE_NAME AS table_name, cc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS clause, 'Table' AS level
FROM information_schema.TABLE_CONSTRAINTS tc
JOIN information_schema.CHECK_CONSTRAINTS cc
  ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE = 'CHECK'
ORDER BY tc.TABLE_NAME, cc.CONSTRAINT_NAME)";
    Rows rows(c_, "MySQL check constraints", sql);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      Table* t = table(rows, r);
      if (!t) continue;
      const std::string& name = rows.str(r, "name");
      const std::string& clause = rows.str(r, "clause");
      if (rows.str(r, "level") == "Column" && clause == "json_valid(`" + name + "`)") {
        auto json = std::find_if(t->columns.begin(), t->columns.end(),
                                 [&](const Column& col) { return col.name == name && col.type == "longtext"; });
        if (json != t->columns.end()) {
          json->type = "json";
          json->collation.reset();
          continue;
        }
      }
      t->checks.push_back({name, strip_enclosing_parentheses(clause)});
    }
  }

  // PRIMARY is the primary key. UNIQUE KEY and UNIQUE INDEX are one thing here, so no index is a
  // constraint (is_constraint stays false). A SPATIAL index reports a SUB_PART of 32 on some
  // versions and none on others; it has no prefix either way. The index MySQL adds for a foreign
  // key without one is a real index and is listed.
  void read_indexes() {
    Rows rows(c_, "MySQL indexes", std::string(R"(
SELECT TABLE_NAME AS table_name, INDEX_NAME AS name, COLUMN_NAME AS column_name, SUB_PART AS sub_part,
  NON_UNIQUE AS non_unique, INDEX_TYPE AS type, COLLATION AS collation, )") +
                                           (server_.has_index_expressions() ? "EXPRESSION" : "NULL") + R"( AS expression
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX)");
    for (std::size_t r = 0; r < rows.size(); ++r) {
      Table* t = table(rows, r);
      if (!t) continue;
      const std::string& name = rows.str(r, "name");
      const auto& column = rows.opt(r, "column_name");
      std::string part = column ? *column : "(" + rows.str(r, "expression") + ")";
      if (name == "PRIMARY") {
        if (!t->primary_key) t->primary_key = PrimaryKey{name, {}};
        t->primary_key->columns.push_back(part);
        continue;
      }
      if (t->indexes.empty() || t->indexes.back().name != name) {
        Index index;
        index.name = name;
        index.unique = rows.str(r, "non_unique") == "0";
        index.method = rows.str(r, "type");
        std::transform(index.method.begin(), index.method.end(), index.method.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        t->indexes.push_back(std::move(index));
      }
      Index& index = t->indexes.back();
      IndexColumn col;
      col.name = std::move(part);
      col.descending = rows.opt(r, "collation") == "D";
      if (rows.opt(r, "sub_part") && index.method != "spatial") col.length = static_cast<int>(rows.integer(r, "sub_part"));
      index.columns.push_back(std::move(col));
    }
  }

  // Two queries, joined here: MariaDB's join of KEY_COLUMN_USAGE with REFERENTIAL_CONSTRAINTS
  // costs ten times the two on their own. A foreign key to another database keeps that database's
  // name; within this one it is empty.
  void read_foreign_keys() {
    Rows actions(c_, "MySQL foreign key actions", R"(
SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS name, DELETE_RULE AS on_delete, UPDATE_RULE AS on_update
FROM information_schema.REFERENTIAL_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = DATABASE())");
    std::map<std::pair<std::string, std::string>, std::size_t> action_row;
    for (std::size_t r = 0; r < actions.size(); ++r) action_row[{actions.str(r, "table_name"), actions.str(r, "name")}] = r;

    Rows rows(c_, "MySQL foreign key columns", R"(
SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS name, COLUMN_NAME AS column_name,
  REFERENCED_TABLE_SCHEMA AS referenced_schema, REFERENCED_TABLE_NAME AS referenced_table,
  REFERENCED_COLUMN_NAME AS referenced_column
FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION)");
    for (std::size_t r = 0; r < rows.size(); ++r) {
      Table* t = table(rows, r);
      if (!t) continue;
      const std::string& name = rows.str(r, "name");
      if (t->foreign_keys.empty() || t->foreign_keys.back().name != name) {
        auto action = action_row.find({t->name, name});
        if (action == action_row.end()) rows.fail(r, "name", "a foreign key without referential actions");
        ForeignKey fk;
        fk.name = name;
        const std::string& schema = rows.str(r, "referenced_schema");
        if (schema != database_) fk.referenced_schema = schema;
        fk.referenced_table = rows.str(r, "referenced_table");
        fk.on_delete = referential_action(actions.str(action->second, "on_delete"));
        fk.on_update = referential_action(actions.str(action->second, "on_update"));
        t->foreign_keys.push_back(std::move(fk));
      }
      ForeignKey& fk = t->foreign_keys.back();
      fk.columns.push_back(rows.str(r, "column_name"));
      fk.referenced_columns.push_back(rows.str(r, "referenced_column"));
    }
  }

  // The CREATE TRIGGER text without DEFINER (which names whoever ran the migration).
  void read_triggers() {
    Rows rows(c_, "MySQL triggers", R"(
SELECT EVENT_OBJECT_TABLE AS table_name, TRIGGER_NAME AS name, ACTION_TIMING AS timing,
  EVENT_MANIPULATION AS event, ACTION_ORIENTATION AS orientation, ACTION_STATEMENT AS statement
FROM information_schema.TRIGGERS
WHERE TRIGGER_SCHEMA = DATABASE()
ORDER BY EVENT_OBJECT_TABLE, TRIGGER_NAME)");
    for (std::size_t r = 0; r < rows.size(); ++r) {
      Table* t = table(rows, r);
      if (!t) continue;
      const std::string& name = rows.str(r, "name");
      t->triggers.push_back({name, "CREATE TRIGGER " + c_.quote_identifier(name) + " " + rows.str(r, "timing") + " " +
                                       rows.str(r, "event") + " ON " + c_.quote_identifier(t->name) + " FOR EACH " +
                                       rows.str(r, "orientation") + " " + rows.str(r, "statement")});
    }
  }

  // The server qualifies every table in a view with the database name, which differs between a
  // shadow and the live database: that qualification is removed.
  void read_views() {
    Rows rows(c_, "MySQL views", R"(
SELECT TABLE_NAME AS name, VIEW_DEFINITION AS definition
FROM information_schema.VIEWS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME)");
    const std::string qualifier = c_.quote_identifier(database_) + ".";
    for (std::size_t r = 0; r < rows.size(); ++r) {
      std::string definition = rows.str(r, "definition");
      definition = replace_all(definition, qualifier, "");
      ns_.views.push_back({rows.str(r, "name"), std::move(definition), false});
    }
  }

  // information_schema has no CREATE text for routines: it is rebuilt from the parameters and
  // characteristics, without DEFINER. Arguments are the parameter types, as on PostgreSQL.
  void read_routines() {
    Rows params(c_, "MySQL routine parameters", R"(
SELECT ROUTINE_TYPE AS type, SPECIFIC_NAME AS name, PARAMETER_MODE AS mode, PARAMETER_NAME AS parameter,
  DTD_IDENTIFIER AS data_type
FROM information_schema.PARAMETERS
WHERE SPECIFIC_SCHEMA = DATABASE() AND ORDINAL_POSITION > 0
ORDER BY ROUTINE_TYPE, SPECIFIC_NAME, ORDINAL_POSITION)");
    struct Signature {
      std::string types, declaration;
    };
    std::map<std::pair<std::string, std::string>, Signature> signatures;
    for (std::size_t r = 0; r < params.size(); ++r) {
      const std::string& type = params.str(r, "type");
      Signature& s = signatures[{type, params.str(r, "name")}];
      std::string data_type = normalise_type(params.str(r, "data_type"));
      if (!s.types.empty()) s.types += ", ", s.declaration += ", ";
      s.types += data_type;
      // MariaDB gives function parameters the mode IN, MySQL none; only procedures have modes.
      if (type == "PROCEDURE") s.declaration += params.str(r, "mode") + " ";
      s.declaration += c_.quote_identifier(params.str(r, "parameter")) + " " + data_type;
    }
    Rows rows(c_, "MySQL routines", R"(
SELECT ROUTINE_TYPE AS type, ROUTINE_NAME AS name, DTD_IDENTIFIER AS return_type, ROUTINE_DEFINITION AS body,
  IS_DETERMINISTIC AS is_deterministic, SQL_DATA_ACCESS AS data_access, SECURITY_TYPE AS security_type
FROM information_schema.ROUTINES
WHERE ROUTINE_SCHEMA = DATABASE()
ORDER BY ROUTINE_TYPE, ROUTINE_NAME)");
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const std::string& type = rows.str(r, "type");
      Routine routine;
      routine.name = rows.str(r, "name");
      routine.kind = type == "PROCEDURE" ? "procedure" : "function";
      const Signature& s = signatures[{type, routine.name}];
      routine.arguments = s.types;
      routine.definition = "CREATE " + type + " " + c_.quote_identifier(routine.name) + "(" + s.declaration + ")";
      if (const auto& returns = rows.opt(r, "return_type")) routine.definition += " RETURNS " + normalise_type(*returns);
      routine.definition += std::string(rows.flag(r, "is_deterministic") ? " DETERMINISTIC" : " NOT DETERMINISTIC") + " " +
                            rows.str(r, "data_access") + " SQL SECURITY " + rows.str(r, "security_type") + "\n" +
                            rows.opt(r, "body").value_or("");
      ns_.routines.push_back(std::move(routine));
    }
  }

  Connection& c_;
  Server server_;
  std::string database_;
  Namespace ns_;  // named "": see introspector.h
  std::map<std::string, Table*> by_name_;
  std::map<std::string, std::string> table_collation_;
};

}  // namespace

Schema introspect_mysql(Connection& connection) { return MySqlIntrospector(connection).run(); }

}  // namespace driftgate::introspection
