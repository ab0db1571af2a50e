// PostgreSQL introspection: ten catalogue queries over all requested schemas at once, inside one
// REPEATABLE READ transaction so that they see one state of a live database. Normal forms are
// described in introspector.h.
#include <map>

#include "core/error.h"
#include "db/introspector.h"

namespace driftgate::introspection {
namespace {

// `ARRAY['public', 'audit']::name[]`, for `n.nspname = ANY (...)`.
std::string name_array(const Connection& c, const std::vector<std::string>& names) {
  std::string out = "ARRAY[";
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + c.quote_literal(names[i]);
  return out + "]::name[]";
}

// Objects created by CREATE EXTENSION are the extension's, not the schema's.
std::string not_extension_member(const char* catalog, const char* oid) {
  return std::string("NOT EXISTS (SELECT 1 FROM pg_depend ext WHERE ext.classid = '") + catalog +
         "'::regclass AND ext.objid = " + oid + " AND ext.deptype = 'e')";
}

// The tables introspection reads, as a condition on `n` (pg_namespace) and `c` (pg_class).
std::string table_filter(const std::string& namespaces) {
  return "n.nspname = ANY (" + namespaces + ") AND c.relkind IN ('r', 'p') AND c.relname <> '" +
         std::string(kMigrationsTable) + "' AND " + not_extension_member("pg_class", "c.oid");
}

// The server's spelling of a referential action (pg_constraint.confdeltype/confupdtype).
const char* referential_action(const Rows& rows, std::size_t row, std::string_view column) {
  const std::string& code = rows.str(row, column);
  if (code == "a") return "NO ACTION";
  if (code == "r") return "RESTRICT";
  if (code == "c") return "CASCADE";
  if (code == "n") return "SET NULL";
  if (code == "d") return "SET DEFAULT";
  rows.fail(row, column, "unknown referential action \"" + code + "\"");
}

// The catalogue columns read here (attgenerated, prokind, conparentid, indnkeyatts) are PostgreSQL 12's.
constexpr long long kMinimumServerVersion = 120000;

// Holds the introspection's transaction: read-only, one snapshot, a search_path of the first schema
// alone so that the session's own search_path cannot change how names are printed, and no JIT
// compilation, which costs catalogue queries more than it saves.
class ReadTransaction {
 public:
  ReadTransaction(Connection& c, const std::string& first_namespace) : c_(c) {
    open_ = true;  // whatever part of the statements below fails, the destructor rolls back
    Rows version(c_, "PostgreSQL (starting a read-only transaction)",
                 "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL jit = off; SET LOCAL search_path TO " +
                     c_.quote_identifier(first_namespace) + "; SELECT current_setting('server_version_num') AS version");
    if (version.integer(0, "version") < kMinimumServerVersion)
      throw Error("introspection needs PostgreSQL 12 or later; the server is version " + version.str(0, "version"));
  }
  ~ReadTransaction() {
    if (!open_) return;
    try {
      c_.query("ROLLBACK");
    } catch (...) {
      // Already failing: the error that got us here is the one to report.
    }
  }
  void commit() {
    open_ = false;
    Rows(c_, "PostgreSQL (committing the read-only transaction)", "COMMIT");
  }

 private:
  Connection& c_;
  bool open_ = false;
};

class PostgresIntrospector {
 public:
  PostgresIntrospector(Connection& c, const IntrospectOptions& o)
      : c_(c), namespaces_(name_array(c, o.namespaces)), tables_(table_filter(namespaces_)) {}

  Schema run() {
    read_tables();
    read_columns();
    read_constraints();
    read_indexes();
    read_triggers();
    read_enums();
    read_sequences();
    read_views();
    read_routines();
    read_extensions();
    return std::move(schema_);
  }

 private:
  // Namespaces that exist, with their tables; every later table-level row attaches to these.
  void read_tables() {
    Rows rows(c_, "PostgreSQL tables", R"(
SELECT n.nspname, c.relname, d.description AS comment
FROM pg_namespace n
LEFT JOIN pg_class c ON c.relnamespace = n.oid AND )" + tables_ + R"(
LEFT JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
WHERE n.nspname = ANY ()" + namespaces_ + R"()
ORDER BY n.nspname, c.relname)");
    for (std::size_t r = 0; r < rows.size(); ++r) {
      Namespace& ns = schema_.namespace_named(rows.str(r, "nspname"));
      if (const auto& name = rows.opt(r, "relname")) {
        Table t;
        t.name = *name;
        t.comment = rows.opt(r, "comment");
        ns.tables.push_back(std::move(t));
      }
    }
    for (auto& ns : schema_.namespaces)
      for (auto& t : ns.tables) by_name_[{ns.name, t.name}] = &t;
  }

