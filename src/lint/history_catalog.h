#pragma once
// What the migrations applied so far have created: a light, static model of the schema that
// lets rules tell an object created earlier in the history (which may hold data) from one
// created in the migration being linted (which is still empty).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lint/change.h"

namespace driftgate {

struct CatalogColumn {
  std::string name;
  TypeRef type;
  bool not_null = false;
  bool has_default = false;
  int created_in = -1;  // index of the migration that added it
};

struct CatalogConstraint {
  std::string name;
  ConstraintKind kind = ConstraintKind::Other;
  std::vector<std::string> columns;
  int created_in = -1;
  QualifiedName referenced_table;  // foreign keys
};

// Columns no two rows share a value of: a primary key, a unique constraint, or a unique index
// over plain columns (not partial).
struct CatalogUniqueKey {
  std::string name;  // the index's or constraint's; may be empty
  std::vector<std::string> columns;
  // The migration that dropped it, or -1: the rows stay unique for the rest of that migration.
  int dropped_in = -1;
};

struct CatalogTable {
  QualifiedName name;
  std::vector<CatalogColumn> columns;  // in creation order
  std::vector<CatalogConstraint> constraints;
  int created_in = -1;
  std::vector<CatalogUniqueKey> unique_keys;

  const CatalogColumn* column(const std::string& name) const;
  CatalogColumn* column(const std::string& name);
  const CatalogConstraint* constraint(const std::string& name) const;
};

struct CatalogIndex {
  QualifiedName name;  // schema of the index is its table's schema
  std::string table_key;
  bool unique = false;
  int created_in = -1;
};

struct CatalogEnum {
  QualifiedName name;
  std::vector<std::string> values;
  int created_in = -1;
};

struct CatalogSchema {
  std::string name;
  int created_in = -1;
};

// A column or table as it stood when a migration dropped it: kept until the next migration so
// that a rule can compare it with what the same migration creates (a rename done as drop + add).
struct DroppedColumn {
  QualifiedName table;
  CatalogColumn column;
  int dropped_in = -1;
};
struct DroppedTable {
  CatalogTable table;
  int dropped_in = -1;
};
struct DroppedConstraint {
  QualifiedName table;
  CatalogConstraint constraint;
  int dropped_in = -1;
};

class HistoryCatalog {
 public:
  const CatalogTable* table(const QualifiedName& name) const;
  const CatalogIndex* index(const QualifiedName& name) const;
  const CatalogTable* table_of(const CatalogIndex& index) const;
  const CatalogEnum* enum_type(const QualifiedName& name) const;
  const CatalogEnum* enum_type(const TypeRef& type) const;
  const std::map<std::string, CatalogTable>& tables() const { return tables_; }
  const CatalogSchema* schema(const std::string& name) const;
  // What the latest migration with drops dropped so far, in order; compare `dropped_in`.
  const std::vector<DroppedColumn>& dropped_columns() const { return dropped_columns_; }
  const std::vector<DroppedTable>& dropped_tables() const { return dropped_tables_; }
  const std::vector<DroppedConstraint>& dropped_constraints() const { return dropped_constraints_; }

  // Records what a change does; `migration` is the index of the migration it belongs to.
  void apply(const Change& change, int migration);

 private:
  CatalogTable* mutable_table(const QualifiedName& name);
  void drop_table(const std::string& key);
  void add_index(const QualifiedName& table, const std::string& name, bool unique, int migration);
  static void drop_unique_key(CatalogTable* table, const std::string& name, int migration);

  std::map<std::string, CatalogTable> tables_;  // by QualifiedName::key()
  std::map<std::string, CatalogIndex> indexes_;
  std::map<std::string, CatalogEnum> enums_;
  std::map<std::string, CatalogSchema> schemas_;  // created by the history, by name
  std::vector<DroppedColumn> dropped_columns_;
  std::vector<DroppedTable> dropped_tables_;
  std::vector<DroppedConstraint> dropped_constraints_;
};

// Replaces each RestateColumn (MySQL's MODIFY/CHANGE) among `changes` with what it amounts to
// against the column as the catalogue knows it: a rename, a type change, NOT NULL set or dropped,
// a default set or dropped; only a type change when the column is unknown to the history.
void resolve_restatements(std::vector<Change>& changes, const HistoryCatalog& catalog);

}  // namespace driftgate
