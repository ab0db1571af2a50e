#include "db/connection_url.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "core/error.h"

namespace driftgate {
namespace {

constexpr std::string_view kEncodingHint =
    " (characters such as @ : / ? # % in a user name or password must be percent-encoded, "
    "e.g. @ as %40)";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes; `plus_is_space` for query values, which Prisma reads as form-encoded.
// Nothing for a malformed escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(plus_is_space && c == '+' ? ' ' : c);
    }
  }
  return out;
}

// Percent-encodes all but RFC 3986 unreserved characters and those in `keep`.
std::string percent_encode(std::string_view text, std::string_view keep = {}) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
        keep.find(static_cast<char>(c)) != std::string_view::npos) {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

bool is_secret_param(std::string_view key) { return key.find("password") != std::string_view::npos; }

bool is_scheme_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

// Where a URL ends inside free text: at white space or a quote.
bool ends_url(char c) {
  return std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'' || c == '`' || c == '<' ||
         c == '>';
}

}  // namespace

ConnectionUrl ConnectionUrl::parse(const std::string& url) {
  auto fail = [&](const std::string& why) {
    throw Error("invalid database URL \"" + redact_passwords(url) + "\": " + why);
  };
  auto decode = [&](std::string_view text, const char* what, bool plus_is_space = false) {
    auto decoded = percent_decode(text, plus_is_space);
    if (!decoded) fail(std::string("malformed percent-encoding in the ") + what + std::string(kEncodingHint));
    return *decoded;
  };

  auto separator = url.find("://");
  if (separator == std::string::npos) {
    // Without "://" redact_passwords finds no credentials to hide, so show only what follows them.
    auto at = url.rfind('@');
    std::string shown = at == std::string::npos ? url : "***" + url.substr(at);
    throw Error("invalid database URL \"" + shown +
                "\": expected scheme://user:password@host:port/database, e.g. postgresql://app@db.example.com:5432/app");
  }
  ConnectionUrl result;
  std::string scheme = url.substr(0, separator);
  for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme == "postgresql" || scheme == "postgres") {
    result.provider = Provider::PostgreSQL;
  } else if (scheme == "mysql" || scheme == "mariadb") {
    result.provider = Provider::MySQL;
  } else {
    fail("unsupported scheme \"" + scheme + "\" (driftgate supports postgresql://, postgres:// and mysql://)");
  }

  // As WHATWG URLs (and so Prisma) read it: the authority ends at the first / ? or #, and the
  // user information ends at the authority's last @.
  std::string_view rest(url);
  rest.remove_prefix(separator + 3);
  if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  auto authority_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view path, query;
  if (authority_end != std::string_view::npos) {
    std::string_view tail = rest.substr(authority_end);
    auto question = tail.find('?');
    path = tail.substr(0, question);
    if (question != std::string_view::npos) query = tail.substr(question + 1);
  }

  std::string_view host_port = authority;
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    host_port = authority.substr(at + 1);
    auto colon = userinfo.find(':');
    result.user = decode(userinfo.substr(0, colon), "user name");
    if (colon != std::string_view::npos) result.password = decode(userinfo.substr(colon + 1), "password");
  }

  std::string_view port_text;
  if (!host_port.empty() && host_port.front() == '[') {
    auto close = host_port.find(']');
    if (close == std::string_view::npos) fail("unterminated IPv6 address (expected [address])");
    result.host = std::string(host_port.substr(1, close - 1));
    std::string_view after = host_port.substr(close + 1);
    if (!after.empty() && after.front() != ':') fail("unexpected text after the IPv6 address");
    if (!after.empty()) port_text = after.substr(1);
  } else {
    auto colon = host_port.rfind(':');
    result.host = decode(host_port.substr(0, colon), "host");
    if (colon != std::string_view::npos) port_text = host_port.substr(colon + 1);
  }
  if (!port_text.empty()) {
    int port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535)
      fail("the port is not a number from 1 to 65535" + std::string(kEncodingHint));  // it may be half a password
    result.port = port;
  }

  if (!path.empty()) result.database = decode(path.substr(1), "database name");

  std::optional<std::string> schema;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string key = decode(pair.substr(0, eq), "query parameters", true);
    std::string value = eq == std::string_view::npos ? "" : decode(pair.substr(eq + 1), "query parameters", true);
    if (result.provider == Provider::PostgreSQL && key == "schema") {
      schema = value;
    } else if (result.provider == Provider::PostgreSQL && key == "host") {
      // libpq: a host that is a path names the socket directory, else it replaces the URL's host.
      (value.starts_with('/') ? result.socket : result.host) = value;
    } else if (result.provider == Provider::MySQL && key == "socket") {
      result.socket = value;
    } else {
      result.params[key] = value;
    }
  }
  // libpq also takes the socket directory in the host part, percent-encoded: postgresql://%2Ftmp/db.
  if (result.provider == Provider::PostgreSQL && result.host.starts_with('/')) {
    if (result.socket.empty()) result.socket = result.host;
    result.host.clear();
  }

  if (auto it = result.params.find("connect_timeout"); it != result.params.end()) {
    int seconds = -1;
    const std::string& v = it->second;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
    if (ec != std::errc() || end != v.data() + v.size() || seconds < 0)
      fail("connect_timeout must be a whole number of seconds, not \"" + v + "\"");
  }
  if (auto it = result.params.find("sslmode"); it != result.params.end() && result.provider == Provider::PostgreSQL) {
    static constexpr std::array modes = {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"};
    if (std::find(modes.begin(), modes.end(), it->second) == modes.end())
      fail("sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full, not \"" + it->second + "\"");
  }

  result.schema = result.provider == Provider::PostgreSQL ? schema.value_or("public") : result.database;
  return result;
}

