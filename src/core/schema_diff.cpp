#include "core/schema_diff.h"

#include <algorithm>
#include <functional>
#include <set>
#include <tuple>

#include "core/schema_diff_prisma.h"
#include "util/find_named.h"
#include "util/join.h"

namespace driftgate {
namespace {

std::string or_none(const std::optional<std::string>& v) { return v ? *v : "(none)"; }

const char* generation_name(ColumnGeneration g) {
  switch (g) {
    case ColumnGeneration::None: return "none";
    case ColumnGeneration::Serial: return "serial";
    case ColumnGeneration::IdentityAlways: return "identity always";
    case ColumnGeneration::IdentityDefault: return "identity by default";
    case ColumnGeneration::AutoIncrement: return "auto_increment";
    case ColumnGeneration::Stored: return "stored generated";
  }
  return "";
}

std::string index_columns(const std::vector<IndexColumn>& columns) {
  std::vector<std::string> parts;
  for (const auto& c : columns)
    parts.push_back(c.name + (c.descending ? " DESC" : "") + (c.length ? "(" + std::to_string(*c.length) + ")" : "") +
                    (c.operator_class ? " " + *c.operator_class : ""));
  return "(" + join(parts, ", ") + ")";
}

// Collects "field: old -> new" lines.
class Details {
 public:
  template <class T, class F>
  void field(const char* label, const T& a, const T& b, F&& show) {
    if (!(a == b)) lines_.push_back(std::string(label) + ": " + show(a) + " -> " + show(b));
  }
  void text(const char* label, const std::string& a, const std::string& b) {
    field(label, a, b, [](const std::string& s) { return s.empty() ? std::string("(none)") : s; });
  }
  void optional(const char* label, const std::optional<std::string>& a, const std::optional<std::string>& b) {
    field(label, a, b, or_none);
  }
  void list(const char* label, const std::vector<std::string>& a, const std::vector<std::string>& b) {
    field(label, a, b, [](const std::vector<std::string>& v) { return "(" + join(v, ", ") + ")"; });
  }
  // A difference the values alone do not show (Prisma's readings of defaults and indexes).
  void always(const char* label, const std::optional<std::string>& a, const std::optional<std::string>& b) {
    lines_.push_back(std::string(label) + ": " + or_none(a) + " -> " + or_none(b));
  }
  void flag(const char* label, bool a, bool b) {
    field(label, a, b, [](bool v) { return std::string(v ? "yes" : "no"); });
  }
  std::vector<std::string> take() { return std::move(lines_); }

