#include "sql/mysql_lexer.h"

#include "util/ascii.h"

namespace driftgate {
namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool digit(char c) { return c >= '0' && c <= '9'; }
// Bare identifiers may hold letters, digits, $ and _, and any byte of a multi-byte UTF-8 character.
bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || digit(c) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  MysqlScript run() {
    if (s_.starts_with("\xEF\xBB\xBF")) i_ = 3;
    while (i_ < s_.size() && !out_.error) step();
    finish_statement();
    return std::move(out_);
  }

 private:
  void step() {
    char c = s_[i_];
    if (blank(c)) return void(++i_);
    if (at_statement_start() && delimiter_command()) return;
    if (at_delimiter()) {
      i_ += delimiter_.size();
      finish_statement();
      return;
    }
    if (c == '#' || (s_.compare(i_, 2, "--") == 0 && (i_ + 2 >= s_.size() || static_cast<unsigned char>(s_[i_ + 2]) <= ' '))) {
      std::size_t eol = s_.find('\n', i_);
      std::size_t end = eol == std::string_view::npos ? s_.size() : eol;
      out_.comments.push_back({i_, end});
      i_ = end;
      return;
    }
    if (s_.compare(i_, 2, "/*") == 0) return block_comment();
    if (versioned_ && s_.compare(i_, 2, "*/") == 0) {
      versioned_ = false;
      i_ += 2;
      mark_code(i_ - 2, i_);
      return;
    }
    if (c == '\'' || c == '"' || c == '`') return quoted(c);
    if (c == '@') return variable();
    if (digit(c) || (c == '.' && i_ + 1 < s_.size() && digit(s_[i_ + 1]))) return number();
    if (word_char(c)) return word();
    add(MysqlTokenKind::Symbol, i_, i_ + 1, std::string(1, c));
    ++i_;
  }

  bool at_statement_start() const { return !open_; }
  bool at_delimiter() const { return s_.compare(i_, delimiter_.size(), delimiter_) == 0; }

  // `DELIMITER $$` as the first thing of a statement: the rest of the line is the new delimiter.
  bool delimiter_command() {
    constexpr std::string_view kWord = "delimiter";
    if (s_.size() - i_ <= kWord.size() || !ascii_iequals(s_.substr(i_, kWord.size()), kWord) ||
        !blank(s_[i_ + kWord.size()]))
      return false;
    std::size_t eol = s_.find('\n', i_);
    std::size_t end = eol == std::string_view::npos ? s_.size() : eol;
    std::string_view rest = s_.substr(i_ + kWord.size(), end - i_ - kWord.size());
    while (!rest.empty() && blank(rest.front())) rest.remove_prefix(1);
    while (!rest.empty() && blank(rest.back())) rest.remove_suffix(1);
    if (rest.empty()) return fail("DELIMITER needs a delimiter after it", i_), true;
    delimiter_ = std::string(rest);
    i_ = end;
    return true;
  }

  void block_comment() {
    std::size_t start = i_;
    bool code = s_.compare(i_, 3, "/*!") == 0 || s_.compare(i_, 4, "/*M!") == 0;
    if (code) {
      // The marker and its version number are part of the statement; what follows is code.
      i_ += s_[i_ + 2] == 'M' ? 4 : 3;
      while (i_ < s_.size() && digit(s_[i_])) ++i_;
      versioned_ = true;
      mark_code(start, i_);
      return;
    }
    std::size_t close = s_.find("*/", i_ + 2);
    if (close == std::string_view::npos) return fail("unterminated /* comment", start);
    out_.comments.push_back({start, close + 2});
    i_ = close + 2;
  }