std::string ConnectionUrl::redacted() const {
  std::string out = std::string(to_string(provider)) + "://";
  if (!user.empty() || !password.empty()) {
    out += percent_encode(user);
    if (!password.empty()) out += ":***";
    out += '@';
  }
  out += host.find(':') != std::string::npos ? "[" + host + "]" : percent_encode(host);
  if (port) out += ":" + std::to_string(*port);
  out += "/" + percent_encode(database);

  std::vector<std::pair<std::string, std::string>> query;
  if (provider == Provider::PostgreSQL && schema != "public") query.emplace_back("schema", schema);
  if (!socket.empty()) query.emplace_back(provider == Provider::PostgreSQL ? "host" : "socket", socket);
  for (const auto& [key, value] : params) query.emplace_back(key, is_secret_param(key) ? "***" : value);
  char joiner = '?';
  for (const auto& [key, value] : query) {
    out += joiner + percent_encode(key) + "=" + (value == "***" ? value : percent_encode(value, "/"));
    joiner = '&';
  }
  return out;
}

ConnectionUrl ConnectionUrl::with_database(const std::string& name) const {
  ConnectionUrl copy = *this;
  copy.database = name;
  if (provider == Provider::MySQL) copy.schema = name;
  return copy;
}

namespace {
int default_timeout_seconds = 5;  // Prisma's
}  // namespace

int default_connect_timeout() { return default_timeout_seconds; }
void set_default_connect_timeout(int seconds) { default_timeout_seconds = seconds; }

int ConnectionUrl::connect_timeout() const {
  auto it = params.find("connect_timeout");
  if (it == params.end()) return default_connect_timeout();
  return std::stoi(it->second);  // checked by parse()
}

std::string redact_passwords(const std::string& text) {
  std::string out;
  std::size_t copied = 0;
  for (auto sep = text.find("://"); sep != std::string::npos; sep = text.find("://", sep + 3)) {
    if (sep == 0 || !is_scheme_char(text[sep - 1])) continue;
    std::size_t start = sep + 3, end = start;
    while (end < text.size() && !ends_url(text[end])) ++end;
    // Credentials end at the last @ before the query, or failing that the last @ at all. Looser
    // than the parser (which stops the authority at the first / ? or #), so that an unencoded
    // / ? or # in a password is hidden too; an @ in a query value may hide more than needed.
    std::string_view url(text.data() + start, end - start);
    auto at = url.substr(0, url.find_first_of("?#")).rfind('@');
    if (at == std::string_view::npos) at = url.rfind('@');
    if (at != std::string_view::npos) {
      auto colon = url.substr(0, at).find(':');
      if (colon != std::string_view::npos && colon + 1 < at) {
        out.append(text, copied, start + colon + 1 - copied);
        out += "***";
        copied = start + at;
      }
    }
    // Query parameters such as ?password= or &sslpassword= carry secrets as well.
    for (auto key = url.find("password="); key != std::string_view::npos; key = url.find("password=", key + 1)) {
      // Only as a parameter name or its end ("sslpassword="): after ? or &, with no = in between.
      auto begin = url.find_last_of("?&", key);
      if (begin == std::string_view::npos) continue;
      if (url.substr(begin + 1, key - begin - 1).find('=') != std::string_view::npos) continue;
      std::size_t value = start + key + 9, value_end = value;
      while (value_end < end && text[value_end] != '&' && text[value_end] != '#') ++value_end;
      if (value < copied || value == value_end) continue;
      out.append(text, copied, value - copied);
      out += "***";
      copied = value_end;
    }
  }
  out.append(text, copied, std::string::npos);
  return out;
}

}  // namespace driftgate