 private:
  std::vector<std::string> lines_;
};

bool autoincrement(ColumnGeneration g) {
  return g == ColumnGeneration::Serial || g == ColumnGeneration::IdentityAlways || g == ColumnGeneration::IdentityDefault;
}

// Read as Prisma reads them (`prisma`), types and defaults compare as its differ compares them;
// `unsupported` says which of the two types Prisma has no native type for.
std::vector<std::string> column_details(const Column& a, const Column& b, const DiffOptions& o, bool prisma,
                                        const prisma::Origins& origins, prisma::Sides unsupported) {
  Details d;
  // Equal texts are equal types: Prisma's reading, and its regexes, only for the others.
  if (a.type != b.type && (!prisma || !prisma::types_match(a, b, origins.datamodel, unsupported)))
    d.text("type", a.type, b.type);
  d.field("nullable", a.nullable, b.nullable, [](bool v) { return std::string(v ? "NULL" : "NOT NULL"); });
  bool both_serial = a.generation == ColumnGeneration::Serial && b.generation == ColumnGeneration::Serial;
  bool equivalent = o.identity_is_serial && autoincrement(a.generation) && autoincrement(b.generation);
  // A serial's default names its sequence, which the generation already says.
  bool serial_default = both_serial || equivalent;
  if (origins.any_dbgenerated() || (prisma && !serial_default)) {
    if (!prisma::defaults_match(a, b, origins))
      d.always("default", prisma::shown_default(a.default_value, origins.dbgenerated.a, origins.unmanaged.a),
               prisma::shown_default(b.default_value, origins.dbgenerated.b, origins.unmanaged.b));
  } else if (!serial_default) {
    d.optional("default", a.default_value, b.default_value);
  }
  if (!equivalent)
    d.field("generation", a.generation, b.generation, [](ColumnGeneration g) { return std::string(generation_name(g)); });
  d.optional("collation", a.collation, b.collation);
  if (o.compare_comments) d.optional("comment", a.comment, b.comment);
  return d.take();
}

// `read_a` and `read_b` are the indexes as the comparison reads them (Prisma's describer does not
// read every part of a database's); the columns show both readings where they differ.
std::vector<std::string> index_details(const Index& a, const Index& b, const Index& read_a, const Index& read_b,
                                       const DiffOptions& o) {
  Details d;
  auto shown = [](const Index& stored, const Index& read) {
    std::string columns = index_columns(stored.columns);
    return read.columns == stored.columns ? columns : columns + ", read by Prisma as " + index_columns(read.columns);
  };
  if (read_a.columns != read_b.columns) d.always("columns", shown(a, read_a), shown(b, read_b));
  d.flag("unique", a.unique, b.unique);
  if (!o.unique_constraint_is_index)
    d.field("kind", a.is_constraint, b.is_constraint,
            [](bool c) { return std::string(c ? "constraint" : "index"); });
  d.text("method", a.method, b.method);
  d.optional("where", a.predicate, b.predicate);
  return d.take();
}

std::vector<std::string> foreign_key_details(const ForeignKey& a, const ForeignKey& b, const DiffOptions& o) {
  Details d;
  d.list("columns", a.columns, b.columns);
  // The referenced table and columns only: the rest of the key has lines of its own.
  auto target = [](const ForeignKey& f) { return std::tie(f.referenced_schema, f.referenced_table, f.referenced_columns); };
  auto shown = [](const ForeignKey& f) {
    return (f.referenced_schema.empty() ? "" : f.referenced_schema + ".") + f.referenced_table + "(" +
           join(f.referenced_columns, ", ") + ")";
  };
  if (target(a) != target(b)) d.always("references", shown(a), shown(b));
  d.text("on delete", a.on_delete, b.on_delete);
  d.text("on update", a.on_update, b.on_update);
  if (o.compare_deferrable) d.flag("deferrable", a.deferrable, b.deferrable);
  return d.take();
}

// An implicit many-to-many table: exactly the columns A and B (Prisma's is_prisma_implicit_m2m_fk).
bool join_table(const Table& t) { return t.columns.size() == 2 && t.column("A") && t.column("B"); }

// `to`'s foreign keys, each one that has no namesake in `from` renamed after a key of `from` with
// the same definition and no namesake in `to`: Prisma never renames an implicit many-to-many
// table's keys, so only their definitions are compared.
std::vector<ForeignKey> named_as(const std::vector<ForeignKey>& from, std::vector<ForeignKey> to, const DiffOptions& o) {
  std::vector<const ForeignKey*> unmatched;
  for (const auto& f : from)
    if (!find_named(to, f.name)) unmatched.push_back(&f);
  for (auto& key : to) {
    if (find_named(from, key.name)) continue;
    auto same = std::find_if(unmatched.begin(), unmatched.end(),
                             [&](const ForeignKey* f) { return foreign_key_details(*f, key, o).empty(); });
    if (same == unmatched.end()) continue;
    key.name = (*same)->name;
    unmatched.erase(same);
  }
  return to;
}

class Differ {
 public:
  Differ(const DiffOptions& o, SchemaDiff& out) : options_(o), out_(out) {}

  void schemas(const Schema& a, const Schema& b) {
    bool pg = a.provider == Provider::PostgreSQL;
    prisma_drift_ = options_.note_prisma_drift && pg;
    read_as_prisma_ = options_.read_as_prisma && pg;
    schema_a_ = &a;
    schema_b_ = &b;
    extensions(a.extensions, b.extensions);
    match(a.namespaces, b.namespaces, [&](const Namespace* x, const Namespace* y) {
      static const Namespace empty;
      if (!x || !y) emit(ObjectKind::Namespace, x, y, (x ? x : y)->name, "", (x ? x : y)->name, {});
      namespaces(x ? *x : empty, y ? *y : empty, (x ? x : y)->name);
    });
  }

