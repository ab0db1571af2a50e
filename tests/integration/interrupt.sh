#!/usr/bin/env bash
# Ctrl-C in the middle of a replay leaves nothing behind: driftgate gets SIGINT while the shadow
# runs a migration that sleeps for a minute, and must die of SIGINT promptly (the statement is
# cancelled), with no shadow database left on a --shadow-url server, and no temp dir or server
# process left by an embedded shadow.
# Usage: interrupt.sh DRIFTGATE postgresql|mysql
set -euo pipefail
driftgate=$1
provider=$2

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/servers.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-interrupt-XXXXXX")
trap 'stop_servers; rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

mkdir -p "$work/history/001_init" "$work/history/002_slow"
if [[ $provider == postgresql ]]; then
  start_postgres "$work/server" || exit $?
  echo 'CREATE TABLE "a" ("id" INTEGER NOT NULL);' >"$work/history/001_init/migration.sql"
  echo 'SELECT pg_sleep(60);' >"$work/history/002_slow/migration.sql"
  sql() { as_user postgres psql -h "$(dirname "$1")" -U postgres -d postgres -Atqc "$2"; }  # $1: the socket
  sleeping='SELECT count(*) FROM pg_stat_activity WHERE query LIKE $$%pg_sleep(60)%$$ AND pid <> pg_backend_pid()'
  shadow_databases="SELECT datname FROM pg_database WHERE datname LIKE 'driftgate%'"
  server_socket=$work/server/.s.PGSQL.5432
else
  start_mariadb "$work/server" || exit $?
  echo 'CREATE TABLE `a` (`id` INTEGER NOT NULL);' >"$work/history/001_init/migration.sql"
  echo 'SELECT SLEEP(60);' >"$work/history/002_slow/migration.sql"
  sql() { mariadb --no-defaults -uroot -S "$1" -N -e "$2"; }
  sleeping="SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%SLEEP(60)%' AND ID <> CONNECTION_ID()"
  shadow_databases="SHOW DATABASES LIKE 'driftgate%'"
  server_socket=$work/server/mysqld.sock
fi
printf 'provider = "%s"\n' "$provider" >"$work/history/migration_lock.toml"

# interrupt NAME SOCKET_GLOB [driftgate args...]: starts a diff, waits until the shadow behind
# SOCKET_GLOB runs the sleeping migration, sends SIGINT, and checks how driftgate ended.
interrupt() {
  local name=$1 socket_glob=$2 pid rc socket started
  shift 2
  set -m  # a background job with job control keeps SIGINT (without it, bash ignores SIGINT there)
  "$driftgate" diff --from "migrations:$work/history" --to empty --quiet "$@" >"$work/$name.out" 2>&1 &
  pid=$!
  set +m
  for _ in $(seq 600); do
    for socket in $socket_glob; do
      [[ -S $socket && $(sql "$socket" "$sleeping" 2>/dev/null) == 1 ]] && break 2
    done
    sleep 0.05
  done
  [[ $(sql "$socket" "$sleeping" 2>/dev/null) == 1 ]] || { fail "$name: the slow migration never ran"; cat "$work/$name.out"; }
  started=$SECONDS
  kill -INT "$pid"
  rc=0
  wait "$pid" || rc=$?
  [[ $rc == 130 ]] || fail "$name: driftgate should die of SIGINT (status 130), got $rc: $(cat "$work/$name.out")"
  (( SECONDS - started < 20 )) || fail "$name: driftgate took $((SECONDS - started)) s to stop: the statement was not cancelled"
  grep -q "interrupted by SIGINT" "$work/$name.out" || fail "$name: no interruption message: $(cat "$work/$name.out")"
  echo "$name: died of SIGINT after $((SECONDS - started)) s"
}

# --shadow-url: the database driftgate created is dropped.
interrupt shadow-url "$server_socket" --shadow-url "$SERVER_URL"
left=$(sql "$server_socket" "$shadow_databases")
[[ -z $left ]] || fail "shadow-url: databases left on the server: $left"

# Embedded shadow: its temp dir and server are gone.
mkdir -p "$work/tmp"
[[ $(id -u) == 0 ]] && chmod 755 "$work/tmp"
if [[ $provider == postgresql ]]; then glob="$work/tmp/driftgate-shadow-*/.s.PGSQL.5432"
else glob="$work/tmp/driftgate-shadow-*/mysqld.sock"; fi
TMPDIR=$work/tmp interrupt embedded "$glob"
left=$(ls -A "$work/tmp")
[[ -z $left ]] || fail "embedded: left in TMPDIR: $left"
if pgrep -f "$work/tmp" >/dev/null; then fail "embedded: server processes left: $(pgrep -af "$work/tmp")"; fi
exit $failed
