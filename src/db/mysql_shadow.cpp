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
  MysqlShadow(const MysqlBinaries& bin, const ReplayCacheRequest& cache)
      : ShadowProcess(bin.install_db ? "MariaDB" : "MySQL", "mysql", kSocketName, cache) {}

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
    // MariaDB only: no fsync at all (--debug-no-sync, its fsync=off; without it mariadb-install-db
    // takes 5 s here instead of 1.5 s), and no doublewrite buffer, whose creation waits on InnoDB's
    // page cleaner. Nothing here must survive a crash. An 8 MB redo log instead of 96 MB: less to
    // write, and to copy from the DataDirCache.
    std::vector<std::string> no_durability;
    if (bin.install_db) no_durability = {"--debug-no-sync", "--innodb-doublewrite=0", "--innodb-log-file-size=8M"};

    std::vector<std::string> init;
    if (bin.install_db) {
      // root@localhost without a password (not the unix_socket plugin, which would admit only the
      // OS user root); --force skips the host name check that fails in many containers. Options
      // it does not know it passes to the bootstrapping mariadbd.
      init = {bin.install_db->string(), "--no-defaults", "--datadir=" + data, "--auth-root-authentication-method=normal",
              "--skip-test-db", "--force", tmpdir};
    } else {
      init = {bin.server.string(), "--no-defaults", "--initialize-insecure", "--datadir=" + data, tmpdir};
    }
    init.insert(init.end(), no_durability.begin(), no_durability.end());
    initialise(init, bin.server, data, "install.log", std::chrono::seconds(120));

    // --no-defaults must come first. A fixed default character set and collation, so that CREATE
    // DATABASE gives the same on every shadow; utf8mb4_unicode_ci is what Prisma's MySQL
    // migrations spell out.
    std::vector<std::string> args = {bin.server.string(), "--no-defaults", "--datadir=" + data,
                                      "--socket=" + url().socket, "--pid-file=" + (directory() / "server.pid").string(),
                                      tmpdir, "--skip-networking", "--skip-log-bin", "--skip-name-resolve",
                                      "--innodb-flush-log-at-trx-commit=0", "--character-set-server=utf8mb4",
                                      "--collation-server=utf8mb4_unicode_ci"};
    args.insert(args.end(), no_durability.begin(), no_durability.end());
    // MySQL 8's X plugin would listen on TCP port 33060 (loose: MySQL 5.7 has no such option).
    if (!bin.install_db) args.push_back("--loose-mysqlx=OFF");
    // SIGKILL: a graceful shutdown would only flush data about to be deleted. The server is one
    // process, so nothing is orphaned. SIGTERM shuts it down cleanly, for a data directory to be kept.
    serve(args, "server.log", SIGKILL, SIGTERM, [this] { return mysql_accepts_connections(url()); }, std::chrono::seconds(30));
  }
};

}  // namespace

bool mysql_shadow_available() { return find_binaries().has_value(); }

std::unique_ptr<ShadowServer> start_mysql_shadow(const ReplayCacheRequest& cache) {
  const auto& bin = find_binaries();
  if (!bin)
    throw Error(
        "no MySQL or MariaDB server to start a shadow database in: mariadbd or mysqld (with mariadb-install-db for "
        "MariaDB) were not found in PATH or /usr/sbin. Install one (Debian/Ubuntu: apt-get install mariadb-server), "
        "or pass --shadow-url with a server where driftgate may create a database");
  auto server = std::make_unique<MysqlShadow>(*bin, cache);
  server->start(*bin);
  return server;
}

}  // namespace driftgate
