// ScriptWriter: sequences, those PostgreSQL makes for SERIAL columns and those created on their own.
#include "sql/script_writer.h"
#include "util/find_named.h"

namespace driftgate::script {

// PostgreSQL writes a serial column as SERIAL only when TO's sequence for it is the one SERIAL
// makes ("table_column_seq", default options); otherwise the sequence is created on its own
// and the column gets TO's nextval() default.
const char* ScriptWriter::serial_keyword(const std::string& ns, const Table& t, const Column& c) const {
  const char* keyword = c.type == "integer" ? "SERIAL" : c.type == "bigint" ? "BIGSERIAL"
                      : c.type == "smallint" ? "SMALLSERIAL" : nullptr;
  const Namespace* n = to_.find_namespace(ns);
  const Sequence* s = n ? find_named(n->sequences, t.name + "." + c.name, &Sequence::owned_by) : nullptr;
  if (!keyword || !s) return keyword;
  bool implicit =
      s->name == t.name + "_" + c.name + "_seq" && s->type == c.type && s->start == 1 && s->increment == 1;
  return implicit ? keyword : nullptr;
}

// A sequence PostgreSQL creates or drops by itself along with its column: that of a column
// created as SERIAL, and the owned sequence of a dropped column. (An identity column's sequence
// is part of the column and not in the model.)
bool ScriptWriter::implicit_sequence(const SchemaChange& c) const {
  if (c.type == ChangeType::Changed) return false;
  bool added = c.type == ChangeType::Added;
  const Namespace& ns = *(added ? to_ : from_).find_namespace(c.ns);
  auto [t, column] = owner(ns, *sequence(added ? to_ : from_, c));
  if (!column) return false;
  const Table* other = table(added ? from_ : to_, c.ns, t->name);
  if (other && other->column(column->name)) return false;
  return !added || (column->generation == ColumnGeneration::Serial && serial_keyword(c.ns, *t, *column));
}

std::string ScriptWriter::create_sequence(const std::string& ns, const Sequence& s) const {
  std::string out = "CREATE SEQUENCE " + name(ns, s.name);
  if (pg_ && s.type != "bigint") out += " AS " + s.type;
  if (s.increment != 1) out += " INCREMENT BY " + std::to_string(s.increment);
  if (s.start != 1) out += " START WITH " + std::to_string(s.start);
  return out;
}

std::string ScriptWriter::owned_by(const std::string& ns, const Sequence& s) const {
  auto [t, c] = owner(*to_.find_namespace(ns), s);
  return t ? name(ns, t->name) + "." + ident(c->name) : "NONE";
}

void ScriptWriter::alter_sequences() {
  for (const auto* c : changes(ObjectKind::Sequence, {ChangeType::Added, ChangeType::Changed})) {
    const Sequence& b = *sequence(to_, *c);
    if (c->type == ChangeType::Added) {
      if (b.owned_by && !implicit_sequence(*c))
        step("AlterSequence", {"ALTER SEQUENCE " + name(c->ns, b.name) + " OWNED BY " + owned_by(c->ns, b)});
      continue;
    }
    const Sequence& a = *sequence(from_, *c);
    std::string out = "ALTER SEQUENCE " + name(c->ns, b.name);
    if (pg_ && a.type != b.type) out += " AS " + b.type;
    if (a.increment != b.increment) out += " INCREMENT BY " + std::to_string(b.increment);
    if (a.start != b.start) out += " START WITH " + std::to_string(b.start);
    if (a.owned_by != b.owned_by) out += " OWNED BY " + owned_by(c->ns, b);
    step("AlterSequence", {out});
  }
}

}  // namespace driftgate::script
