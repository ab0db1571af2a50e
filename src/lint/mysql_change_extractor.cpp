// Turns the tokens of one MySQL statement (sql/mysql_lexer.h) into the structured change set the
// rules read, the same as PostgreSQL's parse tree gives. It recognises the DDL Prisma writes for
// MySQL and the statements the rules judge; anything else gives no change.
//
// MODIFY and CHANGE restate a whole column: they become RestateColumn, which the linter resolves
// against the catalogue (what the column was) into the changes they amount to.
#include "lint/change.h"
#include "sql/sql_file.h"
#include "util/ascii.h"

namespace driftgate {
namespace {

class Cursor {
 public:
  explicit Cursor(const std::vector<MysqlToken>& tokens) : t_(tokens) {}

  bool done() const { return i_ >= t_.size(); }
  const MysqlToken* peek(std::size_t ahead = 0) const { return i_ + ahead < t_.size() ? &t_[i_ + ahead] : nullptr; }
  std::size_t offset() const { return done() ? (t_.empty() ? 0 : t_.back().end) : t_[i_].begin; }
  bool at(std::string_view keyword, std::size_t ahead = 0) const {
    const MysqlToken* p = peek(ahead);
    return p && p->is(keyword);
  }
  bool at(char symbol, std::size_t ahead = 0) const {
    const MysqlToken* p = peek(ahead);
    return p && p->is(symbol);
  }
  bool accept(std::string_view keyword) { return at(keyword) ? (++i_, true) : false; }
  bool accept(char symbol) { return at(symbol) ? (++i_, true) : false; }
  void skip() { ++i_; }

  // An identifier, bare or `quoted`; empty when there is none.
  std::string name() {
    if (done() || !t_[i_].names()) return {};
    return t_[i_++].value;
  }
  // db.table or table.
  QualifiedName qualified() {
    std::string first = name();
    if (accept('.')) return {first, name()};
    return {"", first};
  }
  // Skips one balanced ( ... ) group when at '('; returns its inner tokens' range.
  std::pair<std::size_t, std::size_t> group() {
    if (!at('(')) return {i_, i_};
    std::size_t open = ++i_, depth = 1;
    while (!done() && depth) {
      if (t_[i_].is('(')) ++depth;
      else if (t_[i_].is(')')) --depth;
      ++i_;
    }
    return {open, depth ? i_ : i_ - 1};
  }
  // The names in a ( a, b(10) DESC, ... ) list: plain column names, prefix lengths dropped.
  std::vector<std::string> name_list() {
    std::vector<std::string> out;
    auto [from, to] = group();
    std::size_t depth = 0;
    bool expecting = true;
    for (std::size_t k = from; k < to; ++k) {
      const MysqlToken& tok = t_[k];
      if (tok.is('(')) ++depth;
      else if (tok.is(')')) --depth;
      else if (depth == 0 && tok.is(',')) expecting = true;
      else if (depth == 0 && expecting && tok.names()) out.push_back(tok.value), expecting = false;
    }
    return out;
  }
  // Moves past the current clause: to the ',' or ')' at this depth (not consumed), or the end.
  void skip_clause() {
    std::size_t depth = 0;
    while (!done()) {
      const MysqlToken& tok = t_[i_];
      if (depth == 0 && (tok.is(',') || tok.is(')'))) return;
      if (tok.is('(')) ++depth;
      else if (tok.is(')')) --depth;
      ++i_;
    }
  }
  const std::vector<MysqlToken>& tokens() const { return t_; }
  std::size_t index() const { return i_; }