  Table* table(const Rows& rows, std::size_t r) {
    auto it = by_name_.find({rows.str(r, "nspname"), rows.str(r, "relname")});
    if (it == by_name_.end()) rows.fail(r, "relname", "a table the tables query did not return");
    return it->second;
  }

  void read_columns() {
    // A default cannot refer to columns, so it is printed without naming its table: pg_get_expr
    // would open the table to name them, which on a fresh connection costs more than the whole
    // query. A generated column's expression does refer to columns.
    // uses_owned_sequence: the default calls a sequence owned by this very column (serial); only
    // looked up for columns with a plain default, which keeps it cheap on wide schemas.
    Rows rows(c_, "PostgreSQL columns", R"(
SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
  pg_get_expr(ad.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE ad.adrelid END) AS default_value,
  a.attidentity, a.attgenerated,
  CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collation,
  d.description AS comment,
  CASE WHEN ad.oid IS NOT NULL AND a.attgenerated = '' THEN
    EXISTS (SELECT 1 FROM pg_depend owned
            JOIN pg_depend uses ON uses.classid = 'pg_attrdef'::regclass AND uses.objid = ad.oid
                                AND uses.refclassid = 'pg_class'::regclass AND uses.refobjid = owned.objid
            WHERE owned.classid = 'pg_class'::regclass AND owned.refclassid = 'pg_class'::regclass
              AND owned.refobjid = c.oid AND owned.refobjsubid = a.attnum AND owned.deptype = 'a')
  END AS uses_owned_sequence
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = a.attnum
WHERE )" + tables_ + R"( AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY n.nspname, c.relname, a.attnum)");
    for (std::size_t r = 0; r < rows.size(); ++r) {
      Column col;
      col.name = rows.str(r, "attname");
      col.type = rows.str(r, "type");
      col.nullable = !rows.flag(r, "attnotnull");
      col.default_value = rows.opt(r, "default_value");
      const std::string& identity = rows.str(r, "attidentity");
      if (identity == "a") col.generation = ColumnGeneration::IdentityAlways;
      else if (identity == "d") col.generation = ColumnGeneration::IdentityDefault;
      else if (rows.str(r, "attgenerated") == "s") col.generation = ColumnGeneration::Stored;
      else if (rows.flag(r, "uses_owned_sequence") && col.default_value && col.default_value->starts_with("nextval("))
        col.generation = ColumnGeneration::Serial;
      col.collation = rows.opt(r, "collation");
      col.comment = rows.opt(r, "comment");
      table(rows, r)->columns.push_back(std::move(col));
    }
  }

  // Primary keys, foreign keys, checks and exclusion constraints, one row per key column (checks:
  // one row); UNIQUE constraints are read with the indexes. A foreign key to a partitioned table has
  // a copy per referenced partition on the same table (conparentid set): only the original is the
  // user's.
  void read_constraints() {
    Rows rows(c_, "PostgreSQL constraints", R"(
SELECT n.nspname, c.relname, con.conname, con.contype, a.attname AS column_name,
  fn.nspname AS referenced_schema, fc.relname AS referenced_table, fa.attname AS referenced_column,
  con.confdeltype, con.confupdtype, con.condeferrable,
  CASE WHEN con.contype IN ('c', 'x') THEN pg_get_constraintdef(con.oid) END AS definition
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
LEFT JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, fattnum, ord) ON con.contype IN ('p', 'f')
LEFT JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
LEFT JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.fattnum
WHERE )" + tables_ + R"( AND con.contype IN ('p', 'f', 'c', 'x')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint parent WHERE parent.oid = con.conparentid AND parent.conrelid = con.conrelid)
ORDER BY n.nspname, c.relname, con.conname, k.ord)");
    for (std::size_t r = 0; r < rows.size(); ++r) {
      Table* t = table(rows, r);
      const std::string& type = rows.str(r, "contype");
      const std::string& name = rows.str(r, "conname");
      if (type == "p") {
        if (!t->primary_key) t->primary_key = PrimaryKey{name, {}};
        t->primary_key->columns.push_back(rows.str(r, "column_name"));
      } else if (type == "f") {
        if (t->foreign_keys.empty() || t->foreign_keys.back().name != name) {
          ForeignKey fk;
          fk.name = name;
          fk.referenced_schema = rows.str(r, "referenced_schema");
          fk.referenced_table = rows.str(r, "referenced_table");
          fk.on_delete = referential_action(rows, r, "confdeltype");
          fk.on_update = referential_action(rows, r, "confupdtype");
          fk.deferrable = rows.flag(r, "condeferrable");
          t->foreign_keys.push_back(std::move(fk));
        }
        t->foreign_keys.back().columns.push_back(rows.str(r, "column_name"));
        t->foreign_keys.back().referenced_columns.push_back(rows.str(r, "referenced_column"));
      } else {
        t->checks.push_back({name, rows.str(r, "definition")});
      }
    }
  }