  void quoted(char quote) {
    std::size_t start = i_++;
    std::string value;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '\\' && quote != '`' && i_ + 1 < s_.size()) {
        value += unescape(s_[i_ + 1]);
        i_ += 2;
      } else if (c == quote) {
        if (i_ + 1 < s_.size() && s_[i_ + 1] == quote) {
          value += quote;
          i_ += 2;
        } else {
          ++i_;
          add(quote == '`' ? MysqlTokenKind::Identifier : MysqlTokenKind::String, start, i_, std::move(value));
          return;
        }
      } else {
        value += c;
        ++i_;
      }
    }
    fail(quote == '`' ? "unterminated `identifier`" : std::string("unterminated ") + quote + "string" + quote, start);
  }

  static char unescape(char c) {
    switch (c) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case '0': return '\0';
      case 'b': return '\b';
      case 'Z': return '\x1A';
      default: return c;  // \' \" \\ and any other character stand for themselves (\% and \_ too, simplified)
    }
  }

  void variable() {
    std::size_t start = i_++;
    if (i_ < s_.size() && s_[i_] == '@') ++i_;
    if (i_ < s_.size() && (s_[i_] == '\'' || s_[i_] == '"' || s_[i_] == '`')) {
      quoted(s_[i_]);
      if (out_.error) return;
      MysqlToken name = std::move(statement_.tokens.back());
      statement_.tokens.pop_back();
      add(MysqlTokenKind::Variable, start, name.end, std::string(s_.substr(start, name.end - start)));
      return;
    }
    while (i_ < s_.size() && (word_char(s_[i_]) || s_[i_] == '.')) ++i_;
    add(MysqlTokenKind::Variable, start, i_, std::string(s_.substr(start, i_ - start)));
  }

  void number() {
    std::size_t start = i_;
    if (s_.compare(i_, 2, "0x") == 0 || s_.compare(i_, 2, "0b") == 0) i_ += 2;
    while (i_ < s_.size() && (word_char(s_[i_]) || s_[i_] == '.' ||
                              ((s_[i_] == '+' || s_[i_] == '-') && (s_[i_ - 1] == 'e' || s_[i_ - 1] == 'E'))))
      ++i_;
    // 1abc is an identifier in MySQL, not a number followed by a word.
    std::string_view text = s_.substr(start, i_ - start);
    bool letters = false;
    for (char c : text) letters |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    bool numeric = text.find_first_not_of("0123456789.eE+-") == std::string_view::npos || text.starts_with("0x") ||
                   text.starts_with("0b");
    add(letters && !numeric ? MysqlTokenKind::Word : MysqlTokenKind::Number, start, i_, std::string(text));
  }

  void word() {
    std::size_t start = i_;
    // `END$$` ends at a $$ delimiter, though $ may be part of a name.
    while (i_ < s_.size() && word_char(s_[i_]) && !at_delimiter()) ++i_;
    add(MysqlTokenKind::Word, start, i_, std::string(s_.substr(start, i_ - start)));
  }

  void add(MysqlTokenKind kind, std::size_t begin, std::size_t end, std::string value) {
    mark_code(begin, end);
    statement_.tokens.push_back({kind, begin, end, std::move(value)});
  }

  void mark_code(std::size_t begin, std::size_t end) {
    if (!open_) statement_.begin = begin;
    open_ = true;
    statement_.end = end;
  }

  void finish_statement() {
    if (open_) out_.statements.push_back(std::move(statement_));
    statement_ = {};
    open_ = false;
  }

  void fail(std::string message, std::size_t at) {
    out_.error = MysqlLexError{std::move(message), at};
    statement_ = {};
    open_ = false;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::string delimiter_ = ";";
  bool versioned_ = false;  // inside /*! ... */
  bool open_ = false;       // a statement has begun
  MysqlStatement statement_;
  MysqlScript out_;
};

}  // namespace

bool MysqlToken::is(std::string_view keyword) const {
  return kind == MysqlTokenKind::Word && ascii_iequals(value, keyword);
}

MysqlScript lex_mysql(std::string_view text) { return Lexer(text).run(); }

}  // namespace driftgate
