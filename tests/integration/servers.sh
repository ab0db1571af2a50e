# Sourced by integration scripts and bench/pg_server.sh: throwaway PostgreSQL and MariaDB servers in
# a directory the caller owns and removes, on a unix socket only. As root, the servers run as their
# system users. Each start_* sets SERVER_URL (a superuser URL) and registers the server for
# stop_servers, which the caller's EXIT trap must call. Each returns 77 (CTest's skip code) when
# binaries are absent.

server_pids=()
server_stops=()

as_user() { local user=$1; shift; if [[ $(id -u) == 0 ]]; then runuser -u "$user" -- "$@"; else "$@"; fi; }

# As root: DIR belongs to the server's user, and its parent (the caller's mktemp dir) lets it through.
reachable_by() {
  [[ $(id -u) == 0 ]] || return 0
  chown "$1" "$2"
  chmod o+x "$(dirname "$2")"
}

stop_servers() {
  local stop
  for stop in "${server_stops[@]}"; do eval "$stop" >/dev/null 2>&1 || true; done
  server_stops=()
}

# start_postgres DIR: initdb + pg_ctl, socket in DIR.
start_postgres() {
  local dir=$1 bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  [[ -x $bindir/initdb ]] || { echo "SKIP: no PostgreSQL server binaries (apt install postgresql)"; return 77; }
  mkdir -p "$dir"
  reachable_by postgres "$dir"
  as_user postgres "$bindir/initdb" -D "$dir/data" -A trust --no-sync -U postgres >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log"; return 1; }
  server_stops+=("as_user postgres '$bindir/pg_ctl' -D '$dir/data' -m immediate -w stop")
  as_user postgres "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-k $dir -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start \
    >/dev/null || { cat "$dir/server.log"; return 1; }
  SERVER_URL="postgresql://postgres@localhost/postgres?host=$dir"
}

# start_mariadb DIR: mariadb-install-db + mariadbd, socket DIR/mysqld.sock.
start_mariadb() {
  local dir=$1 install_db server pid
  install_db=$(command -v mariadb-install-db || command -v mysql_install_db || true)
  server=$(command -v mariadbd || command -v /usr/sbin/mariadbd || command -v mysqld || true)
  [[ -n $install_db && -n $server ]] || { echo "SKIP: no MariaDB server binaries (apt install mariadb-server)"; return 77; }
  mkdir -p "$dir"
  reachable_by mysql "$dir"
  as_user mysql "$install_db" --no-defaults --datadir="$dir/data" --auth-root-authentication-method=normal \
    --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log"; return 1; }
  as_user mysql "$server" --no-defaults --datadir="$dir/data" --socket="$dir/mysqld.sock" --skip-networking \
    --skip-log-bin --innodb-flush-log-at-trx-commit=0 >"$dir/server.log" 2>&1 &
  pid=$!
  server_stops+=("kill $pid; wait $pid")
  for _ in $(seq 200); do [[ -S $dir/mysqld.sock ]] && break; sleep 0.05; done
  [[ -S $dir/mysqld.sock ]] || { cat "$dir/server.log"; return 1; }
  SERVER_URL="mysql://root@localhost/mysql?socket=$dir/mysqld.sock"
}