  // One row per key column (INCLUDE columns are not read): a column name, or an expression in the
  // pretty form, which parenthesises every expression but a function call. The indexes of primary
  // keys and exclusion constraints belong to their constraints.
  void read_indexes() {
    Rows rows(c_, "PostgreSQL indexes", R"(
SELECT n.nspname, c.relname, ic.relname AS index_name, i.indisunique, am.amname,
  pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
  EXISTS (SELECT 1 FROM pg_constraint con
          WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype = 'u') AS is_constraint,
  CASE WHEN k.attnum = 0 THEN pg_get_indexdef(i.indexrelid, k.ord::int, true) ELSE a.attname END AS key,
  k.attnum = 0 AS is_expression, (i.indoption[k.ord - 1] & 1) = 1 AS descending,
  CASE WHEN opc.opcdefault THEN NULL ELSE opc.opcname END AS operator_class
FROM pg_index i
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
CROSS JOIN LATERAL unnest(i.indkey::int2[], i.indclass::oid[]) WITH ORDINALITY AS k(attnum, opclass, ord)
JOIN pg_opclass opc ON opc.oid = k.opclass
LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
WHERE )" + tables_ + R"( AND NOT i.indisprimary AND NOT i.indisexclusion AND k.ord <= i.indnkeyatts
ORDER BY n.nspname, c.relname, ic.relname, k.ord)");
    for (std::size_t r = 0; r < rows.size(); ++r) {
      Table* t = table(rows, r);
      const std::string& name = rows.str(r, "index_name");
      if (t->indexes.empty() || t->indexes.back().name != name) {
        Index index;
        index.name = name;
        index.unique = rows.flag(r, "indisunique");
        index.is_constraint = rows.flag(r, "is_constraint");
        index.method = rows.str(r, "amname");
        index.predicate = rows.opt(r, "predicate");
        t->indexes.push_back(std::move(index));
      }
      IndexColumn col;
      col.name = rows.str(r, "key");
      if (rows.flag(r, "is_expression") && !col.name.starts_with("(")) col.name = "(" + col.name + ")";
      col.descending = rows.flag(r, "descending");
      col.operator_class = rows.opt(r, "operator_class");
      t->indexes.back().columns.push_back(std::move(col));
    }
  }

  void read_triggers() {
    Rows rows(c_, "PostgreSQL triggers", R"(
SELECT n.nspname, c.relname, tg.tgname, pg_get_triggerdef(tg.oid) AS definition
FROM pg_trigger tg
JOIN pg_class c ON c.oid = tg.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE )" + tables_ + R"( AND NOT tg.tgisinternal
ORDER BY n.nspname, c.relname, tg.tgname)");
    for (std::size_t r = 0; r < rows.size(); ++r)
      table(rows, r)->triggers.push_back({rows.str(r, "tgname"), rows.str(r, "definition")});
  }

  void read_enums() {
    Rows rows(c_, "PostgreSQL enums", R"(
SELECT n.nspname, t.typname, e.enumlabel
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_enum e ON e.enumtypid = t.oid
WHERE n.nspname = ANY ()" + namespaces_ + ") AND " + not_extension_member("pg_type", "t.oid") + R"(
ORDER BY n.nspname, t.typname, e.enumsortorder)");
    for (std::size_t r = 0; r < rows.size(); ++r) {
      auto& enums = schema_.namespace_named(rows.str(r, "nspname")).enums;
      const std::string& name = rows.str(r, "typname");
      if (enums.empty() || enums.back().name != name) enums.push_back({name, {}});
      enums.back().values.push_back(rows.str(r, "enumlabel"));
    }
  }