 private:
  const std::vector<MysqlToken>& t_;
  std::size_t i_ = 0;
};

// A column type as MySQL spells it, lower case: int, bigint unsigned, varchar(191), decimal(65,30).
// ENUM and SET keep their values as the type's text ("enum('USER','ADMIN')").
TypeRef column_type(Cursor& c) {
  TypeRef t;
  t.schema = "mysql";
  if (c.done()) return t;
  t.name = ascii_lower(c.peek()->value);
  c.skip();
  if (t.name == "double" && c.at("precision")) c.skip();
  if (t.name == "character" && c.accept("varying")) t.name = "varchar";
  if (t.name == "integer") t.name = "int";
  if (t.name == "bool" || t.name == "boolean") t.name = "tinyint", t.modifiers = {1};
  if (c.at('(')) {
    auto [open, close] = c.group();
    if (t.name == "enum" || t.name == "set") {
      std::string values;
      for (std::size_t k = open; k < close; ++k) {
        const MysqlToken& v = c.tokens()[k];
        if (v.kind == MysqlTokenKind::String) values += (values.empty() ? "'" : ",'") + v.value + "'";
      }
      t.name += "(" + values + ")";
    } else {
      for (std::size_t k = open; k < close; ++k)
        if (c.tokens()[k].kind == MysqlTokenKind::Number) t.modifiers.push_back(std::stol(c.tokens()[k].value));
    }
  }
  // An integer's display width (int(11)) changes nothing stored; tinyint(1) is how MySQL spells a boolean.
  bool integer = t.name == "tinyint" || t.name == "smallint" || t.name == "mediumint" || t.name == "int" || t.name == "bigint";
  if (integer && !(t.name == "tinyint" && t.modifiers == std::vector<long>{1})) t.modifiers.clear();
  while (c.at("unsigned") || c.at("signed") || c.at("zerofill")) {
    if (c.at("unsigned")) t.name += " unsigned";
    c.skip();
  }
  return t;
}

DefaultKind default_kind(Cursor& c) {
  if (c.done()) return DefaultKind::Constant;
  const MysqlToken& v = *c.peek();
  if (v.is('(')) {
    c.group();
    return DefaultKind::Volatile;  // an expression default (8.0.13+): judged as computed per row
  }
  c.skip();
  if (v.is('-') || v.is('+')) c.skip();
  bool now = v.is("current_timestamp") || v.is("now") || v.is("localtimestamp") || v.is("current_date");
  if (c.at('(')) {
    c.group();
    return now ? DefaultKind::Stable : DefaultKind::Volatile;
  }
  return now ? DefaultKind::Stable : DefaultKind::Constant;
}

// `name type attributes...` up to the ',' or ')' that ends it.
ColumnSpec column_definition(Cursor& c, std::string name, std::size_t offset) {
  ColumnSpec col;
  col.name = std::move(name);
  col.offset = offset;
  col.type = column_type(c);
  while (!c.done() && !c.at(',') && !c.at(')')) {
    if (c.accept("not")) {
      if (c.accept("null")) col.not_null = true;
    } else if (c.accept("null")) {
      col.not_null = false;
    } else if (c.accept("default")) {
      col.default_kind = default_kind(c);
    } else if (c.accept("auto_increment")) {
      col.identity = true;
    } else if (c.accept("primary")) {
      c.accept("key");
      col.primary_key = true;
      col.not_null = true;
    } else if (c.accept("unique")) {
      c.accept("key");
      col.unique = true;
    } else if (c.accept("references")) {
      col.references = true;
      c.qualified();
      c.group();
    } else if (c.accept("generated") || c.at("as")) {
      c.accept("always");
      c.accept("as");
      c.group();
      col.generated_stored = true;  // STORED or VIRTUAL: either way the server fills it
    } else if (c.at('(')) {
      c.group();
    } else {
      c.skip();  // COMMENT '...', COLLATE x, CHARACTER SET x, ON UPDATE ..., and the like
    }
  }
  return col;
}

// An index or key definition inside CREATE TABLE or after ADD: [UNIQUE] {INDEX|KEY} [name] (cols).
bool index_definition(Cursor& c, CreateIndex& index) {
  index.unique = c.accept("unique");
  bool keyword = c.accept("index") || c.accept("key");
  if (!keyword && !index.unique) return false;
  if (!c.at('(')) index.name = c.name();
  if (c.accept("using")) c.skip();
  index.columns = c.name_list();
  c.skip_clause();
  return true;
}

// CONSTRAINT [name] {PRIMARY KEY|UNIQUE|FOREIGN KEY|CHECK} ..., or the same without CONSTRAINT.
std::optional<ConstraintSpec> constraint_definition(Cursor& c, std::size_t offset) {
  ConstraintSpec k;
  k.offset = offset;
  if (c.accept("constraint")) {
    if (!c.at("primary") && !c.at("unique") && !c.at("foreign") && !c.at("check")) k.name = c.name();
  }
  if (c.accept("primary")) {
    c.accept("key");
    k.kind = ConstraintKind::PrimaryKey;
    if (c.accept("using")) c.skip();
    k.columns = c.name_list();
  } else if (c.at("unique")) {
    c.skip();
    c.accept("index") || c.accept("key");
    k.kind = ConstraintKind::Unique;
    if (!c.at('(')) {
      std::string index_name = c.name();
      if (k.name.empty()) k.name = index_name;
    }
    k.columns = c.name_list();
  } else if (c.accept("foreign")) {
    c.accept("key");
    k.kind = ConstraintKind::ForeignKey;
    if (!c.at('(')) {
      std::string index_name = c.name();
      if (k.name.empty()) k.name = index_name;
    }
    k.columns = c.name_list();
    if (c.accept("references")) {
      k.referenced_table = c.qualified();
      c.group();
    }
  } else if (c.accept("check")) {
    k.kind = ConstraintKind::Check;
    c.group();
  } else {
    return std::nullopt;
  }
  c.skip_clause();
  return k;
}

class MysqlExtractor {
 public:
  explicit MysqlExtractor(const Statement& st) : st_(st), c_(st.tokens) {}

