// Turns libpg_query's JSON parse tree of one statement into the structured change set.
#include <algorithm>
#include <array>

#include "lint/change.h"
#include "sql/clause_offsets.h"
#include "sql/sql_file.h"

namespace driftgate {
namespace {

using Json = nlohmann::json;

const Json& null_json() {
  static const Json null;
  return null;
}

// Member access that never throws: absent members read as null.
const Json& at(const Json& node, const char* key) {
  if (!node.is_object()) return null_json();
  auto it = node.find(key);
  return it == node.end() ? null_json() : *it;
}

std::string str(const Json& node, const char* key) {
  const Json& v = at(node, key);
  return v.is_string() ? v.get<std::string>() : std::string();
}

bool flag(const Json& node, const char* key) {
  const Json& v = at(node, key);
  return v.is_boolean() && v.get<bool>();
}

const Json& items(const Json& node, const char* key) {
  static const Json empty = Json::array();
  const Json& v = at(node, key);
  return v.is_array() ? v : empty;
}

// [{"String": {"sval": "a"}}, ...] -> {"a", ...}
std::vector<std::string> strings(const Json& list) {
  std::vector<std::string> out;
  if (!list.is_array()) return out;
  for (const auto& item : list) out.push_back(str(at(item, "String"), "sval"));
  return out;
}

QualifiedName from_range_var(const Json& rv) { return {str(rv, "schemaname"), str(rv, "relname")}; }

QualifiedName from_names(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  if (names.size() == 1) return {"", names[0]};
  return {names[names.size() - 2], names.back()};
}

// Spellings the grammar keeps as written that mean a built-in type.
std::string canonical_type(const std::string& name) {
  static const std::array<std::pair<const char*, const char*>, 12> aliases{{
      {"int", "int4"}, {"integer", "int4"}, {"bigint", "int8"}, {"smallint", "int2"},
      {"boolean", "bool"}, {"real", "float4"}, {"float", "float8"}, {"decimal", "numeric"},
      {"serial", "int4"}, {"serial4", "int4"}, {"bigserial", "int8"}, {"serial8", "int8"},
  }};
  for (const auto& [alias, canonical] : aliases)
    if (name == alias) return canonical;
  if (name == "smallserial" || name == "serial2") return "int2";
  return name;
}

bool is_serial(const std::string& name) {
  return name == "serial" || name == "serial4" || name == "bigserial" || name == "serial8" ||
         name == "smallserial" || name == "serial2";
}

TypeRef type_ref(const Json& type_name) {
  TypeRef t;
  auto names = strings(at(type_name, "names"));
  if (names.empty()) return t;
  if (names.size() >= 2) t.schema = names[names.size() - 2];
  t.name = canonical_type(names.back());
  for (const auto& mod : items(type_name, "typmods")) {
    const Json& ival = at(at(at(mod, "A_Const"), "ival"), "ival");
    if (ival.is_number_integer()) t.modifiers.push_back(ival.get<long>());
    else if (at(at(mod, "A_Const"), "ival").is_object()) t.modifiers.push_back(0);  // ival 0 is omitted
  }
  t.array_dims = static_cast<int>(items(type_name, "arrayBounds").size());
  return t;
}

// Functions whose value differs per row: a default using one rewrites the table on ADD COLUMN.
// (provolatile 'v' in PostgreSQL 15's pg_proc; txid_current and statement_timestamp are stable.)
bool is_volatile_function(const std::string& name) {
  static const std::array<const char*, 10> kVolatile{
      "random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4",
      "clock_timestamp", "timeofday", "nextval", "gen_random_bytes", "gen_salt"};
  return std::find_if(kVolatile.begin(), kVolatile.end(),
                      [&](const char* v) { return name == v; }) != kVolatile.end();
}

DefaultKind classify_expression(const Json& expr) {
  DefaultKind kind = DefaultKind::Constant;
  // Walk the expression: any volatile call makes it volatile; any other call or
  // CURRENT_TIMESTAMP-style value function makes it stable (evaluated once for ADD COLUMN).
  auto visit = [&](auto&& self, const Json& node) -> void {
    if (node.is_object()) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (it.key() == "FuncCall") {
          auto name = strings(at(it.value(), "funcname"));
          if (!name.empty() && is_volatile_function(name.back())) kind = DefaultKind::Volatile;
          else if (kind == DefaultKind::Constant) kind = DefaultKind::Stable;
        } else if (it.key() == "SQLValueFunction" && kind == DefaultKind::Constant) {
          kind = DefaultKind::Stable;
        }
        self(self, it.value());
      }
    } else if (node.is_array()) {
      for (const auto& child : node) self(self, child);
    }
  };
  visit(visit, expr);
  return kind;
}