  // Identity sequences (deptype 'i') are part of their column; serial and OWNED BY ones ('a') are
  // listed with their owner.
  void read_sequences() {
    Rows rows(c_, "PostgreSQL sequences", R"(
SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL) AS type, s.seqstart, s.seqincrement,
  owner.relname || '.' || owner_column.attname AS owned_by
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend dep ON dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
                       AND dep.refclassid = 'pg_class'::regclass AND dep.deptype = 'a'
LEFT JOIN pg_class owner ON owner.oid = dep.refobjid
LEFT JOIN pg_attribute owner_column ON owner_column.attrelid = dep.refobjid AND owner_column.attnum = dep.refobjsubid
WHERE n.nspname = ANY ()" + namespaces_ + ") AND " + not_extension_member("pg_class", "c.oid") + R"(
  AND NOT EXISTS (SELECT 1 FROM pg_depend identity WHERE identity.classid = 'pg_class'::regclass
                  AND identity.objid = c.oid AND identity.deptype = 'i')
ORDER BY n.nspname, c.relname)");
    for (std::size_t r = 0; r < rows.size(); ++r) {
      Sequence s;
      s.name = rows.str(r, "relname");
      s.type = rows.str(r, "type");
      s.start = rows.integer(r, "seqstart");
      s.increment = rows.integer(r, "seqincrement");
      s.owned_by = rows.opt(r, "owned_by");
      schema_.namespace_named(rows.str(r, "nspname")).sequences.push_back(std::move(s));
    }
  }

  void read_views() {
    Rows rows(c_, "PostgreSQL views", R"(
SELECT n.nspname, c.relname, c.relkind = 'm' AS materialized, pg_get_viewdef(c.oid) AS definition
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY ()" + namespaces_ + ") AND c.relkind IN ('v', 'm') AND " +
                                                    not_extension_member("pg_class", "c.oid") + R"(
ORDER BY n.nspname, c.relname)");
    for (std::size_t r = 0; r < rows.size(); ++r)
      schema_.namespace_named(rows.str(r, "nspname"))
          .views.push_back({rows.str(r, "relname"), rows.str(r, "definition"), rows.flag(r, "materialized")});
  }

  // pg_get_functiondef refuses aggregates, so theirs is rebuilt from pg_aggregate (the options
  // Prisma-era schemas use: state function and type, final and combine functions, initial value).
  void read_routines() {
    Rows rows(c_, "PostgreSQL routines", R"(
SELECT n.nspname, p.proname, oidvectortypes(p.proargtypes) AS arguments, p.prokind,
  CASE WHEN p.prokind = 'a' THEN
    format('CREATE AGGREGATE %s.%s(%s) (SFUNC = %s, STYPE = %s%s%s%s)', quote_ident(n.nspname), quote_ident(p.proname),
           pg_get_function_identity_arguments(p.oid), agg.aggtransfn, format_type(agg.aggtranstype, NULL),
           CASE WHEN agg.aggfinalfn <> 0 THEN ', FINALFUNC = ' || agg.aggfinalfn::regproc END,
           CASE WHEN agg.aggcombinefn <> 0 THEN ', COMBINEFUNC = ' || agg.aggcombinefn::regproc END,
           CASE WHEN agg.agginitval IS NOT NULL THEN ', INITCOND = ' || quote_literal(agg.agginitval) END)
  ELSE pg_get_functiondef(p.oid) END AS definition
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
LEFT JOIN pg_aggregate agg ON agg.aggfnoid = p.oid
WHERE n.nspname = ANY ()" + namespaces_ + ") AND " + not_extension_member("pg_proc", "p.oid") + R"(
ORDER BY n.nspname, p.proname, arguments)");
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const std::string& kind = rows.str(r, "prokind");
      Routine routine;
      routine.name = rows.str(r, "proname");
      routine.arguments = rows.str(r, "arguments");
      routine.kind = kind == "p" ? "procedure" : kind == "a" ? "aggregate" : "function";  // 'w' (window) is a function
      routine.definition = rows.str(r, "definition");
      schema_.namespace_named(rows.str(r, "nspname")).routines.push_back(std::move(routine));
    }
  }

  // Every extension of the database, wherever its objects live, but plpgsql: initdb installs it
  // in every database.
  void read_extensions() {
    Rows rows(c_, "PostgreSQL extensions", R"(
SELECT e.extname, n.nspname, e.extversion
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
ORDER BY e.extname)");
    for (std::size_t r = 0; r < rows.size(); ++r)
      schema_.extensions.push_back({rows.str(r, "extname"), rows.str(r, "nspname"), rows.str(r, "extversion")});
  }

  Connection& c_;
  const std::string namespaces_;  // the SQL array of requested schema names
  const std::string tables_;      // the SQL condition selecting the tables read
  Schema schema_;
  std::map<std::pair<std::string, std::string>, Table*> by_name_;
};

}  // namespace

Schema introspect_postgres(Connection& connection, const IntrospectOptions& options) {
  if (options.namespaces.empty()) throw Error("introspection: no PostgreSQL schema to read");
  ReadTransaction transaction(connection, options.namespaces.front());
  Schema schema = PostgresIntrospector(connection, options).run();
  transaction.commit();
  return schema;
}

}  // namespace driftgate::introspection