  std::vector<Change> run() {
    if (c_.accept("create")) create();
    else if (c_.accept("alter")) alter();
    else if (c_.accept("drop")) drop();
    else if (c_.accept("rename")) rename();
    else if (c_.accept("truncate")) truncate();
    else if (c_.accept("delete")) delete_rows();
    else if (c_.accept("update")) update_rows();
    else if (c_.at("insert") || c_.at("replace")) insert_rows();
    else if (c_.accept("start") && c_.accept("transaction")) add(BeginTransaction{});
    else if (c_.accept("begin")) add(BeginTransaction{});
    else if (c_.accept("commit")) add(CommitTransaction{});
    return std::move(out_);
  }

 private:
  template <class T>
  void add(T what, std::size_t offset) { out_.push_back({std::move(what), offset}); }
  template <class T>
  void add(T what) { add(std::move(what), st_.begin); }

  void create() {
    bool unique = c_.accept("unique");
    if (!unique && !c_.accept("fulltext")) c_.accept("spatial");
    if (c_.accept("index")) return create_index(unique);
    c_.accept("temporary");
    if (c_.accept("table")) return create_table();
    if (c_.accept("database") || c_.accept("schema")) {
      CreateSchema s;
      s.if_not_exists = if_not_exists();
      s.schema = c_.name();
      add(std::move(s));
      return;
    }
    if (c_.accept("or")) c_.accept("replace");
    if (c_.accept("view") || (c_.at("algorithm") && find("view"))) {
      add(CreateView{c_.qualified()});
    }
  }

  // Moves to just after the next `keyword`; false when there is none.
  bool find(std::string_view keyword) {
    while (!c_.done())
      if (c_.peek()->is(keyword)) return c_.skip(), true;
      else c_.skip();
    return false;
  }

  bool if_not_exists() { return c_.accept("if") && c_.accept("not") && c_.accept("exists"); }
  bool if_exists() { return c_.accept("if") && c_.accept("exists"); }