 private:
  void extensions(const std::vector<Extension>& a, const std::vector<Extension>& b) {
    bool prisma = options_.extensions_as_prisma;
    bool declared = (options_.from_datamodel && !a.empty()) || (options_.to_datamodel && !b.empty());
    if (prisma && (options_.from_datamodel || options_.to_datamodel) && !declared) return;
    match(a, b, [&](const Extension* x, const Extension* y) {
      if (prisma && !y) return;  // Prisma creates a datamodel's extensions and drops none
      Details d;
      // Prisma leaves a version or schema the datamodel does not name as the database has it.
      auto compare = [&](const char* label, const std::string& from, const std::string& to) {
        if (!prisma || (!from.empty() && !to.empty())) d.text(label, from, to);
      };
      if (x && y) compare("version", x->version, y->version), compare("schema", x->schema, y->schema);
      emit(ObjectKind::Extension, x, y, "", "", (x ? x : y)->name, d.take());
    });
  }

  void namespaces(const Namespace& a, const Namespace& b, const std::string& ns) {
    match(a.enums, b.enums, [&](const Enum* x, const Enum* y) {
      Details d;
      if (x && y && options_.enum_value_order) d.list("values", x->values, y->values);
      if (x && y && !options_.enum_value_order) {
        auto sorted = [](std::vector<std::string> v) { return std::sort(v.begin(), v.end()), v; };
        d.list("values", sorted(x->values), sorted(y->values));
      }
      emit(ObjectKind::Enum, x, y, ns, "", (x ? x : y)->name, d.take());
    });
    if (options_.compare_sequences)
      match(a.sequences, b.sequences, [&](const Sequence* x, const Sequence* y) {
        Details d;
        if (x && y) {
          d.text("type", x->type, y->type);
          d.field("start", x->start, y->start, [](long long v) { return std::to_string(v); });
          d.field("increment", x->increment, y->increment, [](long long v) { return std::to_string(v); });
          d.optional("owned by", x->owned_by, y->owned_by);
        }
        emit(ObjectKind::Sequence, x, y, ns, "", (x ? x : y)->name, d.take());
      });
    match(a.tables, b.tables, [&](const Table* x, const Table* y) {
      if (!x || !y) {
        const std::string& name = (x ? x : y)->name;
        emit(ObjectKind::Table, x, y, ns, name, name, {}, identifier_note(name, x ? b.tables : a.tables));
        return;
      }
      tables(*x, *y, ns);
    });
    if (options_.compare_views)
      match(a.views, b.views, [&](const View* x, const View* y) {
        Details d;
        if (x && y) d.text("definition", x->definition, y->definition), d.flag("materialized", x->materialized, y->materialized);
        emit(ObjectKind::View, x, y, ns, "", (x ? x : y)->name, d.take());
      });
    if (options_.compare_routines)
      match_by(a.routines, b.routines, &Routine::signature, [&](const Routine* x, const Routine* y) {
        Details d;
        if (x && y) d.text("definition", x->definition, y->definition);
        emit(ObjectKind::Routine, x, y, ns, "", (x ? x : y)->signature(), d.take());
      });
  }

