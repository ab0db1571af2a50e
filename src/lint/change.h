#pragma once
// The structured change set: what one statement does to the schema or its data, extracted once
// from the parse tree so that rules read facts instead of re-walking SQL (Atlas's design).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace driftgate {

// A schema-qualified name. An empty schema means the default (search_path), treated as public.
struct QualifiedName {
  std::string schema;
  std::string name;

  std::string key() const;      // "public.User": equal for equal objects
  std::string display() const;  // "User", or "audit"."User" when the schema is not the default
};

// A column type as written, normalised to PostgreSQL's internal names (int4, varchar, ...).
struct TypeRef {
  std::string name;           // "int4", "varchar", "text", or a user type such as "Role"
  std::string schema;         // "pg_catalog" for built-in types, else as written
  std::vector<long> modifiers;  // varchar(20) -> {20}; numeric(10,2) -> {10, 2}
  int array_dims = 0;

  bool empty() const { return name.empty(); }
  // SQL-ish spelling for messages: "varchar(20)", "integer", "Role[]".
  std::string display() const;
  bool operator==(const TypeRef&) const = default;
};

enum class DefaultKind { None, Constant, Stable, Volatile };

struct ColumnSpec {
  std::string name;
  TypeRef type;
  bool not_null = false;
  DefaultKind default_kind = DefaultKind::None;
  bool identity = false;          // GENERATED ... AS IDENTITY
  bool generated_stored = false;  // GENERATED ALWAYS AS (expr) STORED
  bool primary_key = false;
  bool unique = false;
  bool references = false;        // inline REFERENCES
  std::size_t offset = 0;         // where the column definition starts in the file

  bool has_default() const { return default_kind != DefaultKind::None; }
  // Serial types carry a nextval() default: they fill every row.
  bool fills_existing_rows() const { return has_default() || identity || generated_stored; }
};

enum class ConstraintKind { PrimaryKey, Unique, ForeignKey, Check, Exclusion, Other };

struct ConstraintSpec {
  ConstraintKind kind = ConstraintKind::Other;
  std::string name;                  // may be empty (the server picks one)
  std::vector<std::string> columns;
  QualifiedName referenced_table;    // foreign keys
  bool not_valid = false;            // NOT VALID
  std::string using_index;           // ... USING INDEX name
  std::size_t offset = 0;
};

struct CreateTable { QualifiedName table; std::vector<ColumnSpec> columns; std::vector<ConstraintSpec> constraints; bool if_not_exists = false; };
struct DropTable { QualifiedName table; bool if_exists = false; bool cascade = false; };
struct RenameTable { QualifiedName table; std::string new_name; };
struct CreateView { QualifiedName view; };  // e.g. a view keeping a renamed table's old name
struct AddColumn { QualifiedName table; ColumnSpec column; bool if_not_exists = false; };
struct DropColumn { QualifiedName table; std::string column; bool if_exists = false; };
struct RenameColumn { QualifiedName table; std::string column; std::string new_name; };
struct AlterColumnType { QualifiedName table; std::string column; TypeRef new_type; bool has_using = false; };
struct SetNotNull { QualifiedName table; std::string column; };
struct DropNotNull { QualifiedName table; std::string column; };
struct SetDefault { QualifiedName table; std::string column; DefaultKind kind = DefaultKind::Constant; };
struct DropDefault { QualifiedName table; std::string column; };
struct AddConstraint { QualifiedName table; ConstraintSpec constraint; };
struct DropConstraint { QualifiedName table; std::string name; bool if_exists = false; };
struct ValidateConstraint { QualifiedName table; std::string name; };
struct CreateIndex {
  QualifiedName table;
  std::string name;
  std::vector<std::string> columns;  // plain column names; expressions are left out
  bool unique = false;
  bool concurrently = false;
  bool partial = false;
  bool if_not_exists = false;
  bool has_expressions = false;  // some elements are expressions, absent from `columns`
};
struct DropIndex { QualifiedName index; bool concurrently = false; bool if_exists = false; };
struct RenameIndex { QualifiedName index; std::string new_name; };
struct Reindex { QualifiedName target; bool concurrently = false; };
struct CreateEnum { QualifiedName type; std::vector<std::string> values; };
struct AddEnumValue { QualifiedName type; std::string value; bool positioned = false; };
struct RenameEnumValue { QualifiedName type; std::string value; std::string new_value; };
struct RenameType { QualifiedName type; std::string new_name; };
struct DropType { QualifiedName type; bool if_exists = false; };
struct CreateSchema { std::string schema; bool if_not_exists = false; };
struct DropSchema { std::string schema; bool cascade = false; bool if_exists = false; };
struct DropDatabase { std::string database; };
struct Truncate { QualifiedName table; bool cascade = false; };
struct DeleteRows { QualifiedName table; bool has_where = false; };
struct UpdateRows { QualifiedName table; std::vector<std::string> columns; bool has_where = false; };
struct InsertRows { QualifiedName table; };  // e.g. data copied into a table that replaces another
struct SetTimeout { std::string setting; bool is_local = false; };  // lock_timeout, statement_timeout
// MySQL's MODIFY and CHANGE: the whole column stated anew (`column` is its name before; a CHANGE
// may rename it). The linter resolves it against the catalogue into the changes it amounts to
// (resolve_restatement) before any rule sees it.
struct RestateColumn { QualifiedName table; std::string column; ColumnSpec definition; };
struct BeginTransaction {};
struct CommitTransaction {};

using ChangeKind = std::variant<
    CreateTable, DropTable, RenameTable, AddColumn, DropColumn, RenameColumn, AlterColumnType,
    SetNotNull, DropNotNull, SetDefault, DropDefault, AddConstraint, DropConstraint,
    ValidateConstraint, CreateIndex, DropIndex, RenameIndex, Reindex, CreateEnum, AddEnumValue,
    RenameEnumValue, RenameType, DropType, DropSchema, DropDatabase, Truncate, DeleteRows,
    UpdateRows, SetTimeout, BeginTransaction, CommitTransaction, CreateView, CreateSchema, InsertRows, RestateColumn>;

// One change and the clause it comes from (a byte offset into the file).
struct Change {
  ChangeKind what;
  std::size_t offset = 0;

  template <class T>
  const T* as() const { return std::get_if<T>(&what); }
};

struct Statement;

// The changes one parsed PostgreSQL statement of `file` makes, in clause order, each at its
// clause. Statements that change nothing the rules care about (SELECT, CREATE FUNCTION, ...)
// give an empty list.
std::vector<Change> extract_changes(const Statement& statement, std::string_view file);

// The same for one MySQL statement, from its tokens (lint/mysql_change_extractor.cpp).
std::vector<Change> extract_mysql_changes(const Statement& statement);

}  // namespace driftgate
