#include "core/schema_json.h"

#include "core/error.h"

namespace driftgate {
namespace {

using OJson = nlohmann::ordered_json;
using Json = nlohmann::json;

constexpr std::pair<ColumnGeneration, const char*> kGenerations[] = {
    {ColumnGeneration::None, "none"},
    {ColumnGeneration::Serial, "serial"},
    {ColumnGeneration::IdentityAlways, "identity-always"},
    {ColumnGeneration::IdentityDefault, "identity-by-default"},
    {ColumnGeneration::AutoIncrement, "auto-increment"},
    {ColumnGeneration::Stored, "stored"},
};

template <class T>
void put_optional(OJson& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}

template <class T, class F>
OJson array_of(const std::vector<T>& items, F&& to_json) {
  OJson out = OJson::array();
  for (const auto& item : items) out.push_back(to_json(item));
  return out;
}

OJson column_json(const Column& c) {
  OJson j = {{"name", c.name}, {"type", c.type}, {"nullable", c.nullable}};
  put_optional(j, "default", c.default_value);
  if (c.generation != ColumnGeneration::None)
    for (const auto& [g, name] : kGenerations)
      if (g == c.generation) j["generation"] = name;
  put_optional(j, "collation", c.collation);
  put_optional(j, "comment", c.comment);
  return j;
}

OJson index_json(const Index& i) {
  OJson j = {{"name", i.name}, {"columns", array_of(i.columns, [](const IndexColumn& c) {
               OJson k = {{"name", c.name}};
               if (c.descending) k["descending"] = true;
               put_optional(k, "length", c.length);
               put_optional(k, "operator_class", c.operator_class);
               return k;
             })}};
  if (i.unique) j["unique"] = true;
  if (i.is_constraint) j["constraint"] = true;
  j["method"] = i.method;
  put_optional(j, "predicate", i.predicate);
  return j;
}

OJson table_json(const Table& t) {
  OJson j = {{"name", t.name}, {"columns", array_of(t.columns, column_json)}};
  if (t.primary_key) j["primary_key"] = {{"name", t.primary_key->name}, {"columns", t.primary_key->columns}};
  j["indexes"] = array_of(t.indexes, index_json);
  j["foreign_keys"] = array_of(t.foreign_keys, [](const ForeignKey& f) {
    OJson k = {{"name", f.name}, {"columns", f.columns}, {"referenced_schema", f.referenced_schema},
               {"referenced_table", f.referenced_table}, {"referenced_columns", f.referenced_columns},
               {"on_delete", f.on_delete}, {"on_update", f.on_update}};
    if (f.deferrable) k["deferrable"] = true;
    return k;
  });
  j["checks"] = array_of(t.checks, [](const CheckConstraint& c) { return OJson{{"name", c.name}, {"expression", c.expression}}; });
  j["triggers"] = array_of(t.triggers, [](const Trigger& c) { return OJson{{"name", c.name}, {"definition", c.definition}}; });
  put_optional(j, "comment", t.comment);
  return j;
}

OJson namespace_json(const Namespace& ns) {
  return {{"name", ns.name},
          {"tables", array_of(ns.tables, table_json)},
          {"enums", array_of(ns.enums, [](const Enum& e) { return OJson{{"name", e.name}, {"values", e.values}}; })},
          {"sequences", array_of(ns.sequences, [](const Sequence& s) {
             OJson j = {{"name", s.name}, {"type", s.type}, {"start", s.start}, {"increment", s.increment}};
             put_optional(j, "owned_by", s.owned_by);
             return j;
           })},
          {"views", array_of(ns.views, [](const View& v) {
             return OJson{{"name", v.name}, {"definition", v.definition}, {"materialized", v.materialized}};
           })},
          {"routines", array_of(ns.routines, [](const Routine& r) {
             return OJson{{"name", r.name}, {"arguments", r.arguments}, {"kind", r.kind}, {"definition", r.definition}};
           })}};
}

// Reads members with the JSON path of each in errors: "snapshot.json: namespaces[0].tables[3].name: expected a string".
class Reader {
 public:
  Reader(const Json& node, std::string path, const std::string& origin) : node_(node), path_(std::move(path)), origin_(origin) {
    if (!node_.is_object()) fail("expected an object");
  }