  void create_table() {
    CreateTable t;
    t.if_not_exists = if_not_exists();
    t.table = c_.qualified();
    if (c_.accept("like")) return add(std::move(t));
    if (!c_.accept('(')) return add(std::move(t));  // CREATE TABLE ... AS SELECT
    while (!c_.done() && !c_.at(')')) {
      std::size_t offset = c_.offset();
      CreateIndex index;
      // UNIQUE INDEX `User_email_key`(`email`), as Prisma writes it, is a unique key of the table.
      if (c_.at("constraint") || c_.at("primary") || c_.at("unique") || c_.at("foreign") || c_.at("check")) {
        if (auto k = constraint_definition(c_, offset)) t.constraints.push_back(std::move(*k));
      } else if (c_.at("index") || c_.at("key") || c_.at("fulltext") || c_.at("spatial")) {
        c_.accept("fulltext") || c_.accept("spatial");
        index_definition(c_, index);
        index.table = t.table;
        pending_indexes_.push_back({std::move(index), offset});
      } else {
        std::string name = c_.name();
        if (name.empty()) {
          c_.skip_clause();
        } else {
          t.columns.push_back(column_definition(c_, std::move(name), offset));
        }
      }
      if (!c_.accept(',')) break;
    }
    // Inline PRIMARY KEY / UNIQUE on columns are constraints too, as PostgreSQL's grammar has them.
    add(std::move(t));
    for (auto& [index, offset] : pending_indexes_) add(std::move(index), offset);
  }

  void create_index(bool unique) {
    CreateIndex index;
    index.unique = unique;
    std::size_t offset = st_.begin;
    index.name = c_.name();
    if (c_.accept("using")) c_.skip();
    if (!c_.accept("on")) return;
    index.table = c_.qualified();
    index.columns = c_.name_list();
    add(std::move(index), offset);
  }

  void alter() {
    c_.accept("online");
    c_.accept("ignore");
    if (!c_.accept("table")) return;
    QualifiedName table = c_.qualified();
    while (!c_.done()) {
      std::size_t offset = c_.offset();
      alter_clause(table, offset);
      c_.skip_clause();
      if (!c_.accept(',')) break;
    }
  }

  void alter_clause(const QualifiedName& table, std::size_t offset) {
    if (c_.accept("add")) {
      if (c_.at("constraint") || c_.at("primary") || c_.at("foreign") || c_.at("check") ||
          (c_.at("unique") && !c_.at("index", 1) && !c_.at("key", 1))) {
        if (auto k = constraint_definition(c_, offset)) add(AddConstraint{table, std::move(*k)}, offset);
        return;
      }
      if (c_.at("unique") || c_.at("index") || c_.at("key") || c_.at("fulltext") || c_.at("spatial")) {
        CreateIndex index;
        c_.accept("fulltext") || c_.accept("spatial");
        if (index_definition(c_, index)) {
          index.table = table;
          add(std::move(index), offset);
        }
        return;
      }
      c_.accept("column");
      if (c_.at('(')) return;  // ADD (a INT, b INT): rare, not modelled
      bool exists = if_not_exists();
      std::string name = c_.name();
      if (!name.empty()) add(AddColumn{table, column_definition(c_, std::move(name), offset), exists}, offset);
    } else if (c_.accept("drop")) {
      if (c_.accept("primary")) {
        c_.accept("key");
        add(DropConstraint{table, "PRIMARY"}, offset);
      } else if (c_.accept("foreign")) {
        c_.accept("key");
        add(DropConstraint{table, c_.name()}, offset);
      } else if (c_.accept("index") || c_.accept("key")) {
        add(DropIndex{{table.schema, c_.name()}}, offset);
      } else if (c_.accept("constraint") || c_.accept("check")) {
        add(DropConstraint{table, c_.name()}, offset);
      } else {
        c_.accept("column");
        bool exists = if_exists();
        add(DropColumn{table, c_.name(), exists}, offset);
      }
    } else if (c_.accept("modify")) {
      c_.accept("column");
      std::string name = c_.name();
      add(RestateColumn{table, name, column_definition(c_, name, offset)}, offset);
    } else if (c_.accept("change")) {
      c_.accept("column");
      std::string old_name = c_.name();
      std::string new_name = c_.name();
      add(RestateColumn{table, old_name, column_definition(c_, new_name, offset)}, offset);
    } else if (c_.accept("rename")) {
      if (c_.accept("column")) {
        std::string from = c_.name();
        c_.accept("to");
        add(RenameColumn{table, from, c_.name()}, offset);
      } else if (c_.accept("index") || c_.accept("key")) {
        std::string from = c_.name();
        c_.accept("to");
        add(RenameIndex{{table.schema, from}, c_.name()}, offset);
      } else {
        c_.accept("to") || c_.accept("as");
        add(RenameTable{table, c_.qualified().name}, offset);
      }
    } else if (c_.accept("alter")) {
      c_.accept("column");
      std::string column = c_.name();
      if (c_.accept("set") && c_.accept("default")) add(SetDefault{table, column, default_kind(c_)}, offset);
      else if (c_.accept("drop") && c_.accept("default")) add(DropDefault{table, column}, offset);
    }
  }