  void tables(const Table& a, const Table& b, const std::string& ns) {
    const std::string& t = a.name;
    match(a.columns, b.columns, [&](const Column* x, const Column* y) {
      const std::string& name = (x ? x : y)->name;
      if (!x || !y) {
        emit(ObjectKind::Column, x, y, ns, t, name, {}, identifier_note(name, x ? b.columns : a.columns));
        return;
      }
      ColumnRef ref{ns, t, name};
      prisma::Origins origins{{options_.from_datamodel, options_.to_datamodel},
                              {options_.from_dbgenerated.expression.contains(ref),
                               options_.to_dbgenerated.expression.contains(ref)},
                              {options_.from_dbgenerated.unmanaged.contains(ref),
                               options_.to_dbgenerated.unmanaged.contains(ref)}};
      prisma::Sides unsupported;  // read only for two different types
      if (read_as_prisma_ && x->type != y->type)
        unsupported = {!prisma::has_native_type(*schema_a_, ns, x->type), !prisma::has_native_type(*schema_b_, ns, y->type)};
      std::vector<std::string> details = column_details(*x, *y, options_, read_as_prisma_, origins, unsupported);
      std::optional<std::string> note;  // for a column that differs; most do not
      if (prisma_drift_ && !details.empty()) note = prisma::column_drift_note(*x, *y, origins);
      emit(ObjectKind::Column, x, y, ns, t, name, std::move(details), std::move(note));
    });
    if (a.primary_key != b.primary_key) {
      const PrimaryKey* x = a.primary_key ? &*a.primary_key : nullptr;
      const PrimaryKey* y = b.primary_key ? &*b.primary_key : nullptr;
      Details d;
      if (x && y) d.text("name", x->name, y->name), d.list("columns", x->columns, y->columns);
      emit(ObjectKind::PrimaryKey, x, y, ns, t, (y ? y : x)->name, d.take());
    }
    match(indexes(a, b), indexes(b, a), [&](const Index* x, const Index* y) {
      if (!x || !y) return emit(ObjectKind::Index, x, y, ns, t, (x ? x : y)->name, {});
      changed_index(*x, *y, ns, t);
    });
    // A join table's keys renamed after FROM's, where their names do not count; no copy otherwise.
    std::vector<ForeignKey> renamed_keys;
    bool rename = !options_.compare_join_table_fk_names && join_table(a) && join_table(b);
    if (rename) renamed_keys = named_as(a.foreign_keys, b.foreign_keys, options_);
    match(a.foreign_keys, rename ? renamed_keys : b.foreign_keys, [&](const ForeignKey* x, const ForeignKey* y) {
      emit(ObjectKind::ForeignKey, x, y, ns, t, (x ? x : y)->name, x && y ? foreign_key_details(*x, *y, options_) : std::vector<std::string>{});
    });
    if (options_.compare_checks)
      match(a.checks, b.checks, [&](const CheckConstraint* x, const CheckConstraint* y) {
        Details d;
        if (x && y) d.text("expression", x->expression, y->expression);
        emit(ObjectKind::Check, x, y, ns, t, (x ? x : y)->name, d.take());
      });
    if (options_.compare_triggers)
      match(a.triggers, b.triggers, [&](const Trigger* x, const Trigger* y) {
        Details d;
        if (x && y) d.text("definition", x->definition, y->definition);
        emit(ObjectKind::Trigger, x, y, ns, t, (x ? x : y)->name, d.take());
      });
    if (options_.compare_comments && a.comment != b.comment)
      emit(ObjectKind::Table, &a, &b, ns, t, t, {"comment: " + or_none(a.comment) + " -> " + or_none(b.comment)});
  }

  // Two indexes of one name. Against a database, under Prisma's rules, the database's is read as
  // Prisma's describer reads it: a B-tree or hash index with an operator class then never matches the
  // datamodel's (Prisma recreates it on every migration: perpetual drift, labelled), and one without
  // any matches the datamodel's without them.
  void changed_index(const Index& x, const Index& y, const std::string& ns, const std::string& t) {
    bool against_database = read_as_prisma_ && options_.from_datamodel != options_.to_datamodel;
    Index read_x = against_database && options_.to_datamodel ? prisma::as_described(x) : x;
    Index read_y = against_database && options_.from_datamodel ? prisma::as_described(y) : y;
    std::optional<std::string> note;
    if (against_database && prisma_drift_)
      note = options_.to_datamodel ? prisma::index_drift_note(x, y) : prisma::index_drift_note(y, x);
    emit(ObjectKind::Index, &x, &y, ns, t, x.name, index_details(x, y, read_x, read_y, options_), std::move(note));
  }

  // For a table or column on one side only, among `other_side`'s.
  template <class T>
  std::optional<std::string> identifier_note(const std::string& name, const std::vector<T>& other_side) const {
    if (!prisma_drift_) return std::nullopt;
    std::vector<std::string> names;
    for (const auto& o : other_side) names.push_back(o.name);
    return prisma::identifier_drift_note(name, names);
  }

