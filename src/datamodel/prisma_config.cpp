#include "datamodel/prisma_config.h"

#include <cctype>

#include "util/file_io.h"
#include "util/line_index.h"

namespace fs = std::filesystem;

namespace driftgate::psl {
namespace {

// Just enough TypeScript: identifiers, strings, punctuation; comments and white space skipped.
struct Token {
  enum Kind { Name, String, Template, Punct, End } kind = End;
  std::string text;  // a string's value, decoded simply (escapes kept but for \' \" \\)
  std::size_t offset = 0;
};

class Tokens {
 public:
  explicit Tokens(std::string_view s) : s_(s) {}

  Token next() {
    skip_blank();
    Token t;
    t.offset = i_;
    if (i_ >= s_.size()) return t;
    char c = s_[i_];
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$') {
      std::size_t b = i_;
      while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' || s_[i_] == '$')) ++i_;
      t.kind = Token::Name;
      t.text = std::string(s_.substr(b, i_ - b));
    } else if (c == '"' || c == '\'' || c == '`') {
      t.kind = c == '`' ? Token::Template : Token::String;
      ++i_;
      while (i_ < s_.size() && s_[i_] != c) {
        if (s_[i_] == '\\' && i_ + 1 < s_.size()) ++i_;
        t.text += s_[i_++];
      }
      ++i_;
      // A template with ${...} is computed; one without is a plain string.
      if (t.kind == Token::Template && t.text.find("${") == std::string::npos) t.kind = Token::String;
    } else {
      t.kind = Token::Punct;
      t.text = std::string(1, c);
      ++i_;
    }
    return t;
  }

 private:
  void skip_blank() {
    while (i_ < s_.size()) {
      if (std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
      else if (s_.compare(i_, 2, "//") == 0) i_ = std::min(s_.size(), s_.find('\n', i_));
      else if (s_.compare(i_, 2, "/*") == 0) i_ = std::min(s_.size(), s_.find("*/", i_ + 2) + 2);
      else return;
    }
  }
  std::string_view s_;
  std::size_t i_ = 0;
};

class ConfigReader {
 public:
  ConfigReader(std::string text, std::string display) : text_(std::move(text)), lines_(text_), display_(std::move(display)) {
    Tokens scan(text_);
    for (Token t = scan.next(); t.kind != Token::End; t = scan.next()) tokens_.push_back(std::move(t));
    tokens_.push_back({Token::End, "", text_.size()});
  }

  void read(PrismaConfig& out) {
    // The object passed to defineConfig(, else the one after `export default`.
    for (std::size_t k = 0; k + 2 < tokens_.size(); ++k) {
      bool define = is(k, "defineConfig") && is(k + 1, "(") && is(k + 2, "{");
      bool plain = is(k, "export") && is(k + 1, "default") && is(k + 2, "{");
      if (!define && !plain) continue;
      i_ = k + 2;
      object("", out);
      return;
    }
  }

 private:
  bool is(std::size_t k, std::string_view text) const {
    return tokens_[k].kind != Token::String && tokens_[k].text == text;
  }
  const Token& at() const { return tokens_[i_]; }
  SourceLocation where(std::size_t offset) const {
    auto p = lines_.position(offset);
    return {display_, p.line, p.column, 0, 0};
  }

  // `{ key: value, ... }` at i_; `prefix` is the path of keys so far ("datasource.").
  void object(const std::string& prefix, PrismaConfig& out) {
    ++i_;  // {
    while (at().kind != Token::End && !is(i_, "}")) {
      if (is(i_, ",")) { ++i_; continue; }
      if (is(i_, ".") ) { skip_value(); continue; }  // ...spread
      std::string key = at().text;
      ++i_;
      if (!is(i_, ":")) { skip_value(); continue; }  // shorthand { schema } : a variable
      ++i_;
      std::string path = prefix + key;
      if (is(i_, "{") && (path == "migrations" || path == "datasource")) {
        object(path + ".", out);
        continue;
      }
      std::optional<ConfigValue>* slot = path == "schema"                        ? &out.schema
                                         : path == "migrations.path"             ? &out.migrations
                                         : path == "datasource.url"              ? &out.url
                                         : path == "datasource.shadowDatabaseUrl" ? &out.shadow_url
                                                                                  : nullptr;
      std::size_t start = at().offset;
      std::optional<ConfigValue> value = simple_value();
      if (!slot) {
        if (!value) skip_value();
        continue;
      }
      if (value) {
        value->where = where(start);
        *slot = std::move(value);
      } else {
        out.unreadable.push_back(where(start).str() + ": " + path +
                                 " is computed, which driftgate cannot read without running the file; "
                                 "pass it as a flag or in driftgate.toml");
        skip_value();
      }
    }
    if (is(i_, "}")) ++i_;
  }

  // A string, env("NAME") or process.env.NAME, consumed; nullopt (nothing consumed) otherwise.
  std::optional<ConfigValue> simple_value() {
    std::size_t k = i_;
    auto ends_value = [&](std::size_t j) { return is(j, ",") || is(j, "}"); };
    if (tokens_[k].kind == Token::String && ends_value(k + 1)) {
      i_ = k + 1;
      return ConfigValue{tokens_[k].text, "", {}};
    }
    if (is(k, "env") && is(k + 1, "(") && tokens_[k + 2].kind == Token::String && is(k + 3, ")") && ends_value(k + 4)) {
      i_ = k + 4;
      return ConfigValue{"", tokens_[k + 2].text, {}};
    }
    if (is(k, "process") && is(k + 1, ".") && is(k + 2, "env") && is(k + 3, ".") && tokens_[k + 4].kind == Token::Name &&
        ends_value(k + 5)) {
      i_ = k + 5;
      return ConfigValue{"", tokens_[k + 4].text, {}};
    }
    return std::nullopt;
  }

  // Skips one value: up to the ',' or '}' that ends it at this depth.
  void skip_value() {
    int depth = 0;
    while (at().kind != Token::End) {
      if (depth == 0 && (is(i_, ",") || is(i_, "}"))) return;
      if (is(i_, "{") || is(i_, "(") || is(i_, "[")) ++depth;
      else if (is(i_, "}") || is(i_, ")") || is(i_, "]")) --depth;
      ++i_;
    }
  }

  std::string text_;
  LineIndex lines_;
  std::string display_;
  std::vector<Token> tokens_;
  std::size_t i_ = 0;
};

}  // namespace

PrismaConfig read_prisma_config(const fs::path& file, const std::string& display_path) {
  PrismaConfig config;
  config.file = file;
  ConfigReader(read_file(file), display_path).read(config);
  return config;
}

std::optional<fs::path> find_prisma_config(const fs::path& dir) {
  for (const char* name : {"prisma.config.ts", "prisma.config.mts", "prisma.config.cts", "prisma.config.js",
                           "prisma.config.mjs", "prisma.config.cjs"}) {
    std::error_code ec;
    if (fs::is_regular_file(dir / name, ec)) return dir / name;
  }
  return std::nullopt;
}

}  // namespace driftgate::psl