class Extractor {
 public:
  Extractor(const Statement& s, std::string_view file) : stmt_(s), file_(file) {}

  std::vector<Change> run() {
    if (!stmt_.tree.is_object() || stmt_.tree.empty()) return {};
    const std::string& kind = stmt_.tree.begin().key();
    const Json& n = stmt_.tree.begin().value();
    if (kind == "CreateStmt") create_table(n);
    else if (kind == "AlterTableStmt") alter_table(n);
    else if (kind == "RenameStmt") rename(n);
    else if (kind == "DropStmt") drop(n);
    else if (kind == "DropdbStmt") add(DropDatabase{str(n, "dbname")});
    else if (kind == "IndexStmt") create_index(n);
    else if (kind == "TruncateStmt") truncate(n);
    else if (kind == "DeleteStmt")
      add(DeleteRows{from_range_var(at(n, "relation")), !at(n, "whereClause").is_null()});
    else if (kind == "UpdateStmt") update(n);
    else if (kind == "InsertStmt") add(InsertRows{from_range_var(at(n, "relation"))});
    else if (kind == "CreateSchemaStmt") add(CreateSchema{str(n, "schemaname"), flag(n, "if_not_exists")});
    else if (kind == "CreateEnumStmt")
      add(CreateEnum{from_names(strings(at(n, "typeName"))), strings(at(n, "vals"))});
    else if (kind == "AlterEnumStmt") alter_enum(n);
    else if (kind == "VariableSetStmt") set_variable(n);
    else if (kind == "TransactionStmt") transaction(n);
    else if (kind == "ReindexStmt") reindex(n);
    else if (kind == "ViewStmt") add(CreateView{from_range_var(at(n, "view"))});
    return std::move(changes_);
  }

 private:
  template <class T>
  void add(T what, std::size_t offset) { changes_.push_back({std::move(what), offset}); }
  template <class T>
  void add(T what) { add(std::move(what), stmt_.begin); }

  std::size_t offset(const Json& node) const { return stmt_.offset_of(at(node, "location")); }

  ColumnSpec column_spec(const Json& def) {
    ColumnSpec c;
    c.name = str(def, "colname");
    c.offset = offset(def);
    const Json& tn = at(def, "typeName");
    c.type = type_ref(tn);
    auto names = strings(at(tn, "names"));
    if (!names.empty() && is_serial(names.back())) c.default_kind = DefaultKind::Volatile;
    for (const auto& con : items(def, "constraints")) {
      const Json& k = at(con, "Constraint");
      std::string type = str(k, "contype");
      if (type == "CONSTR_NOTNULL") c.not_null = true;
      else if (type == "CONSTR_DEFAULT") c.default_kind = classify_expression(at(k, "raw_expr"));
      else if (type == "CONSTR_IDENTITY") c.identity = true;
      else if (type == "CONSTR_GENERATED") c.generated_stored = true;
      else if (type == "CONSTR_PRIMARY") c.primary_key = c.not_null = true;
      else if (type == "CONSTR_UNIQUE") c.unique = true;
      else if (type == "CONSTR_FOREIGN") c.references = true;
    }
    if (is_serial(names.empty() ? "" : names.back())) c.not_null = true;
    return c;
  }