  std::string str(const char* key, std::optional<std::string> fallback = std::nullopt) const {
    const Json* v = member(key, fallback.has_value());
    if (!v) return *fallback;
    if (!v->is_string()) fail(key, "expected a string");
    return v->get<std::string>();
  }
  std::optional<std::string> opt_str(const char* key) const {
    if (!node_.contains(key)) return std::nullopt;
    return str(key);
  }
  bool boolean(const char* key, bool fallback) const {
    const Json* v = member(key, true);
    if (!v) return fallback;
    if (!v->is_boolean()) fail(key, "expected true or false");
    return v->get<bool>();
  }
  long long integer(const char* key, long long fallback) const {
    const Json* v = member(key, true);
    if (!v) return fallback;
    if (!v->is_number_integer()) fail(key, "expected an integer");
    return v->get<long long>();
  }
  std::vector<std::string> strings(const char* key) const {
    std::vector<std::string> out;
    const Json* v = member(key, true);
    if (!v) return out;
    if (!v->is_array()) fail(key, "expected an array of strings");
    for (const auto& item : *v) {
      if (!item.is_string()) fail(key, "expected an array of strings");
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  template <class T, class F>
  std::vector<T> objects(const char* key, F&& read) const {
    std::vector<T> out;
    const Json* v = member(key, true);
    if (!v) return out;
    if (!v->is_array()) fail(key, "expected an array");
    for (std::size_t i = 0; i < v->size(); ++i)
      out.push_back(read(Reader((*v)[i], path_ + (path_.empty() ? "" : ".") + key + "[" + std::to_string(i) + "]", origin_)));
    return out;
  }
  Reader object(const char* key) const { return Reader(*member(key, false), path_ + "." + key, origin_); }
  bool has(const char* key) const { return node_.contains(key); }
  [[noreturn]] void fail(const char* key, const std::string& why) const {
    throw Error(origin_ + ": " + path_ + (path_.empty() ? "" : ".") + key + ": " + why);
  }

 private:
  const Json* member(const char* key, bool optional) const {
    auto it = node_.find(key);
    if (it == node_.end()) {
      if (!optional) fail(key, "missing");
      return nullptr;
    }
    return &*it;
  }
  [[noreturn]] void fail(const std::string& why) const {
    throw Error(origin_ + ": " + (path_.empty() ? "" : path_ + ": ") + why);
  }

  const Json& node_;
  std::string path_;
  const std::string& origin_;
};

Column read_column(const Reader& r) {
  Column c;
  c.name = r.str("name");
  c.type = r.str("type");
  c.nullable = r.boolean("nullable", true);
  c.default_value = r.opt_str("default");
  if (auto g = r.opt_str("generation")) {
    bool known = false;
    for (const auto& [value, name] : kGenerations)
      if (*g == name) c.generation = value, known = true;
    if (!known) r.fail("generation", "unknown value \"" + *g + "\"");
  }
  c.collation = r.opt_str("collation");
  c.comment = r.opt_str("comment");
  return c;
}

Index read_index(const Reader& r) {
  Index i;
  i.name = r.str("name");
  i.columns = r.objects<IndexColumn>("columns", [](const Reader& c) {
    IndexColumn k{c.str("name"), c.boolean("descending", false), std::nullopt, c.opt_str("operator_class")};
    if (c.has("length")) k.length = static_cast<int>(c.integer("length", 0));
    return k;
  });
  i.unique = r.boolean("unique", false);
  i.is_constraint = r.boolean("constraint", false);
  i.method = r.str("method", "btree");
  i.predicate = r.opt_str("predicate");
  return i;
}

Table read_table(const Reader& r) {
  Table t;
  t.name = r.str("name");
  t.columns = r.objects<Column>("columns", read_column);
  if (r.has("primary_key")) {
    Reader pk = r.object("primary_key");
    t.primary_key = PrimaryKey{pk.str("name"), pk.strings("columns")};
  }
  t.indexes = r.objects<Index>("indexes", read_index);
  t.foreign_keys = r.objects<ForeignKey>("foreign_keys", [](const Reader& f) {
    return ForeignKey{f.str("name"), f.strings("columns"), f.str("referenced_schema", ""),
                      f.str("referenced_table"), f.strings("referenced_columns"),
                      f.str("on_delete", "NO ACTION"), f.str("on_update", "NO ACTION"),
                      f.boolean("deferrable", false)};
  });
  t.checks = r.objects<CheckConstraint>("checks", [](const Reader& c) { return CheckConstraint{c.str("name"), c.str("expression")}; });
  t.triggers = r.objects<Trigger>("triggers", [](const Reader& c) { return Trigger{c.str("name"), c.str("definition")}; });
  t.comment = r.opt_str("comment");
  return t;
}

Namespace read_namespace(const Reader& r) {
  Namespace ns;
  ns.name = r.str("name");
  ns.tables = r.objects<Table>("tables", read_table);
  ns.enums = r.objects<Enum>("enums", [](const Reader& e) { return Enum{e.str("name"), e.strings("values")}; });
  ns.sequences = r.objects<Sequence>("sequences", [](const Reader& s) {
    return Sequence{s.str("name"), s.str("type", "bigint"), s.integer("start", 1), s.integer("increment", 1), s.opt_str("owned_by")};
  });
  ns.views = r.objects<View>("views", [](const Reader& v) { return View{v.str("name"), v.str("definition"), v.boolean("materialized", false)}; });
  ns.routines = r.objects<Routine>("routines", [](const Reader& f) {
    return Routine{f.str("name"), f.str("arguments", ""), f.str("kind", "function"), f.str("definition", "")};
  });
  return ns;
}

}  // namespace

nlohmann::ordered_json schema_to_json(const Schema& schema) {
  return {{"snapshot_version", kSnapshotVersion},
          {"provider", to_string(schema.provider)},
          {"extensions", array_of(schema.extensions, [](const Extension& e) {
             return OJson{{"name", e.name}, {"schema", e.schema}, {"version", e.version}};
           })},
          {"namespaces", array_of(schema.namespaces, namespace_json)}};
}

Schema schema_from_json(const nlohmann::json& json, const std::string& origin) {
  Reader r(json, "", origin);
  long long version = r.integer("snapshot_version", 0);
  if (version < 1 || version > kSnapshotVersion)
    r.fail("snapshot_version", "unsupported snapshot version " + std::to_string(version) +
                                   " (this driftgate reads 1 to " + std::to_string(kSnapshotVersion) + ")");
  Schema schema;
  std::string provider = r.str("provider");
  auto p = parse_provider(provider);
  if (!p) r.fail("provider", "unknown provider \"" + provider + "\"");
  schema.provider = *p;
  schema.extensions = r.objects<Extension>("extensions", [](const Reader& e) {
    return Extension{e.str("name"), e.str("schema", ""), e.str("version", "")};
  });
  schema.namespaces = r.objects<Namespace>("namespaces", read_namespace);
  schema.normalise();
  return schema;
}

}  // namespace driftgate
