#!/usr/bin/env bash
# Honest failures of the shadow replay (PostgreSQL and MariaDB):
#   - a migration that sleeps beyond a short --statement-timeout is a DG001 at its statement, in
#     about the timeout (not twice: the file is not run again to place it);
#   - killing the embedded shadow server mid-replay is exit 1 naming the migration and the
#     statement in flight, and leaves no process, directory or shared memory behind.
# Usage: replay_failures.sh DRIFTGATE postgresql|mysql
set -euo pipefail
driftgate=$(realpath "$1")
provider=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/servers.sh"  # for the skip checks only
if [[ $provider == postgresql ]]; then
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || { echo "SKIP: no PostgreSQL server binaries"; exit 77; }
  sleep_sql() { echo "SELECT pg_sleep($1);"; }
  table_sql='CREATE TABLE "a" ("id" INTEGER NOT NULL);'
  server_name=postgres
else
  command -v mariadbd >/dev/null || [[ -x /usr/sbin/mariadbd ]] || { echo "SKIP: no MariaDB server binaries"; exit 77; }
  sleep_sql() { echo "SELECT SLEEP($1);"; }
  table_sql='CREATE TABLE `a` (`id` INTEGER NOT NULL);'
  server_name=mariadbd
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-replay-failures-XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL [$provider]: $*"; failed=1; }
mkdir -p "$work/tmp" "$work/history/001_init" "$work/history/002_slow"
[[ $(id -u) == 0 ]] && chmod 755 "$work" "$work/tmp"
printf 'provider = "%s"\n' "$provider" >"$work/history/migration_lock.toml"
echo "$table_sql" >"$work/history/001_init/migration.sql"
{ echo "-- a data fix that runs away"; echo "$table_sql" | sed 's/"a"/"b"/; s/`a`/`b`/'; sleep_sql 30; } \
  >"$work/history/002_slow/migration.sql"

# 1. The statement timeout: DG001 at line 3 of 002_slow, in about 2 s, exit 1.
start=$SECONDS
rc=0
TMPDIR=$work/tmp "$driftgate" diff --from "migrations:$work/history" --to empty --quiet --statement-timeout 2 \
  --format json >"$work/timeout.json" 2>"$work/timeout.err" || rc=$?
took=$((SECONDS - start))
where=$(jq -r '[.findings[] | select(.rule == "DG001") | "\(.migration):\(.line)"] | join(" ")' "$work/timeout.json" 2>/dev/null || true)
[[ $rc == 1 && $where == "002_slow:3" ]] ||
  fail "timeout: expected exit 1 with DG001 at 002_slow:3, got $rc: $where $(cat "$work/timeout.err") $(head -c 500 "$work/timeout.json")"
((took < 15)) || fail "timeout: took $took s for a 2 s timeout (the shadow start included)"

# 2. The shadow server killed while the slow migration runs.
TMPDIR=$work/tmp "$driftgate" diff --from "migrations:$work/history" --to empty --quiet --statement-timeout 0 \
  >"$work/kill.out" 2>&1 &
pid=$!
server=""
for _ in $(seq 400); do
  server=$(pgrep -P "$pid" -x "$server_name" || true)
  [[ -n $server ]] && grep -qs "" /proc/"$server"/status && break
  sleep 0.05
done
sleep 1.5  # the first migration applied and the second sleeping
# The System V segment PostgreSQL names in postmaster.pid (its dynamic shared memory is mmap'ed
# files in the data directory, which goes with the directory).
shmid=$(sed -n 7p "$work"/tmp/driftgate-shadow-*/data/postmaster.pid 2>/dev/null | awk '{ print $2 }' || true)
[[ -n $server ]] && kill -KILL "$server"
rc=0
wait "$pid" || rc=$?
out=$(cat "$work/kill.out")
# PostgreSQL runs the file as one script: the migration is named, and the script. MySQL runs it
# statement by statement: the one in flight is named.
if [[ $provider == postgresql ]]; then expected="while replaying migration 002_slow, sent whole as one script of 2 statement(s),"
else expected="while replaying migration 002_slow, statement 2 of 2"; fi
[[ $rc == 1 && $out == *"$expected"* && $out == *"002_slow/migration.sql"* ]] ||
  fail "killed server: expected exit 1 naming 002_slow and its statement, got $rc: $out"
sleep 0.5
left=$(ls -A "$work/tmp")
[[ -z $left ]] || fail "killed server: left in TMPDIR: $left"
if pgrep -f "$work/tmp" >/dev/null; then fail "killed server: processes left: $(pgrep -af "$work/tmp")"; fi
if [[ $provider == postgresql ]]; then
  [[ -n $shmid ]] || fail "killed server: could not read the shadow's shared memory id"
  # Marked for removal, it goes when the dead server's last backend has exited.
  segment_left() { ipcs -m | awk -v id="$shmid" '$2 == id { found = 1 } END { exit !found }'; }  # ipcs -i exits 0 either way
  for _ in $(seq 50); do segment_left || break; sleep 0.1; done
  if [[ -n $shmid ]] && segment_left; then fail "killed server: its shared memory segment $shmid is left"; fi
fi
exit $failed