  ConstraintSpec constraint_spec(const Json& k) {
    ConstraintSpec c;
    std::string type = str(k, "contype");
    c.kind = type == "CONSTR_PRIMARY"   ? ConstraintKind::PrimaryKey
             : type == "CONSTR_UNIQUE"  ? ConstraintKind::Unique
             : type == "CONSTR_FOREIGN" ? ConstraintKind::ForeignKey
             : type == "CONSTR_CHECK"   ? ConstraintKind::Check
             : type == "CONSTR_EXCLUSION" ? ConstraintKind::Exclusion
                                        : ConstraintKind::Other;
    c.name = str(k, "conname");
    c.columns = strings(at(k, c.kind == ConstraintKind::ForeignKey ? "fk_attrs" : "keys"));
    c.referenced_table = from_range_var(at(k, "pktable"));
    c.not_valid = flag(k, "skip_validation");
    c.using_index = str(k, "indexname");
    c.offset = offset(k);
    return c;
  }

  void create_table(const Json& n) {
    CreateTable t{from_range_var(at(n, "relation")), {}, {}, flag(n, "if_not_exists")};
    for (const auto& elt : items(n, "tableElts")) {
      if (elt.contains("ColumnDef")) t.columns.push_back(column_spec(elt["ColumnDef"]));
      else if (elt.contains("Constraint")) t.constraints.push_back(constraint_spec(elt["Constraint"]));
    }
    add(std::move(t));
  }

  void alter_table(const Json& n) {
    if (str(n, "objtype") != "OBJECT_TABLE") return;  // ALTER INDEX/SEQUENCE/VIEW ... change no rows
    QualifiedName table = from_range_var(at(n, "relation"));
    // Sub-commands carry no location of their own: place each at its clause.
    std::vector<std::size_t> clauses =
        alter_table_clause_offsets(file_, offset(at(n, "relation")), stmt_.end);
    std::size_t clause_index = 0;
    for (const auto& item : items(n, "cmds")) {
      const Json& cmd = at(item, "AlterTableCmd");
      std::size_t clause = clause_index < clauses.size() ? clauses[clause_index] : stmt_.begin;
      ++clause_index;
      std::string sub = str(cmd, "subtype");
      std::string col = str(cmd, "name");
      const Json& def = at(cmd, "def");
      if (sub == "AT_AddColumn") {
        add(AddColumn{table, column_spec(at(def, "ColumnDef")), flag(cmd, "missing_ok")}, clause);
      } else if (sub == "AT_DropColumn") {
        add(DropColumn{table, col, flag(cmd, "missing_ok")}, clause);
      } else if (sub == "AT_AlterColumnType") {
        const Json& cd = at(def, "ColumnDef");
        add(AlterColumnType{table, col, type_ref(at(cd, "typeName")), !at(cd, "raw_default").is_null()},
            clause);
      } else if (sub == "AT_SetNotNull") {
        add(SetNotNull{table, col}, clause);
      } else if (sub == "AT_DropNotNull") {
        add(DropNotNull{table, col}, clause);
      } else if (sub == "AT_ColumnDefault") {
        if (def.is_null()) add(DropDefault{table, col}, clause);
        else add(SetDefault{table, col, classify_expression(def)}, clause);
      } else if (sub == "AT_AddConstraint") {
        add(AddConstraint{table, constraint_spec(at(def, "Constraint"))}, clause);
      } else if (sub == "AT_DropConstraint") {
        add(DropConstraint{table, col, flag(cmd, "missing_ok")}, clause);
      } else if (sub == "AT_ValidateConstraint") {
        add(ValidateConstraint{table, col}, clause);
      }
    }
  }

  void rename(const Json& n) {
    std::string type = str(n, "renameType");
    std::string new_name = str(n, "newname");
    if (type == "OBJECT_TABLE") {
      add(RenameTable{from_range_var(at(n, "relation")), new_name});
    } else if (type == "OBJECT_COLUMN" && str(n, "relationType") == "OBJECT_TABLE") {
      add(RenameColumn{from_range_var(at(n, "relation")), str(n, "subname"), new_name});
    } else if (type == "OBJECT_INDEX") {
      add(RenameIndex{from_range_var(at(n, "relation")), new_name});
    } else if (type == "OBJECT_TYPE") {
      add(RenameType{from_names(strings(at(at(n, "object"), "List").value("items", Json::array()))),
                     new_name});
    }
  }

