#pragma once
// The tables a schema comparison touched, as plain data for the Markdown summary's Mermaid ER
// diagram (report/report.h: ErDiagram): each changed table with its changed columns and its keys,
// the tables its foreign keys join it to (for context, keys only), and those foreign keys.
// Header-only: check and drift fill it from the SchemaDiff and the two schemas they compared.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/diff_findings.h"
#include "core/drift_allowlist.h"
#include "core/schema.h"
#include "core/schema_diff.h"
#include "report/report.h"

namespace driftgate {
inline constexpr const char* kDriftDiagramTitle =
    "Drift: the live database against its history (added = only in the database)";
inline constexpr const char* kDatamodelDiagramTitle =
    "Datamodel: the history against schema.prisma (added = only in the datamodel)";

namespace er_detail {

constexpr std::size_t kMaxTables = 25;
constexpr std::size_t kMaxColumnsOfWholeTable = 15;

inline const Table* find_table(const Schema* schema, const std::string& ns, const std::string& name) {
  if (!schema) return nullptr;
  for (const auto& n : schema->namespaces)
    if (n.name == ns)
      for (const auto& t : n.tables)
        if (t.name == name) return &t;
  return nullptr;
}

inline std::string joined(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

}  // namespace er_detail

// `diff` compares `from` (the history) with `to` (the live database or the datamodel); changes an
// [[accept]] entry matches are left out when `accepted` is given. Empty `tables` when no table changed.
inline ErDiagram er_diagram(const SchemaDiff& diff, std::string title, const std::vector<DriftAcceptance>* accepted = nullptr) {
  using namespace er_detail;
  ErDiagram d;
  d.title = std::move(title);
  using Key = std::pair<std::string, std::string>;  // namespace, table
  std::string default_ns;
  for (const Schema* s : {diff.to, diff.from})
    if (s && !s->namespaces.empty() && default_ns.empty()) default_ns = s->namespaces.front().name;
  auto display = [&](const Key& k) { return k.first == default_ns || k.first.empty() ? k.second : k.first + "." + k.second; };

  struct Touched {
    std::string change;                          // of the table itself
    std::map<std::string, std::string> columns;  // column -> its change
    std::map<std::string, std::string> fks;      // foreign key -> added/removed/changed
  };
  std::map<Key, Touched> touched;
  std::vector<Key> order;
  for (const auto& c : diff.changes) {
    if (c.table.empty()) continue;
    switch (c.kind) {
      case ObjectKind::Table: case ObjectKind::Column: case ObjectKind::PrimaryKey: case ObjectKind::Index:
      case ObjectKind::ForeignKey: case ObjectKind::Check: case ObjectKind::Trigger: break;
      default: continue;
    }
    if (accepted && find_acceptance(*accepted, c)) continue;
    Key k{c.ns, c.table};
    if (!touched.count(k)) order.push_back(k);
    Touched& t = touched[k];
    std::string what = to_string(c.type);
    if (c.kind == ObjectKind::Table) t.change = what;
    else if (t.change.empty()) t.change = "changed";
    if (c.kind == ObjectKind::Column)
      t.columns[c.name] = c.details.empty() ? what : what + ": " + joined(c.details, "; ");
    if (c.kind == ObjectKind::ForeignKey) t.fks[c.name] = what;
  }
  if (order.size() > kMaxTables) order.resize(kMaxTables);

  // The tables drawn: the touched ones, then those their foreign keys join them to.
  std::map<Key, std::set<std::string>> shown_columns;  // context columns (keys) per table
  std::vector<Key> drawn = order;
  auto draw = [&](const Key& k) {
    if (std::find(drawn.begin(), drawn.end(), k) == drawn.end() && drawn.size() < kMaxTables) drawn.push_back(k);
    return std::find(drawn.begin(), drawn.end(), k) != drawn.end();
  };
  std::set<std::string> seen_fks;
  auto relate = [&](const Key& from_key, const Table& table, const ForeignKey& fk, const std::string& change) {
    Key to_key{fk.referenced_schema.empty() ? from_key.first : fk.referenced_schema, fk.referenced_table};
    std::string id = display(from_key) + "/" + fk.name;
    if (seen_fks.count(id)) return;
    if (!draw(from_key) || !draw(to_key)) return;
    seen_fks.insert(id);
    bool optional = false;
    for (const auto& name : fk.columns)
      for (const auto& col : table.columns)
        if (col.name == name && col.nullable) optional = true;
    d.relations.push_back({display(from_key), display(to_key), fk.name, optional, change});
    for (const auto& col : fk.columns) shown_columns[from_key].insert(col);
    for (const auto& col : fk.referenced_columns) shown_columns[to_key].insert(col);
  };
  for (const Key& k : order) {
    const Touched& t = touched[k];
    // Foreign keys of the touched table, on both sides (a removed one only exists in `from`).
    for (const Schema* side : {diff.to, diff.from})
      if (const Table* table = find_table(side, k.first, k.second))
        for (const auto& fk : table->foreign_keys) {
          auto it = t.fks.find(fk.name);
          relate(k, *table, fk, it == t.fks.end() ? "" : it->second);
        }
    // Foreign keys of other tables that reference it.
    for (const Schema* side : {diff.to, diff.from}) {
      if (!side) continue;
      for (const auto& n : side->namespaces)
        for (const auto& other : n.tables)
          for (const auto& fk : other.foreign_keys)
            if ((fk.referenced_schema.empty() ? n.name : fk.referenced_schema) == k.first && fk.referenced_table == k.second) {
              Key from_key{n.name, other.name};
              std::string change;
              if (auto it = touched.find(from_key); it != touched.end())
                if (auto f = it->second.fks.find(fk.name); f != it->second.fks.end()) change = f->second;
              relate(from_key, other, fk, change);
            }
    }
  }

  for (const Key& k : drawn) {
    const Table* now = find_table(diff.to, k.first, k.second);
    const Table* before = find_table(diff.from, k.first, k.second);
    const Table* table = now ? now : before;
    if (!table) continue;
    auto it = touched.find(k);
    ErTable e;
    e.name = display(k);
    if (it != touched.end()) e.change = it->second.change;
    bool whole = e.change == "added" || e.change == "removed";
    std::set<std::string> fk_columns;
    for (const auto& fk : table->foreign_keys) fk_columns.insert(fk.columns.begin(), fk.columns.end());
    auto pk_has = [&](const std::string& col) {
      return table->primary_key &&
             std::find(table->primary_key->columns.begin(), table->primary_key->columns.end(), col) != table->primary_key->columns.end();
    };
    auto add_column = [&](const Column& col, std::string change) {
      for (const auto& existing : e.columns)
        if (existing.name == col.name) return;
      std::string key = pk_has(col.name) ? "PK" : "";
      if (fk_columns.count(col.name)) key += key.empty() ? "FK" : ", FK";
      e.columns.push_back({col.name, col.type, key, std::move(change)});
    };
    std::size_t shown = 0;
    for (const auto& col : table->columns) {
      std::string change;
      if (it != touched.end())
        if (auto c = it->second.columns.find(col.name); c != it->second.columns.end()) change = c->second;
      bool key = pk_has(col.name) || shown_columns[k].count(col.name) || fk_columns.count(col.name);
      if (!change.empty() || key || (whole && shown < kMaxColumnsOfWholeTable)) {
        add_column(col, change);
        ++shown;
      }
    }
    // Columns removed from a table both sides have are only in `from`.
    if (it != touched.end() && now && before)
      for (const auto& col : before->columns)
        if (auto c = it->second.columns.find(col.name); c != it->second.columns.end()) add_column(col, c->second);
    d.tables.push_back(std::move(e));
  }
  if (order.empty()) d.tables.clear(), d.relations.clear();
  return d;
}

// The drift diagram of a live judgement: `history` is the schema judge_live left (which may hold
// pending migrations replayed after the applied ones, in search of DG509), so only the changes
// that are the report's own unaccepted DG601 findings are drawn.
inline ErDiagram drift_diagram(const Schema& history, const Schema& live, const std::vector<Finding>& findings) {
  std::set<std::string> drifted;
  for (const auto& f : findings)
    if (f.rule_id == "DG601" && !f.suppressed()) drifted.insert(f.message);
  SchemaDiff diff = diff_schemas(history, live);
  DiffFindingOptions options;
  options.rule_id = "DG601";
  options.message_prefix = "drift: ";
  std::vector<Finding> described = diff_findings(diff, options);
  SchemaDiff shown{diff.from, diff.to, {}};
  for (std::size_t i = 0; i < diff.changes.size() && i < described.size(); ++i)
    if (drifted.count(described[i].message)) shown.changes.push_back(diff.changes[i]);
  return er_diagram(shown, kDriftDiagramTitle);
}

}  // namespace driftgate
