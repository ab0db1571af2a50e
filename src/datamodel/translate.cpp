#include "datamodel/translate.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/error.h"
#include "datamodel/constraint_names.h"
#include "datamodel/db_names.h"
#include "datamodel/index_arguments.h"
#include "datamodel/native_types.h"
#include "datamodel/pg_literals.h"
#include "datamodel/validation.h"

namespace driftgate::psl {
namespace {

std::string sql_string(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// format_type() without the type modifier, as pg_get_expr prints a literal's cast:
// "character varying(255)" -> "character varying", "character(2)" -> "bpchar".
std::string cast_type(const std::string& type) {
  if (type.starts_with("character(") || type == "character") return "bpchar";
  std::string out = type;
  if (auto open = out.find('('); open != std::string::npos) {
    auto close = out.find(')', open);
    out.erase(open, close - open + 1);
  }
  return out;
}

// "DESC" sort, length and operator class of one entry of an index's field list.
struct IndexField {
  std::string field;
  bool descending = false;
  std::optional<int> length;
  std::optional<std::string> ops;
};

// The entries of an index's field list, on an index of access method `method`.
std::vector<IndexField> index_fields(const Expression* list, const std::string& method) {
  std::vector<IndexField> out;
  if (!list) return out;
  for (const auto& e : list->elements) {
    IndexField f{e.value};
    if (e.is(Expression::Kind::Function)) {
      if (const Expression* s = e.named("sort")) f.descending = s->value == "Desc";
      if (const Expression* l = e.named("length")) f.length = std::stoi(l->value);
      if (const Expression* o = e.named("ops")) f.ops = operator_class(*o, method);
    }
    out.push_back(std::move(f));
  }
  return out;
}

// Prisma's referential action names as SQL spells them.
std::string referential_action(const Expression* e, std::string fallback, Provider provider) {
  std::string sql = fallback;
  if (e) {
    static const std::map<std::string, std::string, std::less<>> actions = {
        {"Cascade", "CASCADE"}, {"Restrict", "RESTRICT"}, {"NoAction", "NO ACTION"},
        {"SetNull", "SET NULL"}, {"SetDefault", "SET DEFAULT"}};
    auto it = actions.find(e->value);
    if (it == actions.end()) throw Error(e->location, "unknown referential action " + e->value);
    sql = it->second;
  }
  // InnoDB has no deferred checks: introspection reads NO ACTION as RESTRICT.
  return provider == Provider::MySQL && sql == "NO ACTION" ? "RESTRICT" : sql;
}

class Translator {
 public:
  Translator(const Datamodel& dm, Provider provider, const TranslateOptions& options)
      : dm_(dm), provider_(provider), options_(options) {
    for (const auto& b : dm.blocks) {
      if (b.kind == BlockKind::Model) models_[b.name] = &b;
      else if (b.kind == BlockKind::Enum) enums_[b.name] = &b;
      else if (b.kind == BlockKind::Type) composites_.insert(b.name);
      else if (b.kind == BlockKind::Datasource) datasource_ = &b;
    }
    if (datasource_) {
      datasource_name_ = datasource_->name;
      // Prisma before 4.5 called it referentialIntegrity.
      const Property* mode = datasource_->property("relationMode");
      if (!mode) mode = datasource_->property("referentialIntegrity");
      if (mode) foreign_keys_ = mode->value.value != "prisma";
    }
  }

  Translation run() {
    schema_.provider = provider_;
    schema_.namespace_named(default_namespace());
    if (const Property* schemas = datasource_ ? datasource_->property("schemas") : nullptr)
      for (const auto& s : schemas->value.elements) schema_.namespace_named(s.value);
    if (pg() && datasource_)
      if (const Property* extensions = datasource_->property("extensions")) add_extensions(extensions->value);
    if (pg())
      for (const auto& b : dm_.blocks)
        if (b.kind == BlockKind::Enum) add_enum(b);
    for (const auto& b : dm_.blocks)
      if (b.kind == BlockKind::Model) add_table(b);
    if (foreign_keys_)
      for (const auto& b : dm_.blocks)
        if (b.kind == BlockKind::Model) add_foreign_keys(b);
    add_join_tables();
    if (!pg() && foreign_keys_) add_foreign_key_indexes();
    schema_.normalise();
    return {std::move(schema_), std::move(dbgenerated_defaults_)};
  }

 private:
  bool pg() const { return provider_ == Provider::PostgreSQL; }
  std::string default_namespace() const { return pg() ? options_.default_namespace : ""; }

  std::string namespace_of(const Block& b) const {
    const std::string* s = pg() ? schema_attribute(b) : nullptr;
    return s ? *s : default_namespace();
  }
  // A type or sequence name as introspection prints it: qualified outside the default schema.
  std::string pg_reference(const std::string& ns, const std::string& name) const {
    return (ns == options_.default_namespace ? "" : quote_pg_ident(ns) + ".") + quote_pg_ident(name);
  }

  Table& table_of(const Block& model) {
    auto& tables = schema_.namespace_named(namespace_of(model)).tables;
    std::string name = db_name(model);
    auto it = std::find_if(tables.begin(), tables.end(), [&](const Table& t) { return t.name == name; });
    return *it;
  }
  const Field& field_of(const Block& model, const std::string& name, const SourceLocation& where) const {
    const Field* f = model.field(name);
    if (!f) throw Error(where, "model " + model.name + " has no field " + name);
    return *f;
  }
  std::vector<std::string> columns_of(const Block& model, const Expression* list) const {
    std::vector<std::string> out;
    if (list)
      for (const auto& e : list->elements) out.push_back(db_name(field_of(model, e.value, e.location)));
    return out;
  }

  // extensions = [citext, postgis(schema: "gis", version: "3.4"), uuid_ossp(map: "uuid-ossp")]
  // (postgresqlExtensions): what Prisma creates. A schema or version not given is whatever the
  // database has, which the differ leaves alone.
  void add_extensions(const Expression& list) {
    for (const auto& e : list.elements) {
      if (!e.is(Expression::Kind::Constant) && !e.is(Expression::Kind::Function))
        throw Error(e.location, "expected an extension name, as in extensions = [citext, postgis(version: \"3.4\")]");
      const Expression* map = e.named("map");
      const Expression* schema = e.named("schema");
      const Expression* version = e.named("version");
      schema_.extensions.push_back(
          {map ? map->value : e.value, schema ? schema->value : "", version ? version->value : ""});
    }
  }

  void add_enum(const Block& b) {
    Enum e{db_name(b), {}};
    for (const auto& v : b.values) e.values.push_back(db_name(v));
    schema_.namespace_named(namespace_of(b)).enums.push_back(std::move(e));
  }

  void add_table(const Block& model) {
    Table t;
    t.name = db_name(model);
    std::string ns = namespace_of(model);
    for (const auto& f : model.fields) {
      if (models_.contains(f.type)) continue;  // a relation field: its columns are scalar fields
      if (composites_.contains(f.type))
        throw Error(f.type_location, "composite types are not supported for SQL providers (field " + f.name +
                                         " of model " + model.name + " has type " + f.type + ")");
      t.columns.push_back(column(f, t.name, ns));
    }
    add_keys(model, t);
    schema_.namespace_named(ns).tables.push_back(std::move(t));
  }

  Column column(const Field& f, const std::string& table, const std::string& ns) {
    Column c;
    c.name = db_name(f);
    const Block* enum_block = enums_.contains(f.type) ? enums_.at(f.type) : nullptr;
    std::string base;
    if (f.unsupported) base = f.type;
    else if (enum_block && pg()) base = pg_reference(namespace_of(*enum_block), db_name(*enum_block));
    else if (enum_block) {
      base = "enum(";
      for (const auto& v : enum_block->values) base += (base.size() > 5 ? "," : "") + sql_string(db_name(v));
      base += ")";
    } else {
      base = scalar_column_type(f, datasource_name_, provider_);
    }
    c.type = f.list ? base + "[]" : base;
    // A list column is never NOT NULL, even for a required field (§2.1).
    c.nullable = f.optional || f.list;
    if (const Attribute* d = f.attribute("default"); d && d->positional(0))
      set_default(c, *d->positional(0), f, enum_block, base, table, ns);
    return c;
  }

  void set_default(Column& c, const Expression& e, const Field& f, const Block* enum_block, const std::string& base,
                   const std::string& table, const std::string& ns) {
    using K = Expression::Kind;
    if (e.is(K::Function)) {
      if (e.value == "autoincrement") {
        if (!pg()) {
          c.generation = ColumnGeneration::AutoIncrement;
          return;
        }
        // SERIAL: a sequence owned by the column, and its nextval() default.
        std::string seq = serial_sequence_name(table, c.name);
        c.generation = ColumnGeneration::Serial;
        c.default_value = "nextval(" + sql_string(pg_reference(ns, seq)) + "::regclass)";
        schema_.namespace_named(ns).sequences.push_back({seq, base, 1, 1, table + "." + c.name});
      } else if (e.value == "now") {
        c.default_value = pg() ? "CURRENT_TIMESTAMP" : mysql_now(base);
      } else if (e.value == "dbgenerated" && e.positional(0)) {
        c.default_value = e.positional(0)->value;
        // Prisma compares it as an expression, its own way; its MySQL rules are not known (§13).
        if (pg()) dbgenerated_defaults_.expression.insert({ns, table, c.name});
      } else if (e.value == "dbgenerated") {
        // No default is created, and whatever the database has is left to it.
        dbgenerated_defaults_.unmanaged.insert({ns, table, c.name});
      }
      // uuid(), cuid(), nanoid(), ulid(): generated by Prisma Client, no database default.
      return;
    }
    // MySQL cannot default JSON or binary columns: Prisma renders no default for them.
    if (!pg() && (f.type == "Json" || f.type == "Bytes")) return;
    c.default_value = pg() ? pg_literal(e, f, enum_block, base) : mysql_literal(e, f, enum_block);
  }

  // MySQL's CURRENT_TIMESTAMP(p) takes the column's precision (§3.1); introspection prints
  // CURRENT_TIMESTAMP for precision 0, which a type without one has (native_types writes
  // @db.Timestamp(0) as "timestamp", as the server does; Prisma's own CURRENT_TIMESTAMP(3) for a
  // @db.DateTime without precision is a default MySQL rejects, so no history holds it).
  static std::string mysql_now(const std::string& type) {
    auto open = type.find('(');
    std::string p = open == std::string::npos ? "0" : type.substr(open + 1, type.find(')') - open - 1);
    return p == "0" ? "CURRENT_TIMESTAMP" : "CURRENT_TIMESTAMP(" + p + ")";
  }

  std::string enum_literal(const Expression& e, const Block* enum_block) const {
    for (const auto& v : enum_block->values)
      if (v.name == e.value) return sql_string(db_name(v));
    throw Error(e.location, "enum " + enum_block->name + " has no value " + e.value);
  }

  // A literal as pg_get_expr prints it: numbers as PostgreSQL's constants (pg_number), booleans
  // bare, everything else quoted and cast to the column's type: Bytes decoded from base64,
  // DateTime as the column's type keeps it.
  std::string pg_literal(const Expression& e, const Field& f, const Block* enum_block, const std::string& base) const {
    using K = Expression::Kind;
    if (e.is(K::Array)) {
      if (e.elements.empty()) return "ARRAY[]::" + cast_type(base) + "[]";
      std::string out = "ARRAY[";
      for (std::size_t i = 0; i < e.elements.size(); ++i)
        out += (i ? ", " : "") + pg_literal(e.elements[i], f, enum_block, base);
      return out + "]";
    }
    if (e.is(K::Boolean)) return e.value;
    bool numeric = f.type == "Decimal" || f.type == "Float" || f.type == "Int" || f.type == "BigInt";
    if (e.is(K::Number) || (numeric && e.is(K::String))) return pg_number(e.value);
    std::string text;
    if (enum_block) {
      text = enum_literal(e, enum_block);
    } else if (f.type == "Bytes") {
      auto hex = bytea_hex(e.value);
      if (!hex) throw Error(e.location, "the default of Bytes field " + f.name + " is not base64: \"" + e.value + "\"");
      text = sql_string(*hex);
    } else if (f.type == "DateTime") {
      auto stored = pg_datetime(e.value, base);
      if (!stored)
        throw Error(e.location, "the default of DateTime field " + f.name + " is not an RFC 3339 date and time "
                                "(2020-01-01T00:00:00Z): \"" + e.value + "\"");
      text = sql_string(*stored);
    } else {
      text = sql_string(e.value);
    }
    return text + "::" + cast_type(base);
  }

  std::string mysql_literal(const Expression& e, const Field& f, const Block* enum_block) const {
    using K = Expression::Kind;
    if (e.is(K::Boolean)) return e.value == "true" ? "1" : "0";
    if (e.is(K::Number) || (e.is(K::String) && (f.type == "Decimal" || f.type == "Float"))) return e.value;
    return enum_block ? enum_literal(e, enum_block) : sql_string(e.value);
  }

  void add_keys(const Block& model, Table& t) {
    auto pk = [&](std::vector<std::string> cols, const Attribute& a) {
      const std::string* map = string_argument(&a, "map");
      t.primary_key = PrimaryKey{pg() ? (map ? *map : primary_key_name(t.name, provider_)) : "PRIMARY", std::move(cols)};
    };
    auto index = [&](const std::vector<IndexField>& fields, const Attribute& a, bool unique, std::string method,
                     const std::string& map_name) {
      Index i;
      std::vector<std::string> names;
      for (const auto& f : fields) {
        std::string col = db_name(field_of(model, f.field, a.location));
        names.push_back(col);
        i.columns.push_back({col, f.descending, f.length, f.ops});
      }
      const std::string* map = string_argument(&a, map_name);
      i.name = map ? *map : constraint_name(t.name, names, unique ? "key" : "idx", provider_);
      i.unique = unique;
      i.method = std::move(method);
      t.indexes.push_back(std::move(i));
    };
    // Field attributes first, then block attributes in source order (Prisma's model.indexes()).
    for (const auto& f : model.fields) {
      if (const Attribute* id = f.attribute("id")) pk({db_name(f)}, *id);
      if (const Attribute* u = f.attribute("unique")) {
        IndexField entry{f.name};
        if (const Expression* s = u->named("sort")) entry.descending = s->value == "Desc";
        if (const Expression* l = u->named("length")) entry.length = std::stoi(l->value);
        index({entry}, *u, true, "btree", "map");
      }
    }
    for (const auto& a : model.attributes) {
      const Expression* fields = a.positional(0) ? a.positional(0) : a.named("fields");
      if (a.name == "id") {
        pk(columns_of(model, fields), a);
      } else if (a.name == "unique") {
        index(index_fields(fields, "btree"), a, true, "btree", "map");
      } else if (a.name == "index" || a.name == "fulltext") {
        std::string method = a.name == "fulltext" ? "fulltext" : "btree";
        if (const Expression* type = a.named("type")) method = index_method(*type);
        // A legacy @@index(name: "x") names the index as map: does.
        index(index_fields(fields, method), a, false, method, a.named("map") ? "map" : "name");
      }
    }
  }

  void add_foreign_keys(const Block& model) {
    for (const auto& f : model.fields) {
      const Attribute* rel = f.attribute("relation");
      const Expression* fields = rel ? rel->named("fields") : nullptr;
      if (!fields || !models_.contains(f.type)) continue;
      const Block& target = *models_.at(f.type);
      ForeignKey fk;
      fk.columns = columns_of(model, fields);
      fk.referenced_schema = pg() ? namespace_of(target) : "";
      fk.referenced_table = db_name(target);
      fk.referenced_columns = columns_of(target, rel->named("references"));
      // Required when any of its scalar fields is (§5.2).
      bool required = std::any_of(fields->elements.begin(), fields->elements.end(), [&](const Expression& e) {
        return !field_of(model, e.value, e.location).optional;
      });
      fk.on_delete = referential_action(rel->named("onDelete"), required ? "RESTRICT" : "SET NULL", provider_);
      fk.on_update = referential_action(rel->named("onUpdate"), "CASCADE", provider_);
      Table& t = table_of(model);
      const std::string* map = string_argument(rel, "map");
      fk.name = map ? *map : constraint_name(t.name, fk.columns, "fkey", provider_);
      t.foreign_keys.push_back(std::move(fk));
    }
  }

  // A and B are the models in byte order of their names (db_names.h).
  void add_join_tables() {
    for (const auto& r : implicit_many_to_many(models_)) add_join_table(r.relation, *r.a, *r.b);
  }

  void add_join_table(const std::string& relation, const Block& a, const Block& b) {
    JoinTableNames n = join_table_names(relation, provider_);
    Table t;
    t.name = n.table;
    for (const auto& [side, model, fkey] : {std::tuple{"A", &a, n.a_fkey}, std::tuple{"B", &b, n.b_fkey}}) {
      const Table& target = table_of(*model);
      if (!target.primary_key || target.primary_key->columns.size() != 1)
        throw Error(model->name_location, "model " + model->name + " needs a single-field @id for the implicit "
                                          "many-to-many relation " + relation);
      const std::string& id = target.primary_key->columns[0];
      t.columns.push_back({side, target.column(id)->type, false});
      if (foreign_keys_)
        t.foreign_keys.push_back({fkey, {side}, pg() ? namespace_of(*model) : "", target.name, {id}, "CASCADE", "CASCADE"});
    }
    if (pg() && options_.join_table_primary_key) t.primary_key = PrimaryKey{n.primary_key, {"A", "B"}};
    else t.indexes.push_back(Index{n.unique, {{"A"}, {"B"}}, true});
    t.indexes.push_back(Index{n.b_index, {{"B"}}});
    schema_.namespace_named(namespace_of(a)).tables.push_back(std::move(t));
  }

  // InnoDB indexes a foreign key's columns itself, in an index named after the constraint, when
  // no index starts with them; introspection lists that index, so the expected schema has it.
  void add_foreign_key_indexes() {
    for (auto& t : schema_.namespace_named("").tables)
      for (const auto& fk : t.foreign_keys) {
        auto starts_with_fk = [&](const std::vector<std::string>& cols) {
          return cols.size() >= fk.columns.size() && std::equal(fk.columns.begin(), fk.columns.end(), cols.begin());
        };
        bool covered = t.primary_key && starts_with_fk(t.primary_key->columns);
        for (const auto& i : t.indexes) {
          std::vector<std::string> cols;
          for (const auto& c : i.columns) cols.push_back(c.name);
          covered = covered || (i.method == "btree" && starts_with_fk(cols));
        }
        if (!covered) {
          Index i{fk.name};
          for (const auto& c : fk.columns) i.columns.push_back({c});
          t.indexes.push_back(std::move(i));
        }
      }
  }

  const Datamodel& dm_;
  Provider provider_;
  TranslateOptions options_;
  std::map<std::string, const Block*> models_, enums_;
  std::set<std::string> composites_;
  const Block* datasource_ = nullptr;
  std::string datasource_name_ = "db";
  bool foreign_keys_ = true;
  Schema schema_;
  DbGeneratedDefaults dbgenerated_defaults_;
};

}  // namespace

Translation translate_datamodel(const Datamodel& model, Provider provider, const TranslateOptions& options) {
  validate_datamodel(model);
  return Translator(model, provider, options).run();
}

}  // namespace driftgate::psl