  void drop() {
    c_.accept("temporary");
    if (c_.accept("table")) {
      bool exists = if_exists();
      do {
        std::size_t offset = c_.offset();
        QualifiedName t = c_.qualified();
        if (t.name.empty()) break;
        DropTable d{t, exists, false};
        if (c_.at("cascade")) d.cascade = true;
        add(std::move(d), offset);
      } while (c_.accept(','));
    } else if (c_.accept("index")) {
      std::string name = c_.name();
      if (c_.accept("on")) add(DropIndex{{c_.qualified().schema, name}});
    } else if (c_.accept("database") || c_.accept("schema")) {
      // In MySQL a schema is a database: dropping it drops every table in it, whatever they hold.
      if_exists();
      add(DropDatabase{c_.name()});
    }
  }

  void rename() {
    if (!c_.accept("table")) return;
    do {
      std::size_t offset = c_.offset();
      QualifiedName from = c_.qualified();
      if (!c_.accept("to")) break;
      add(RenameTable{from, c_.qualified().name}, offset);
    } while (c_.accept(','));
  }

  void truncate() {
    c_.accept("table");
    add(Truncate{c_.qualified(), false});
  }

  void delete_rows() {
    while (c_.accept("low_priority") || c_.accept("quick") || c_.accept("ignore")) {}
    if (!c_.accept("from")) return;
    DeleteRows d{c_.qualified(), false};
    d.has_where = find("where");
    add(std::move(d));
  }

  void update_rows() {
    while (c_.accept("low_priority") || c_.accept("ignore")) {}
    UpdateRows u;
    u.table = c_.qualified();
    if (!c_.accept("set")) return;
    // SET a = expr, b = expr ... [WHERE ...]: the names before each '=' at depth 0.
    std::size_t depth = 0;
    bool expecting = true;
    while (!c_.done()) {
      const MysqlToken& tok = *c_.peek();
      if (depth == 0 && tok.is("where")) {
        u.has_where = true;
        break;
      }
      if (tok.is('(')) ++depth;
      else if (tok.is(')')) --depth;
      else if (depth == 0 && tok.is(',')) expecting = true;
      else if (depth == 0 && expecting && tok.names() && c_.at('=', 1)) u.columns.push_back(tok.value), expecting = false;
      c_.skip();
    }
    add(std::move(u));
  }

  void insert_rows() {
    c_.skip();
    c_.accept("ignore");
    c_.accept("into");
    add(InsertRows{c_.qualified()});
  }

  const Statement& st_;
  Cursor c_;
  std::vector<Change> out_;
  std::vector<std::pair<CreateIndex, std::size_t>> pending_indexes_;
};

}  // namespace

std::vector<Change> extract_mysql_changes(const Statement& statement) {
  if (statement.error || statement.tokens.empty()) return {};
  return MysqlExtractor(statement).run();
}

}  // namespace driftgate
