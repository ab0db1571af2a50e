// DG401 lock-timeout-missing: a migration that locks a table that may be in use, with no
// `SET lock_timeout` before; reported once, at the first such lock.
#include <optional>
#include <set>
#include <string_view>

#include "lint/rule.h"

namespace driftgate {
namespace {

// The tables and indexes the migration has created up to some statement: locking those blocks
// nobody, since no other session can see them before the migration commits.
struct CreatedSoFar {
  std::set<std::string> tables;
  std::set<std::string> indexes;

  void record(const Change& c) {
    if (const auto* t = c.as<CreateTable>()) tables.insert(t->table.key());
    if (const auto* r = c.as<RenameTable>(); r && tables.count(r->table.key()))
      tables.insert(QualifiedName{r->table.schema, r->new_name}.key());
    if (const auto* i = c.as<CreateIndex>()) indexes.insert(QualifiedName{i->table.schema, i->name}.key());
  }
  bool table(const QualifiedName& n) const { return tables.count(n.key()) > 0; }
  bool index(const QualifiedName& n) const { return indexes.count(n.key()) > 0; }
};

// A lock that blocks other sessions' reads or writes of a table while it is held or awaited.
struct BlockingLock {
  const char* mode;
  std::string on;  // "\"User\"", or the index or table a DROP INDEX/REINDEX names
  bool blocks_reads() const { return std::string_view(mode) == "ACCESS EXCLUSIVE"; }
};

// The lock `c` takes on a table that may be in use, or none. A foreign key from a new table
// takes SHARE ROW EXCLUSIVE on the referenced table too, but only to add a trigger (no scan):
// it is left out, like squawk does, or every Prisma migration creating a table would be flagged.
std::optional<BlockingLock> blocking_lock(const Change& c, const CreatedSoFar& created,
                                          const HistoryCatalog& catalog) {
  auto table_lock = [&](const QualifiedName& t, const char* mode) -> std::optional<BlockingLock> {
    if (created.table(t)) return std::nullopt;
    return BlockingLock{mode, "\"" + t.display() + "\""};
  };
  // DROP INDEX and REINDEX name an index (REINDEX maybe a table): name its table when known.
  auto index_lock = [&](const QualifiedName& name, bool concurrently) -> std::optional<BlockingLock> {
    if (concurrently || created.index(name) || created.table(name)) return std::nullopt;
    const CatalogIndex* index = catalog.index(name);
    const CatalogTable* table = index ? catalog.table_of(*index) : nullptr;
    return BlockingLock{"ACCESS EXCLUSIVE", "\"" + (table ? table->name : name).display() + "\""};
  };
  return std::visit(
      [&](const auto& x) -> std::optional<BlockingLock> {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, CreateIndex>) {
          if (x.concurrently) return std::nullopt;
          return table_lock(x.table, "SHARE");
        } else if constexpr (std::is_same_v<T, DropIndex>) {
          return index_lock(x.index, x.concurrently);
        } else if constexpr (std::is_same_v<T, Reindex>) {
          return index_lock(x.target, x.concurrently);
        } else if constexpr (std::is_same_v<T, AddConstraint>) {
          return table_lock(x.table, x.constraint.kind == ConstraintKind::ForeignKey ? "SHARE ROW EXCLUSIVE"
                                                                                     : "ACCESS EXCLUSIVE");
        } else if constexpr (std::is_same_v<T, DropTable> || std::is_same_v<T, RenameTable> ||
                             std::is_same_v<T, AddColumn> || std::is_same_v<T, DropColumn> ||
                             std::is_same_v<T, RenameColumn> || std::is_same_v<T, AlterColumnType> ||
                             std::is_same_v<T, SetNotNull> || std::is_same_v<T, DropNotNull> ||
                             std::is_same_v<T, SetDefault> || std::is_same_v<T, DropDefault> ||
                             std::is_same_v<T, DropConstraint> || std::is_same_v<T, Truncate>) {
          return table_lock(x.table, "ACCESS EXCLUSIVE");
        } else {
          // VALIDATE CONSTRAINT, ALTER INDEX ... RENAME and the like block no reads or writes.
          return std::nullopt;
        }
      },
      c.what);
}

class LockTimeoutMissingRule : public Rule {
 public:
  std::string_view id() const override { return "DG401"; }

  void check(const StatementContext& ctx, Diagnostics& out) const override {
    if (ctx.lock_timeout_set()) return;
    CreatedSoFar created;
    for (const auto& s : ctx.earlier())
      for (const auto& c : s.changes) {
        if (blocking_lock(c, created, ctx.catalog())) return;  // reported at that earlier statement
        created.record(c);
      }
    for (const auto& c : ctx.changes()) {
      if (auto lock = blocking_lock(c, created, ctx.catalog())) {
        std::string blocked = lock->blocks_reads() ? "query" : "write";
        out.report(c.offset, "this migration locks " + lock->on + " " + lock->mode +
                                 " with no `SET lock_timeout` before: while it waits for the transactions " +
                                 "using the table, every " + blocked + " on it queues behind the migration");
        return;
      }
      created.record(c);
    }
  }
};

DRIFTGATE_REGISTER_RULE(LockTimeoutMissingRule);

}  // namespace
}  // namespace driftgate
