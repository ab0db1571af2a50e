// Turns libpg_query's parse tree (its protobuf, unpacked) of one statement into the structured change set.
#include <algorithm>
#include <array>

#include "lint/change.h"
#include "sql/clause_offsets.h"
#include "sql/sql_file.h"

namespace driftgate {
namespace {

// Short names for libpg_query's protobuf types and enum values.
using Node = PgQuery__Node;
using RangeVar = PgQuery__RangeVar;

// libpg_query never leaves a string field null, but a hand-made tree could.
std::string str(const char* s) { return s ? std::string(s) : std::string(); }

// A list of String nodes -> their values.
std::vector<std::string> strings(Node* const* items, std::size_t n) {
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(items[i]->node_case == PG_QUERY__NODE__NODE_STRING ? str(items[i]->string->sval) : "");
  return out;
}

QualifiedName from_range_var(const RangeVar* rv) {
  return rv ? QualifiedName{str(rv->schemaname), str(rv->relname)} : QualifiedName{};
}

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

TypeRef type_ref(const PgQuery__TypeName* type_name) {
  TypeRef t;
  if (!type_name) return t;
  auto names = strings(type_name->names, type_name->n_names);
  if (names.empty()) return t;
  if (names.size() >= 2) t.schema = names[names.size() - 2];
  t.name = canonical_type(names.back());
  for (std::size_t i = 0; i < type_name->n_typmods; ++i) {
    const Node* mod = type_name->typmods[i];
    if (mod->node_case == PG_QUERY__NODE__NODE_A_CONST && mod->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
      t.modifiers.push_back(mod->a_const->ival->ival);
  }
  t.array_dims = static_cast<int>(type_name->n_array_bounds);
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

// Any volatile call makes an expression volatile; any other call or CURRENT_TIMESTAMP-style
// value function makes it stable (evaluated once for ADD COLUMN). The walk is generic, over
// protobuf-c's message descriptors, since a default can be any expression.
void classify_message(const ProtobufCMessage* message, DefaultKind& kind) {
  if (!message) return;
  const ProtobufCMessageDescriptor* d = message->descriptor;
  if (d == &pg_query__func_call__descriptor) {
    const auto* call = reinterpret_cast<const PgQuery__FuncCall*>(message);
    auto name = strings(call->funcname, call->n_funcname);
    if (!name.empty() && is_volatile_function(name.back())) kind = DefaultKind::Volatile;
    else if (kind == DefaultKind::Constant) kind = DefaultKind::Stable;
  } else if (d == &pg_query__sqlvalue_function__descriptor && kind == DefaultKind::Constant) {
    kind = DefaultKind::Stable;
  }
  const auto* base = reinterpret_cast<const char*>(message);
  for (unsigned i = 0; i < d->n_fields; ++i) {
    const ProtobufCFieldDescriptor& f = d->fields[i];
    if (f.type != PROTOBUF_C_TYPE_MESSAGE) continue;
    if ((f.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
        *reinterpret_cast<const uint32_t*>(base + f.quantifier_offset) != f.id)
      continue;  // another member of the union (e.g. Node's) is the one set
    if (f.label == PROTOBUF_C_LABEL_REPEATED) {
      std::size_t n = *reinterpret_cast<const std::size_t*>(base + f.quantifier_offset);
      auto* items = *reinterpret_cast<ProtobufCMessage* const* const*>(base + f.offset);
      for (std::size_t k = 0; k < n; ++k) classify_message(items[k], kind);
    } else {
      classify_message(*reinterpret_cast<ProtobufCMessage* const*>(base + f.offset), kind);
    }
  }
}

DefaultKind classify_expression(const Node* expr) {
  DefaultKind kind = DefaultKind::Constant;
  classify_message(&expr->base, kind);
  return kind;
}

class Extractor {
 public:
  Extractor(const Statement& s, std::string_view file) : stmt_(s), file_(file) {}

  std::vector<Change> run() {
    const Node* n = stmt_.tree.get();
    if (!n) return {};
    switch (n->node_case) {
      case PG_QUERY__NODE__NODE_CREATE_STMT: create_table(*n->create_stmt); break;
      case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: alter_table(*n->alter_table_stmt); break;
      case PG_QUERY__NODE__NODE_RENAME_STMT: rename(*n->rename_stmt); break;
      case PG_QUERY__NODE__NODE_DROP_STMT: drop(*n->drop_stmt); break;
      case PG_QUERY__NODE__NODE_DROPDB_STMT: add(DropDatabase{str(n->dropdb_stmt->dbname)}); break;
      case PG_QUERY__NODE__NODE_INDEX_STMT: create_index(*n->index_stmt); break;
      case PG_QUERY__NODE__NODE_TRUNCATE_STMT: truncate(*n->truncate_stmt); break;
      case PG_QUERY__NODE__NODE_DELETE_STMT:
        add(DeleteRows{from_range_var(n->delete_stmt->relation), n->delete_stmt->where_clause != nullptr});
        break;
      case PG_QUERY__NODE__NODE_UPDATE_STMT: update(*n->update_stmt); break;
      case PG_QUERY__NODE__NODE_INSERT_STMT: add(InsertRows{from_range_var(n->insert_stmt->relation)}); break;
      case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
        add(CreateSchema{str(n->create_schema_stmt->schemaname), bool(n->create_schema_stmt->if_not_exists)});
        break;
      case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: {
        const auto& e = *n->create_enum_stmt;
        add(CreateEnum{from_names(strings(e.type_name, e.n_type_name)), strings(e.vals, e.n_vals)});
        break;
      }
      case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT: alter_enum(*n->alter_enum_stmt); break;
      case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT: set_variable(*n->variable_set_stmt); break;
      case PG_QUERY__NODE__NODE_TRANSACTION_STMT: transaction(*n->transaction_stmt); break;
      case PG_QUERY__NODE__NODE_REINDEX_STMT: reindex(*n->reindex_stmt); break;
      case PG_QUERY__NODE__NODE_VIEW_STMT: add(CreateView{from_range_var(n->view_stmt->view)}); break;
      default: break;
    }
    return std::move(changes_);
  }

 private:
  template <class T>
  void add(T what, std::size_t offset) { changes_.push_back({std::move(what), offset}); }
  template <class T>
  void add(T what) { add(std::move(what), stmt_.begin); }

  ColumnSpec column_spec(const PgQuery__ColumnDef* def) {
    ColumnSpec c;
    if (!def) return c;
    c.name = str(def->colname);
    c.offset = stmt_.offset_of(def->location);
    c.type = type_ref(def->type_name);
    std::string written = def->type_name && def->type_name->n_names > 0
                              ? strings(def->type_name->names, def->type_name->n_names).back()
                              : std::string();
    if (is_serial(written)) c.default_kind = DefaultKind::Volatile;
    for (std::size_t i = 0; i < def->n_constraints; ++i) {
      if (def->constraints[i]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT) continue;
      const PgQuery__Constraint& k = *def->constraints[i]->constraint;
      switch (k.contype) {
        case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL: c.not_null = true; break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
          c.default_kind = k.raw_expr ? classify_expression(k.raw_expr) : DefaultKind::Constant;
          break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY: c.identity = true; break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED: c.generated_stored = true; break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: c.primary_key = c.not_null = true; break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: c.unique = true; break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: c.references = true; break;
        default: break;
      }
    }
    if (is_serial(written)) c.not_null = true;
    return c;
  }

  ConstraintSpec constraint_spec(const PgQuery__Constraint* k) {
    ConstraintSpec c;
    if (!k) return c;
    switch (k->contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: c.kind = ConstraintKind::PrimaryKey; break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: c.kind = ConstraintKind::Unique; break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: c.kind = ConstraintKind::ForeignKey; break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: c.kind = ConstraintKind::Check; break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION: c.kind = ConstraintKind::Exclusion; break;
      default: c.kind = ConstraintKind::Other; break;
    }
    c.name = str(k->conname);
    c.columns = c.kind == ConstraintKind::ForeignKey ? strings(k->fk_attrs, k->n_fk_attrs) : strings(k->keys, k->n_keys);
    c.referenced_table = from_range_var(k->pktable);
    c.not_valid = k->skip_validation;
    c.using_index = str(k->indexname);
    c.offset = stmt_.offset_of(k->location);
    return c;
  }

  void create_table(const PgQuery__CreateStmt& n) {
    CreateTable t{from_range_var(n.relation), {}, {}, bool(n.if_not_exists)};
    for (std::size_t i = 0; i < n.n_table_elts; ++i) {
      const Node* elt = n.table_elts[i];
      if (elt->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) t.columns.push_back(column_spec(elt->column_def));
      else if (elt->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) t.constraints.push_back(constraint_spec(elt->constraint));
    }
    add(std::move(t));
  }

  void alter_table(const PgQuery__AlterTableStmt& n) {
    if (n.objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) return;  // ALTER INDEX/SEQUENCE/VIEW ... change no rows
    QualifiedName table = from_range_var(n.relation);
    // Sub-commands carry no location of their own: place each at its clause.
    std::vector<std::size_t> clauses =
        alter_table_clause_offsets(file_, stmt_.offset_of(n.relation ? n.relation->location : -1), stmt_.end);
    for (std::size_t i = 0; i < n.n_cmds; ++i) {
      if (n.cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD) continue;
      const PgQuery__AlterTableCmd& cmd = *n.cmds[i]->alter_table_cmd;
      std::size_t clause = i < clauses.size() ? clauses[i] : stmt_.begin;
      std::string col = str(cmd.name);
      const Node* def = cmd.def;
      auto def_as = [&](PgQuery__Node__NodeCase kind) { return def && def->node_case == kind; };
      switch (cmd.subtype) {
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
          add(AddColumn{table, column_spec(def_as(PG_QUERY__NODE__NODE_COLUMN_DEF) ? def->column_def : nullptr),
                        bool(cmd.missing_ok)},
              clause);
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn: add(DropColumn{table, col, bool(cmd.missing_ok)}, clause); break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: {
          const PgQuery__ColumnDef* cd = def_as(PG_QUERY__NODE__NODE_COLUMN_DEF) ? def->column_def : nullptr;
          add(AlterColumnType{table, col, type_ref(cd ? cd->type_name : nullptr), cd && cd->raw_default}, clause);
          break;
        }
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull: add(SetNotNull{table, col}, clause); break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull: add(DropNotNull{table, col}, clause); break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
          if (!def) add(DropDefault{table, col}, clause);
          else add(SetDefault{table, col, classify_expression(def)}, clause);
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
          add(AddConstraint{table, constraint_spec(def_as(PG_QUERY__NODE__NODE_CONSTRAINT) ? def->constraint : nullptr)},
              clause);
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
          add(DropConstraint{table, col, bool(cmd.missing_ok)}, clause);
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint: add(ValidateConstraint{table, col}, clause); break;
        default: break;
      }
    }
  }

  void rename(const PgQuery__RenameStmt& n) {
    std::string new_name = str(n.newname);
    switch (n.rename_type) {
      case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: add(RenameTable{from_range_var(n.relation), new_name}); break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
        if (n.relation_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
          add(RenameColumn{from_range_var(n.relation), str(n.subname), new_name});
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: add(RenameIndex{from_range_var(n.relation), new_name}); break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
        if (n.object && n.object->node_case == PG_QUERY__NODE__NODE_LIST)
          add(RenameType{from_names(strings(n.object->list->items, n.object->list->n_items)), new_name});
        break;
      default: break;
    }
  }

  // DROP's objects: a List of names, a TypeName, or a bare String (a schema).
  static std::vector<std::string> object_names(const Node* obj) {
    switch (obj->node_case) {
      case PG_QUERY__NODE__NODE_LIST: return strings(obj->list->items, obj->list->n_items);
      case PG_QUERY__NODE__NODE_TYPE_NAME: return strings(obj->type_name->names, obj->type_name->n_names);
      case PG_QUERY__NODE__NODE_STRING: return {str(obj->string->sval)};
      default: return {};
    }
  }

  void drop(const PgQuery__DropStmt& n) {
    bool if_exists = n.missing_ok;
    bool cascade = n.behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    for (std::size_t i = 0; i < n.n_objects; ++i) {
      QualifiedName name = from_names(object_names(n.objects[i]));
      switch (n.remove_type) {
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: add(DropTable{name, if_exists, cascade}); break;
        case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: add(DropIndex{name, bool(n.concurrent), if_exists}); break;
        case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: add(DropType{name, if_exists}); break;
        case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: add(DropSchema{name.name, cascade, if_exists}); break;
        default: break;
      }
    }
  }

  void create_index(const PgQuery__IndexStmt& n) {
    CreateIndex idx;
    idx.table = from_range_var(n.relation);
    idx.name = str(n.idxname);
    idx.unique = n.unique;
    idx.concurrently = n.concurrent;
    idx.partial = n.where_clause != nullptr;
    idx.if_not_exists = n.if_not_exists;
    for (std::size_t i = 0; i < n.n_index_params; ++i) {
      const Node* p = n.index_params[i];
      std::string col = p->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM ? str(p->index_elem->name) : "";
      if (!col.empty()) idx.columns.push_back(col);
      else idx.has_expressions = true;
    }
    add(std::move(idx));
  }

  void truncate(const PgQuery__TruncateStmt& n) {
    bool cascade = n.behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    for (std::size_t i = 0; i < n.n_relations; ++i) {
      if (n.relations[i]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR) continue;
      const RangeVar* rel = n.relations[i]->range_var;
      add(Truncate{from_range_var(rel), cascade}, stmt_.offset_of(rel->location));
    }
  }

  void update(const PgQuery__UpdateStmt& n) {
    UpdateRows u{from_range_var(n.relation), {}, n.where_clause != nullptr};
    for (std::size_t i = 0; i < n.n_target_list; ++i)
      if (n.target_list[i]->node_case == PG_QUERY__NODE__NODE_RES_TARGET)
        u.columns.push_back(str(n.target_list[i]->res_target->name));
    add(std::move(u));
  }

  void alter_enum(const PgQuery__AlterEnumStmt& n) {
    QualifiedName type = from_names(strings(n.type_name, n.n_type_name));
    if (!str(n.old_val).empty())
      add(RenameEnumValue{type, str(n.old_val), str(n.new_val)});
    else
      add(AddEnumValue{type, str(n.new_val), !str(n.new_val_neighbor).empty()});
  }

  void set_variable(const PgQuery__VariableSetStmt& n) {
    std::string name = str(n.name);
    if (name == "lock_timeout" || name == "statement_timeout") add(SetTimeout{name, bool(n.is_local)});
  }

  void transaction(const PgQuery__TransactionStmt& n) {
    switch (n.kind) {
      case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
      case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START: add(BeginTransaction{}); break;
      case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
      case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK: add(CommitTransaction{}); break;
      default: break;
    }
  }

  void reindex(const PgQuery__ReindexStmt& n) {
    bool concurrently = false;
    for (std::size_t i = 0; i < n.n_params; ++i)
      if (n.params[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM && str(n.params[i]->def_elem->defname) == "concurrently")
        concurrently = true;
    QualifiedName target = n.relation ? from_range_var(n.relation) : QualifiedName{"", str(n.name)};
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
