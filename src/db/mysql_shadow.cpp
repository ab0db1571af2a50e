// The MySQL/MariaDB shadow server: mariadb-install-db (MariaDB) or mysqld --initialize-insecure
// (MySQL), then the server on a unix socket in the private directory.
#include <signal.h>

#include "core/error.h"
#include "db/drivers.h"
#include "db/shadow_process.h"
#include "util/process.h"

namespace driftgate {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSocketName = "mysqld.sock";

struct MysqlBinaries {
  fs::path server;
  std::optional<fs::path> install_db;  // MariaDB's; MySQL initialises with the server itself
};

std::optional<fs::path> find_first(std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (auto found = find_executable(name)) return found;
  return std::nullopt;
}

// The server through PATH, then /usr/sbin (not in an ordinary user's PATH on Debian).
std::optional<MysqlBinaries> search_binaries() {
  auto server = find_first({"mariadbd", "mysqld", "/usr/sbin/mariadbd", "/usr/sbin/mysqld"});
  if (!server) return std::nullopt;
  std::error_code ec;
  bool mariadb = fs::canonical(*server, ec).filename() == "mariadbd";
  if (!mariadb) {  // an old MariaDB still called mysqld, or MySQL
    ProcessResult version = run_process({server->string(), "--version"});
    mariadb = version.out.find("MariaDB") != std::string::npos;
  }
  if (!mariadb) return MysqlBinaries{*server, std::nullopt};
  auto install_db = find_first({"mariadb-install-db", "mysql_install_db", "/usr/bin/mariadb-install-db",
                                "/usr/sbin/mariadb-install-db", "/usr/bin/mysql_install_db"});
  if (!install_db) return std::nullopt;
  return MysqlBinaries{*server, install_db};
}

// Searched once per process: installed binaries do not come and go while driftgate runs.
const std::optional<MysqlBinaries>& find_binaries() {
  static const std::optional<MysqlBinaries> found = search_binaries();
  return found;
}

class MysqlShadow final : public ShadowProcess {
 public:
  explicit MysqlShadow(const MysqlBinaries& bin)
      : ShadowProcess(bin.install_db ? "MariaDB" : "MySQL", "mysql", kSocketName) {}

  ConnectionUrl url() const override {
    ConnectionUrl url;
    url.provider = Provider::MySQL;
    url.user = "root";
    url.host = "localhost";
    url.socket = (directory() / kSocketName).string();
    return url;
  }

  void start(const MysqlBinaries& bin) {
    std::string data = (directory() / "data").string();
    std::string tmpdir = "--tmpdir=" + directory().string();
    if (bin.install_db) {
      // root@localhost without a password (not the unix_socket plugin, which would admit only the
      // OS user root); --force skips the host name check that fails in many containers.
      run({bin.install_db->string(), "--no-defaults", "--datadir=" + data, "--auth-root-authentication-method=normal",
           "--skip-test-db", "--force", tmpdir},
          "install.log", std::chrono::seconds(120));
    } else {
      run({bin.server.string(), "--no-defaults", "--initialize-insecure", "--datadir=" + data, tmpdir}, "install.log",
          std::chrono::seconds(120));
    }
    // --no-defaults must come first. A fixed default character set and collation, so that CREATE
    // DATABASE gives the same on every shadow; utf8mb4_unicode_ci is what Prisma's MySQL
    // migrations spell out.
    std::vector<std::string> args = {bin.server.string(), "--no-defaults", "--datadir=" + data,
                                      "--socket=" + url().socket, "--pid-file=" + (directory() / "server.pid").string(),
                                      tmpdir, "--skip-networking", "--skip-log-bin", "--skip-name-resolve",
                                      "--innodb-flush-log-at-trx-commit=0", "--character-set-server=utf8mb4",
                                      "--collation-server=utf8mb4_unicode_ci"};
    // MySQL 8's X plugin would listen on TCP port 33060 (loose: MySQL 5.7 has no such option).
    if (!bin.install_db) args.push_back("--loose-mysqlx=OFF");
    serve(args, "server.log", SIGTERM, [this] { return mysql_accepts_connections(url()); }, std::chrono::seconds(30));
  }
};

}  // namespace

bool mysql_shadow_available() { return find_binaries().has_value(); }

std::unique_ptr<ShadowServer> start_mysql_shadow() {
  const auto& bin = find_binaries();
  if (!bin)
    throw Error(
        "no MySQL or MariaDB server to start a shadow database in: mariadbd or mysqld (with mariadb-install-db for "
        "MariaDB) were not found in PATH or /usr/sbin. Install one (Debian/Ubuntu: apt-get install mariadb-server), "
        "or pass --shadow-url with a server where driftgate may create a database");
  auto server = std::make_unique<MysqlShadow>(*bin);
  server->start(*bin);
  return server;
}

}  // namespace driftgate