  // The indexes of `t` to compare with those of `other`, per the options.
  std::vector<Index> indexes(const Table& t, const Table& other) const {
    std::vector<Index> out;
    for (const auto& i : t.indexes) {
      bool expression = std::any_of(i.columns.begin(), i.columns.end(),
                                    [](const IndexColumn& c) { return c.name.starts_with("("); });
      if (!options_.compare_unexpressible_indexes && (expression || i.predicate)) continue;
      bool twin = options_.duplicate_indexes_match && !other.index(i.name) &&
                  std::any_of(other.indexes.begin(), other.indexes.end(), [&](const Index& o) {
                    return i.same_definition(o) && t.index(o.name) && t.index(o.name)->same_definition(o);
                  });
      if (!twin) out.push_back(i);
    }
    return out;
  }

  // Calls f(from, to) for every name in either list: (x, nullptr) removed, (nullptr, y) added.
  template <class T, class Key, class F>
  void match_by(const std::vector<T>& a, const std::vector<T>& b, Key key, F&& f) {
    std::set<std::string> names;
    for (const auto& x : a) names.insert(std::invoke(key, x));
    for (const auto& y : b) names.insert(std::invoke(key, y));
    auto find = [&](const std::vector<T>& v, const std::string& n) -> const T* {
      auto it = std::find_if(v.begin(), v.end(), [&](const T& x) { return std::invoke(key, x) == n; });
      return it == v.end() ? nullptr : &*it;
    };
    for (const auto& n : names) f(find(a, n), find(b, n));
  }
  template <class T, class F>
  void match(const std::vector<T>& a, const std::vector<T>& b, F&& f) {
    match_by(a, b, &T::name, std::forward<F>(f));
  }

  template <class T>
  void emit(ObjectKind kind, const T* x, const T* y, const std::string& ns, const std::string& table,
            const std::string& name, std::vector<std::string> details, std::optional<std::string> note = {}) {
    if (x && y && details.empty()) return;
    ChangeType type = !x ? ChangeType::Added : !y ? ChangeType::Removed : ChangeType::Changed;
    out_.changes.push_back({kind, type, ns, table, name, std::move(details), std::move(note)});
  }

  const DiffOptions& options_;
  SchemaDiff& out_;
  bool prisma_drift_ = false;  // label Prisma's perpetual drift: asked for, and PostgreSQL
  bool read_as_prisma_ = false;  // Prisma's readings: asked for, and PostgreSQL
  const Schema* schema_a_ = nullptr;
  const Schema* schema_b_ = nullptr;
};

}  // namespace

const char* to_string(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::Namespace: return "schema";
    case ObjectKind::Extension: return "extension";
    case ObjectKind::Enum: return "enum";
    case ObjectKind::Sequence: return "sequence";
    case ObjectKind::Table: return "table";
    case ObjectKind::Column: return "column";
    case ObjectKind::PrimaryKey: return "primary key";
    case ObjectKind::Index: return "index";
    case ObjectKind::ForeignKey: return "foreign key";
    case ObjectKind::Check: return "check constraint";
    case ObjectKind::Trigger: return "trigger";
    case ObjectKind::View: return "view";
    case ObjectKind::Routine: return "routine";
  }
  return "";
}

const char* to_string(ChangeType type) {
  switch (type) {
    case ChangeType::Added: return "added";
    case ChangeType::Removed: return "removed";
    case ChangeType::Changed: return "changed";
  }
  return "";
}

DiffOptions datamodel_diff_options() {
  DiffOptions o;
  o.compare_routines = o.compare_triggers = o.compare_views = o.compare_comments = false;
  o.compare_checks = o.compare_sequences = o.compare_deferrable = false;
  o.extensions_as_prisma = true;
  o.unique_constraint_is_index = o.identity_is_serial = true;
  o.enum_value_order = o.compare_join_table_fk_names = false;
  o.read_as_prisma = true;
  o.compare_unexpressible_indexes = false;
  o.duplicate_indexes_match = true;
  o.note_prisma_drift = true;
  return o;
}

SchemaDiff diff_schemas(const Schema& from, const Schema& to, const DiffOptions& options) {
  SchemaDiff diff{&from, &to, {}};
  Differ(options, diff).schemas(from, to);
  return diff;
}

}  // namespace driftgate