  void drop(const Json& n) {
    std::string type = str(n, "removeType");
    bool if_exists = flag(n, "missing_ok");
    bool cascade = str(n, "behavior") == "DROP_CASCADE";
    for (const auto& obj : items(n, "objects")) {
      std::vector<std::string> names;
      if (obj.contains("List")) names = strings(at(obj["List"], "items"));
      else if (obj.contains("TypeName")) names = strings(at(obj["TypeName"], "names"));
      else if (obj.contains("String")) names = {str(obj["String"], "sval")};
      QualifiedName name = from_names(names);
      if (type == "OBJECT_TABLE") add(DropTable{name, if_exists, cascade});
      else if (type == "OBJECT_INDEX") add(DropIndex{name, flag(n, "concurrent"), if_exists});
      else if (type == "OBJECT_TYPE") add(DropType{name, if_exists});
      else if (type == "OBJECT_SCHEMA") add(DropSchema{name.name, cascade, if_exists});
    }
  }

  void create_index(const Json& n) {
    CreateIndex idx;
    idx.table = from_range_var(at(n, "relation"));
    idx.name = str(n, "idxname");
    idx.unique = flag(n, "unique");
    idx.concurrently = flag(n, "concurrent");
    idx.partial = !at(n, "whereClause").is_null();
    idx.if_not_exists = flag(n, "if_not_exists");
    for (const auto& p : items(n, "indexParams")) {
      std::string col = str(at(p, "IndexElem"), "name");
      if (!col.empty()) idx.columns.push_back(col);
      else idx.has_expressions = true;
    }
    add(std::move(idx));
  }

  void truncate(const Json& n) {
    bool cascade = str(n, "behavior") == "DROP_CASCADE";
    for (const auto& rel : items(n, "relations"))
      add(Truncate{from_range_var(at(rel, "RangeVar")), cascade}, offset(at(rel, "RangeVar")));
  }

  void update(const Json& n) {
    UpdateRows u{from_range_var(at(n, "relation")), {}, !at(n, "whereClause").is_null()};
    for (const auto& t : items(n, "targetList")) u.columns.push_back(str(at(t, "ResTarget"), "name"));
    add(std::move(u));
  }

  void alter_enum(const Json& n) {
    QualifiedName type = from_names(strings(at(n, "typeName")));
    if (!str(n, "oldVal").empty())
      add(RenameEnumValue{type, str(n, "oldVal"), str(n, "newVal")});
    else
      add(AddEnumValue{type, str(n, "newVal"), !str(n, "newValNeighbor").empty()});
  }

  void set_variable(const Json& n) {
    std::string name = str(n, "name");
    if (name == "lock_timeout" || name == "statement_timeout")
      add(SetTimeout{name, flag(n, "is_local")});
  }

  void transaction(const Json& n) {
    std::string kind = str(n, "kind");
    if (kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START") add(BeginTransaction{});
    else if (kind == "TRANS_STMT_COMMIT" || kind == "TRANS_STMT_ROLLBACK") add(CommitTransaction{});
  }

  void reindex(const Json& n) {
    bool concurrently = false;
    for (const auto& p : items(n, "params"))
      if (str(at(p, "DefElem"), "defname") == "concurrently") concurrently = true;
    QualifiedName target = at(n, "relation").is_null() ? QualifiedName{"", str(n, "name")}
                                                       : from_range_var(at(n, "relation"));
    add(Reindex{target, concurrently});
  }

  const Statement& stmt_;
  std::string_view file_;
  std::vector<Change> changes_;
};

}  // namespace

std::vector<Change> extract_changes(const Statement& statement, std::string_view file) {
  return Extractor(statement, file).run();
}

}  // namespace driftgate
