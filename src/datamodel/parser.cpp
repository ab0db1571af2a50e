#include "datamodel/parser.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <string_view>
#include <utility>

#include "core/error.h"
#include "util/join.h"
#include "util/line_index.h"

namespace driftgate::psl {
namespace {

enum class Tok {
  Name,  // an identifier or a dotted path: model, User, db.VarChar, 2fa
  Number,
  String,
  At,
  AtAt,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Colon,
  Equals,
  Question,
  Bang,
  Doc,  // a /// or /* */ comment; `text` is its content
  Newline,
  End,
};

struct Token {
  Tok kind = Tok::End;
  std::size_t begin = 0;
  std::size_t end = 0;
  LineIndex::Position from{0, 0};
  LineIndex::Position to{0, 0};
  std::string text;    // Name: as written; Number: as written; String: decoded; Doc: the comment
  bool blank = false;  // Newline: the line held nothing, not even a comment
};

// Byte offsets to SourceLocations of one file.
class Locator {
 public:
  explicit Locator(const SchemaFile& file) : path_(file.path), text_(file.text), lines_(file.text) {}

  // The position of a byte offset. LineIndex alone scans from the start of the line on every
  // query, which is quadratic on a long line of tokens; queries at increasing offsets (the
  // lexer's) count only the columns since the previous one, with LineIndex's own rules.
  LineIndex::Position at(std::size_t offset) {
    LineIndex::Position position = {0, 0};
    std::string_view gap = offset >= cursor_ ? text_.substr(cursor_, offset - cursor_) : std::string_view();
    if (offset >= cursor_ && gap.find_first_of("\r\n") == std::string_view::npos) {
      bool ascii = std::all_of(gap.begin(), gap.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      int columns = ascii ? static_cast<int>(gap.size()) : LineIndex(gap).position(gap.size()).column - 1;
      position = {cursor_position_.line, cursor_position_.column + columns};
    } else {
      position = lines_.position(offset);
    }
    cursor_ = offset;
    cursor_position_ = position;
    return position;
  }

  SourceLocation span(LineIndex::Position from, LineIndex::Position to) const {
    return {path_, from.line, from.column, to.line, to.column};
  }
  SourceLocation span(std::size_t begin, std::size_t end) { return span(at(begin), at(end)); }

 private:
  const std::string& path_;
  std::string_view text_;
  LineIndex lines_;
  std::size_t cursor_ = 0;
  LineIndex::Position cursor_position_ = {1, 1};
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool ascii_alphanumeric(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// Length of a valid UTF-8 sequence starting at `pos`, or 0.
std::size_t utf8_length(std::string_view text, std::size_t pos) {
  auto byte = static_cast<unsigned char>(text[pos]);
  std::size_t length = byte < 0x80 ? 1 : byte >= 0xC2 && byte < 0xE0 ? 2 : byte >= 0xE0 && byte < 0xF0 ? 3
                     : byte >= 0xF0 && byte < 0xF5 ? 4 : 0;
  if (length == 0 || pos + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i)
    if ((static_cast<unsigned char>(text[pos + i]) & 0xC0) != 0x80) return 0;
  return length;
}

// The code point of the valid `length`-byte UTF-8 sequence at `pos`.
char32_t code_point(std::string_view text, std::size_t pos, std::size_t length) {
  static constexpr std::array<unsigned char, 5> lead_mask = {0, 0x7F, 0x1F, 0x0F, 0x07};
  char32_t c = static_cast<unsigned char>(text[pos]) & lead_mask[length];
  for (std::size_t i = 1; i < length; ++i) c = (c << 6) | (static_cast<unsigned char>(text[pos + i]) & 0x3F);
  return c;
}

// Whether a non-ASCII code point is a letter or a number. Without Unicode's tables, the blocks
// and ranges that hold none (controls, punctuation, symbols, combining marks, private use, emoji)
// are told apart from the rest, which is letters of every script: what matters is that a name
// Prisma accepts is accepted.
bool letter_or_number(char32_t c) {
  static constexpr std::array<std::pair<char32_t, char32_t>, 30> neither{{
      {0x80, 0xA9},     {0xAB, 0xB1},     {0xB4, 0xB4},     {0xB6, 0xB8},     {0xBB, 0xBB},
      {0xBF, 0xBF},     {0xD7, 0xD7},     {0xF7, 0xF7},     {0x2C2, 0x2C5},   {0x2D2, 0x2DF},
      {0x300, 0x36F},   {0x483, 0x489},   {0x591, 0x5C7},   {0x610, 0x61A},   {0x64B, 0x65F},
      {0x2000, 0x206F}, {0x20A0, 0x20FF}, {0x2190, 0x245F}, {0x2500, 0x2BFF}, {0x2E00, 0x2E7F},
      {0x3000, 0x3004}, {0x3008, 0x3020}, {0xD800, 0xF8FF}, {0xFE00, 0xFE6F}, {0xFEFF, 0xFEFF},
      {0xFF00, 0xFF0F}, {0xFF1A, 0xFF20}, {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65}, {0xFFF0, 0xFFFF},
  }};
  if (c >= 0x1F000 && c <= 0x1FAFF) return false;  // emoji and other pictographs
  if (c >= 0xE0000) return false;                  // tags, variation selectors, private use
  for (const auto& [first, last] : neither)
    if (c >= first && c <= last) return false;
  return true;
}

// Bytes of the character at `pos` when it may start a name: a letter or a number, ASCII or not
// (Prisma's grammar: Unicode LETTER | NUMBER), else 0.
std::size_t name_start_length(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return 0;
  if (static_cast<unsigned char>(text[pos]) < 0x80) return ascii_alphanumeric(text[pos]) ? 1 : 0;
  std::size_t length = utf8_length(text, pos);
  return length && letter_or_number(code_point(text, pos, length)) ? length : 0;
}

// The same for a character inside a name: also '_' and '-'.
std::size_t name_char_length(std::string_view text, std::size_t pos) {
  if (pos < text.size() && (text[pos] == '_' || text[pos] == '-')) return 1;
  return name_start_length(text, pos);
}

// Bytes of a Unicode space separator (what Prisma's grammar skips beside spaces and tabs) at `pos`.
std::size_t space_length(std::string_view text, std::size_t pos) {
  char c = text[pos];
  if (c == ' ' || c == '\t') return 1;
  auto at = [&](std::size_t i) { return pos + i < text.size() ? static_cast<unsigned char>(text[pos + i]) : 0; };
  if (at(0) == 0xC2 && at(1) == 0xA0) return 2;                                     // U+00A0
  if (at(0) == 0xE1 && at(1) == 0x9A && at(2) == 0x80) return 3;                    // U+1680
  if (at(0) == 0xE2 && at(1) == 0x80 && ((at(2) >= 0x80 && at(2) <= 0x8A) || at(2) == 0xAF))
    return 3;  // U+2000..U+200A, U+202F
  if (at(0) == 0xE2 && at(1) == 0x81 && at(2) == 0x9F) return 3;                    // U+205F
  if (at(0) == 0xE3 && at(1) == 0x80 && at(2) == 0x80) return 3;                    // U+3000
  return 0;
}

void append_utf8(std::string& out, unsigned codepoint) {
  if (codepoint < 0x80) {
    out += static_cast<char>(codepoint);
  } else if (codepoint < 0x800) {
    out += static_cast<char>(0xC0 | (codepoint >> 6));
    out += static_cast<char>(0x80 | (codepoint & 0x3F));
  } else if (codepoint < 0x10000) {
    out += static_cast<char>(0xE0 | (codepoint >> 12));
    out += static_cast<char>(0x80 | ((codepoint >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (codepoint & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (codepoint >> 18));
    out += static_cast<char>(0x80 | ((codepoint >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((codepoint >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (codepoint & 0x3F));
  }
}

class Lexer {
 public:
  Lexer(std::string_view text, Locator& locator) : text_(text), locator_(locator) {
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // a UTF-8 byte order mark
  }

  // Every call consumes at least one byte, or returns End at the end of the text.
  Token next() {
    for (;;) {
      while (pos_ < text_.size()) {
        std::size_t n = space_length(text_, pos_);
        if (n == 0) break;
        pos_ += n;
      }
      if (pos_ >= text_.size()) return make(Tok::End, pos_, pos_);
      char c = text_[pos_];
      std::size_t start = pos_;
      if (c == '\n' || c == '\r') {
        pos_ += (c == '\r' && peek(1) == '\n') ? 2 : 1;
        Token token = make(Tok::Newline, start, pos_);
        token.blank = !line_has_content_;
        line_has_content_ = false;
        return token;
      }
      line_has_content_ = true;
      if (c == '/' && peek(1) == '/') {
        bool doc = peek(2) == '/';
        std::size_t content = pos_ + (doc ? 3 : 2);
        while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
        if (!doc) continue;
        Token token = make(Tok::Doc, start, pos_);
        token.text = trim_start(text_.substr(content, pos_ - content));
        return token;
      }
      if (c == '/' && peek(1) == '*') return block_comment();
      if (c == '"') return string_literal();
      if (c == '-' || name_start_length(text_, pos_)) return name_or_number();
      if (c == '@') {
        bool block = peek(1) == '@';
        pos_ += block ? 2 : 1;
        return make(block ? Tok::AtAt : Tok::At, start, pos_);
      }
      Tok kind = Tok::End;
      switch (c) {
        case '(': kind = Tok::LParen; break;
        case ')': kind = Tok::RParen; break;
        case '[': kind = Tok::LBracket; break;
        case ']': kind = Tok::RBracket; break;
        case '{': kind = Tok::LBrace; break;
        case '}': kind = Tok::RBrace; break;
        case ',': kind = Tok::Comma; break;
        case ':': kind = Tok::Colon; break;
        case '=': kind = Tok::Equals; break;
        case '?': kind = Tok::Question; break;
        case '!': kind = Tok::Bang; break;
        default: stray_character();
      }
      ++pos_;
      return make(kind, start, pos_);
    }
  }

 private:
  char peek(std::size_t ahead) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }

  Token make(Tok kind, std::size_t begin, std::size_t end) {
    Token token;
    token.kind = kind;
    token.begin = begin;
    token.end = end;
    token.from = locator_.at(begin);
    token.to = locator_.at(end);
    return token;
  }

  static std::string trim_start(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    return std::string(s.substr(i));
  }

  [[noreturn]] void fail(std::size_t begin, std::size_t end, const std::string& message) {
    throw Error(locator_.span(begin, end), message);
  }

  [[noreturn]] void stray_character() {
    std::size_t length = utf8_length(text_, pos_);
    fail(pos_, pos_ + (length ? length : 1), "unexpected character " + describe_at(pos_));
  }

  // Prisma turns a /* */ comment into documentation, like ///.
  Token block_comment() {
    std::size_t start = pos_;
    std::size_t close = text_.find("*/", pos_ + 2);
    if (close == std::string_view::npos)
      fail(start, start + 2, "expected '*/' to close the comment, found end of file");
    pos_ = close + 2;
    std::string_view content = text_.substr(start + 2, close - start - 2);
    std::size_t first = content.find_first_not_of(" \t\r\n");
    std::size_t last = content.find_last_not_of(" \t\r\n");
    Token token = make(Tok::Doc, start, pos_);
    if (first != std::string_view::npos) token.text = std::string(content.substr(first, last - first + 1));
    return token;
  }

  // A number (-?digits(.digits)?) or a name (a letter or number, then letters, numbers, '_' and
  // '-', dot-separated; letters and numbers of any script). A run that starts with a digit and goes
  // on with letters is a name, as in Prisma's grammar.
  Token name_or_number() {
    std::size_t start = pos_;
    if (text_[pos_] == '-') {
      if (!is_digit(peek(1))) stray_character();
      ++pos_;
    }
    if (is_digit(text_[pos_])) {
      std::size_t digits_end = pos_;
      while (digits_end < text_.size() && is_digit(text_[digits_end])) ++digits_end;
      bool negative = start != pos_;
      bool name = !negative && name_char_length(text_, digits_end);
      if (!name) {
        pos_ = digits_end;
        if (peek(0) == '.' && is_digit(peek(1))) {
          pos_ += 1;
          while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
        }
        Token token = make(Tok::Number, start, pos_);
        token.text = std::string(text_.substr(start, pos_ - start));
        return token;
      }
    }
    for (;;) {
      while (std::size_t n = name_char_length(text_, pos_)) pos_ += n;
      if (peek(0) != '.') break;
      if (!name_start_length(text_, pos_ + 1)) {
        std::size_t after = pos_ + 1;
        fail(after, after, "expected a name after '.', found " + describe_at(after));
      }
      ++pos_;
    }
    Token token = make(Tok::Name, start, pos_);
    token.text = std::string(text_.substr(start, pos_ - start));
    return token;
  }

  // The character at `offset` for messages: 'x', U+0001 for control characters, \xFF for a byte
  // that is not UTF-8.
  std::string describe_at(std::size_t offset) const {
    if (offset >= text_.size()) return "end of file";
    auto byte = static_cast<unsigned char>(text_[offset]);
    if (byte == '\n' || byte == '\r') return "end of line";
    std::size_t length = utf8_length(text_, offset);
    std::array<char, 8> code{};
    if (length == 0) {
      std::snprintf(code.data(), code.size(), "\\x%02X", byte);
    } else if (byte < 0x20 || byte == 0x7F) {
      std::snprintf(code.data(), code.size(), "U+%04X", byte);
    } else {
      return "'" + std::string(text_.substr(offset, length)) + "'";
    }
    return code.data();
  }

  // JSON string syntax, as Prisma's: no raw control characters, escapes \" \\ \/ \b \f \n \r \t
  // and \uXXXX (UTF-16 surrogate pairs combine).
  Token string_literal() {
    std::size_t start = pos_++;
    std::string out;
    for (;;) {
      if (pos_ >= text_.size() || text_[pos_] == '\n' || text_[pos_] == '\r')
        fail(start, pos_, "expected '\"' to close the string, found " + describe_at(pos_));
      char c = text_[pos_];
      if (c == '"') break;
      if (static_cast<unsigned char>(c) < 0x20)
        fail(pos_, pos_ + 1, "control character " + describe_at(pos_) + " in a string; write it as an escape sequence");
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      std::size_t escape = pos_;
      char e = peek(1);
      if (escape + 1 >= text_.size() || e == '\n' || e == '\r') {
        pos_ = escape + 1;
        fail(start, pos_, "expected '\"' to close the string, found " + describe_at(pos_));
      }
      pos_ += 2;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': append_utf8(out, unicode_escape(escape)); break;
        default: {
          std::string sequence = e > ' ' && e < 0x7F ? "'\\" + std::string(1, e) + "'"
                                                     : "(a backslash before " + describe_at(escape + 1) + ")";
          fail(escape, pos_, "unknown escape sequence " + sequence + " in a string (a backslash is written '\\\\')");
        }
      }
    }
    ++pos_;
    Token token = make(Tok::String, start, pos_);
    token.text = std::move(out);
    return token;
  }

  // The code point of \uXXXX at `escape` (pos_ is past the 'u'), or of a surrogate pair.
  unsigned unicode_escape(std::size_t escape) {
    auto hex4 = [&](std::size_t at) -> int {
      if (at + 4 > text_.size()) return -1;
      unsigned value = 0;
      for (std::size_t i = at; i < at + 4; ++i) {
        char h = text_[i];
        unsigned digit = is_digit(h) ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                       : (h >= 'A' && h <= 'F') ? h - 'A' + 10 : 16;
        if (digit == 16) return -1;
        value = value * 16 + digit;
      }
      return static_cast<int>(value);
    };
    auto invalid = [&](std::size_t end) {
      fail(escape, std::min(end, text_.size()), "invalid unicode escape sequence: expected \\u and four hex digits");
    };
    int first = hex4(pos_);
    if (first < 0) invalid(pos_ + 4);
    pos_ += 4;
    if (first < 0xD800 || first > 0xDFFF) return static_cast<unsigned>(first);
    if (first > 0xDBFF || peek(0) != '\\' || peek(1) != 'u') invalid(pos_);
    int second = hex4(pos_ + 2);
    if (second < 0xDC00 || second > 0xDFFF) invalid(pos_ + 6);
    pos_ += 6;
    return 0x10000 + ((static_cast<unsigned>(first) - 0xD800) << 10) + (static_cast<unsigned>(second) - 0xDC00);
  }

  std::string_view text_;
  Locator& locator_;
  std::size_t pos_ = 0;
  bool line_has_content_ = false;
};

std::optional<BlockKind> block_kind(std::string_view keyword) {
  for (BlockKind kind : {BlockKind::Datasource, BlockKind::Generator, BlockKind::Model, BlockKind::Enum,
                         BlockKind::View, BlockKind::Type})
    if (keyword == to_string(kind)) return kind;
  return std::nullopt;
}

bool is_block_keyword(std::string_view word) { return block_kind(word).has_value(); }

class Parser {
 public:
  explicit Parser(const SchemaFile& file)
      : text_(file.text), locator_(file), lexer_(file.text, locator_) {
    current_ = lexer_.next();
  }

  std::vector<Block> parse() {
    std::vector<Block> blocks;
    std::vector<std::string> doc;
    // Each turn consumes a token or throws; End leaves the loop.
    for (;;) {
      switch (current_.kind) {
        case Tok::End:
          return blocks;
        case Tok::Newline:
          if (current_.blank) doc.clear();  // a blank line detaches a comment from the next block
          take();
          break;
        case Tok::Doc:
          doc.push_back(take().text);
          break;
        case Tok::Name:
          blocks.push_back(block(join(doc, "\n")));
          doc.clear();
          break;
        default:
          fail("a block (model, enum, view, type, datasource or generator)");
      }
    }
  }

 private:
  const Token& take() {
    previous_ = std::move(current_);
    current_ = lexer_.next();
    return previous_;
  }

  bool at(Tok kind) const { return current_.kind == kind; }

  const Token& expect(Tok kind, const std::string& expected) {
    if (!at(kind)) fail(expected);
    return take();
  }

  SourceLocation span_from(LineIndex::Position from) const { return locator_.span(from, previous_.to); }

  // What the current token is, for "found ..." in messages.
  std::string found() const {
    switch (current_.kind) {
      case Tok::End: return "end of file";
      case Tok::Newline: return "end of line";
      case Tok::Doc: return "a comment";
      default: break;
    }
    std::string_view written = text_.substr(current_.begin, current_.end - current_.begin);
    if (written.size() > 40) return "'" + std::string(written.substr(0, 37)) + "...'";
    return "'" + std::string(written) + "'";
  }

  [[noreturn]] void fail(const std::string& expected) const {
    throw Error(locator_.span(current_.from, current_.to), "expected " + expected + ", found " + found());
  }
  [[noreturn]] void fail_at(const Token& token, const std::string& message) const {
    throw Error(locator_.span(token.from, token.to), message);
  }


  // A plain identifier: names of blocks, fields, values, properties and arguments have no dots.
  Token identifier(const std::string& expected) {
    if (!at(Tok::Name) || current_.text.find('.') != std::string::npos) fail(expected);
    return take();
  }

  Block block(std::string documentation) {
    const Token keyword = take();
    auto kind = block_kind(keyword.text);
    if (!kind)
      fail_at(keyword, "expected a block keyword (model, enum, view, type, datasource or generator), found '" +
                           keyword.text + "'");
    Block b;
    b.kind = *kind;
    std::string what = to_string(b.kind);
    const Token name = identifier("a name for the " + what);
    b.name = name.text;
    b.name_location = locator_.span(name.from, name.to);
    b.documentation = std::move(documentation);
    if (b.kind == BlockKind::Type && at(Tok::Equals))
      fail_at(current_, "type aliases (type " + b.name +
                            " = ...) are not supported; a composite type is declared as type " + b.name + " { ... }");
    const Token open = expect(Tok::LBrace, "'{' after " + what + " " + b.name);
    // Prisma ignores the rest of the line after '{'; only a comment may sit there.
    while (at(Tok::Doc)) take();
    expect(Tok::Newline, "a new line after '{'");

    const bool config = b.kind == BlockKind::Datasource || b.kind == BlockKind::Generator;
    std::vector<std::string> doc;
    // Each turn consumes a token or throws; '}' leaves the loop.
    while (!at(Tok::RBrace)) {
      switch (current_.kind) {
        case Tok::End:
          fail("'}' to close " + what + " " + b.name + " opened at line " + std::to_string(open.from.line));
        case Tok::Newline:
          take();
          break;
        case Tok::Doc:
          doc.push_back(take().text);
          break;
        case Tok::AtAt:
          if (config) fail("a property (name = value) or '}'");
          b.attributes.push_back(attribute());
          line_end("a new line after the attribute");
          break;
        case Tok::Name:
          if (config) {
            b.properties.push_back(property(b, open));
          } else if (b.kind == BlockKind::Enum) {
            b.values.push_back(enum_value(b, open, join(doc, "\n")));
            doc.clear();
          } else {
            b.fields.push_back(field(b, open, join(doc, "\n")));
            doc.clear();
          }
          break;
        default:
          if (config) fail("a property (name = value) or '}'");
          if (b.kind == BlockKind::Enum) fail("an enum value, a block attribute (@@) or '}'");
          fail("a field, a block attribute (@@) or '}'");
      }
    }
    take();
    b.location = span_from(keyword.from);
    return b;
  }

  // The end of a declaration: an optional trailing comment, then the end of the line. Returns
  // the text of a trailing /// comment.
  std::string line_end(const std::string& expected) {
    std::string doc;
    if (at(Tok::Doc)) doc = take().text;
    if (at(Tok::End)) return doc;  // the last line of a file may lack its line break
    expect(Tok::Newline, expected);
    return doc;
  }

  Property property(const Block& owner, const Token& open) {
    Property p;
    const Token name = identifier("a property name");
    if (is_block_keyword(name.text) && at(Tok::Name)) unclosed(owner, open, name, current_.text);
    p.name = name.text;
    expect(Tok::Equals, "'=' after " + p.name);
    if (at(Tok::Newline) || at(Tok::End) || at(Tok::Doc)) fail("a value for " + p.name);
    p.value = expression(0);
    p.location = span_from(name.from);
    line_end("a new line after the value of " + p.name);
    return p;
  }

  EnumValue enum_value(const Block& owner, const Token& open, std::string documentation) {
    EnumValue v;
    const Token name = identifier("an enum value");
    if (is_block_keyword(name.text) && at(Tok::Name)) unclosed(owner, open, name, current_.text);
    v.name = name.text;
    while (at(Tok::At)) v.attributes.push_back(attribute());
    v.location = span_from(name.from);
    v.documentation = std::move(documentation);
    append_doc(v.documentation, line_end("an attribute or a new line after " + v.name));
    return v;
  }

  static void append_doc(std::string& documentation, const std::string& trailing) {
    if (trailing.empty()) return;
    if (!documentation.empty()) documentation += '\n';
    documentation += trailing;
  }

  // A missing '}' makes the next block's header look like a member of this block: say so.
  [[noreturn]] void unclosed(const Block& owner, const Token& open, const Token& keyword,
                             const std::string& next) const {
    fail_at(keyword, "expected '}' to close " + std::string(to_string(owner.kind)) + " " + owner.name +
                         " opened at line " + std::to_string(open.from.line) + ", found the start of " +
                         keyword.text + " " + next);
  }

  Field field(const Block& owner, const Token& open, std::string documentation) {
    Field f;
    const Token name = identifier("a field name");
    f.name = name.text;
    if (at(Tok::Colon))
      fail_at(current_, "expected a field type, found ':' (write the type after the name, with no ':')");
    if (at(Tok::LBracket)) fail_at(current_, "expected a field type, found '[' (a list is written Type[], not [Type])");
    const Token type = expect(Tok::Name, "a field type");
    if (type.text.find('.') != std::string::npos) fail_at(type, "expected a field type, found '" + type.text + "'");
    f.type = type.text;
    if (type.text == "Unsupported" && at(Tok::LParen)) {
      take();
      f.type = expect(Tok::String, "a string (the database type) in Unsupported(...)").text;
      f.unsupported = true;
      expect(Tok::RParen, "')' after Unsupported(\"...\"");
    }
    if (at(Tok::LBracket)) {
      take();
      expect(Tok::RBracket, "']' after '[' in the list type " + f.type + "[]");
      f.list = true;
    }
    if (at(Tok::Question)) {
      if (f.list)
        fail_at(current_, "expected an attribute or a new line, found '?' (optional lists are not supported: use " +
                              f.type + "[] or " + f.type + "?)");
      take();
      f.optional = true;
    }
    if (at(Tok::Bang))
      fail_at(current_, "expected an attribute or a new line, found '!' (fields are required by default)");
    f.type_location = span_from(type.from);
    // `type Role` is a valid field, so a missing '}' shows only at the next block's '{'.
    if (at(Tok::LBrace) && is_block_keyword(f.name)) unclosed(owner, open, name, f.type);
    while (at(Tok::At)) f.attributes.push_back(attribute());
    f.location = span_from(name.from);
    f.documentation = std::move(documentation);
    append_doc(f.documentation, line_end("an attribute or a new line after field " + f.name));
    return f;
  }

  Attribute attribute() {
    const Token at_sign = take();
    const char* prefix = at_sign.kind == Tok::AtAt ? "'@@'" : "'@'";
    Attribute a;
    a.name = expect(Tok::Name, std::string("an attribute name after ") + prefix).text;
    if (at(Tok::LParen)) a.arguments = arguments(0);
    a.location = span_from(at_sign.from);
    return a;
  }

  // ( [argument {, argument}] [,] )
  std::vector<Argument> arguments(int depth) {
    expect(Tok::LParen, "'('");
    std::vector<Argument> list;
    // Each turn consumes an argument or throws; ')' leaves the loop.
    while (!at(Tok::RParen)) {
      list.push_back(argument(depth));
      if (at(Tok::Comma)) {
        take();
      } else if (!at(Tok::RParen)) {
        fail("',' or ')' after the argument");
      }
    }
    take();
    return list;
  }

  Argument argument(int depth) {
    Argument arg;
    const LineIndex::Position from = current_.from;
    if (at(Tok::Name)) {
      Token name = take();
      if (at(Tok::Colon)) {
        if (name.text.find('.') != std::string::npos)
          fail_at(name, "expected an argument name, found '" + name.text + "'");
        take();
        if (at(Tok::Comma) || at(Tok::RParen)) fail("a value for argument " + name.text);
        arg.name = std::move(name.text);
        arg.value = expression(depth);
      } else {
        arg.value = named_expression(std::move(name), depth);
      }
    } else {
      arg.value = expression(depth);
    }
    arg.location = span_from(from);
    return arg;
  }

  [[noreturn]] void too_deep() const {
    fail_at(current_, "expression nested too deeply (more than " + std::to_string(kMaxExpressionDepth) +
                          " levels of [] and ())");
  }

  Expression expression(int depth) {
    if (depth >= kMaxExpressionDepth) too_deep();
    Expression e;
    const LineIndex::Position from = current_.from;
    switch (current_.kind) {
      case Tok::String:
        e.kind = Expression::Kind::String;
        e.value = take().text;
        break;
      case Tok::Number:
        e.kind = Expression::Kind::Number;
        e.value = take().text;
        break;
      case Tok::Name:
        return named_expression(take(), depth);
      case Tok::LBracket:
        take();
        e.kind = Expression::Kind::Array;
        // Each turn consumes an element or throws; ']' leaves the loop. No trailing comma.
        while (!at(Tok::RBracket)) {
          e.elements.push_back(expression(depth + 1));
          if (at(Tok::Comma)) {
            take();
            if (at(Tok::RBracket)) fail("a value after ','");
          } else if (!at(Tok::RBracket)) {
            fail("',' or ']' after the list element");
          }
        }
        take();
        break;
      default:
        fail("a value");
    }
    e.location = span_from(from);
    return e;
  }

  // A name already taken: a function call when '(' follows, else true/false or a constant.
  Expression named_expression(Token name, int depth) {
    Expression e;
    e.value = std::move(name.text);
    if (at(Tok::LParen)) {
      if (depth + 1 >= kMaxExpressionDepth) too_deep();
      e.kind = Expression::Kind::Function;
      e.arguments = arguments(depth + 1);
    } else if (e.value == "true" || e.value == "false") {
      e.kind = Expression::Kind::Boolean;
    } else {
      e.kind = Expression::Kind::Constant;
    }
    e.location = span_from(name.from);
    return e;
  }

  std::string_view text_;
  Locator locator_;
  Lexer lexer_;
  Token current_;
  Token previous_;
};

}  // namespace

std::vector<Block> parse_schema_file(const SchemaFile& file) { return Parser(file).parse(); }

Datamodel parse_datamodel(std::vector<SchemaFile> files) {
  Datamodel model;
  for (const auto& file : files) {
    auto blocks = parse_schema_file(file);
    model.blocks.insert(model.blocks.end(), std::make_move_iterator(blocks.begin()),
                        std::make_move_iterator(blocks.end()));
  }
  model.files = std::move(files);
  return model;
}

}  // namespace driftgate::psl
