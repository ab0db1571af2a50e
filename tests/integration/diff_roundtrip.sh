#!/usr/bin/env bash
# For every fixtures/diff/<case>/<provider>/{from,to}.sql pair: `diff --script` from FROM to TO,
# applied after FROM, must leave no difference with TO (`diff --exit-code` returns 0), while FROM
# and TO themselves differ (2). PostgreSQL uses the embedded shadow server; MySQL uses --shadow-url
# on a MariaDB server this script starts, so both shadow kinds are exercised. Also: a migration
# that fails to apply gives DG001 at the failing statement, and the --shadow-url server keeps no
# database of driftgate's afterwards.
set -euo pipefail
driftgate=$1
fixtures=$2
provider=$3

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/servers.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-roundtrip-XXXXXX")
trap 'stop_servers; rm -rf "$work"' EXIT

shadow_args=()
if [[ $provider == mysql ]]; then
  start_mariadb "$work/server" || exit $?
  shadow_args=(--shadow-url "$SERVER_URL")
fi

failed=0
fail() { echo "FAIL: $*"; failed=1; }
dg() { "$driftgate" "$@" --provider "$provider" --quiet "${shadow_args[@]}"; }

cases=0
for dir in "$fixtures"/*/"$provider"; do
  name=$(basename "$(dirname "$dir")")
  mkdir -p "$work/$name/from" "$work/$name/to" "$work/$name/applied"
  cp "$dir/from.sql" "$work/$name/from/001_from.sql"
  cp "$dir/to.sql" "$work/$name/to/001_to.sql"
  cp "$dir/from.sql" "$work/$name/applied/001_from.sql"
  rc=0
  dg diff --from "migrations:$work/$name/from" --to "migrations:$work/$name/to" --script --exit-code \
    >"$work/$name/applied/002_script.sql" || rc=$?
  [[ $rc == 2 ]] || { fail "$name: FROM and TO should differ (exit 2), got $rc"; continue; }
  rc=0
  dg diff --from "migrations:$work/$name/applied" --to "migrations:$work/$name/to" --exit-code >"$work/$name/left.txt" || rc=$?
  if [[ $rc != 0 ]]; then
    fail "$name: the script left differences (exit $rc):"
    sed 's/^/    /' "$work/$name/left.txt" "$work/$name/applied/002_script.sql"
  fi
  cases=$((cases + 1))
done
[[ $cases -gt 0 ]] || fail "no fixture pairs found under $fixtures/*/$provider"
echo "$cases fixture pair(s) round-tripped on $provider"

# A failing migration: DG001 at the statement the server rejected, exit 1.
mkdir -p "$work/broken"
printf 'CREATE TABLE a (id INT);\n' >"$work/broken/001_init.sql"
printf -- '-- the table is called "a"\nINSERT INTO a VALUES (1);\nALTER TABLE missing ADD COLUMN x INT;\n' >"$work/broken/002_broken.sql"
rc=0
out=$(dg diff --from empty --to "migrations:$work/broken" --format json) || rc=$?
[[ $rc == 1 ]] || fail "a failing migration should exit 1, got $rc"
where=$(jq -r '.findings[] | select(.rule == "DG001") | "\(.migration) \(.line):\(.column)"' <<<"$out")
[[ $where == "002_broken.sql 3:"* ]] || fail "DG001 should point at 002_broken.sql line 3, got '$where': $out"

# An error the server gives no position for is still placed at its statement.
mkdir -p "$work/unplaced"
printf 'CREATE TABLE a (id INT);\n' >"$work/unplaced/001_init.sql"
printf 'CREATE TABLE b (id INT);\nCREATE TABLE a (id INT);\nCREATE TABLE c (id INT);\n' >"$work/unplaced/002_again.sql"
rc=0
out=$(dg diff --from empty --to "migrations:$work/unplaced" --format json) || rc=$?
where=$(jq -r '.findings[] | select(.rule == "DG001") | "\(.migration) \(.line):\(.column)"' <<<"$out")
[[ $rc == 1 && $where == "002_again.sql 2:1" ]] || fail "DG001 should point at 002_again.sql 2:1 (exit 1), got '$where' (exit $rc): $out"

if [[ $provider == mysql ]]; then
  # The shadow must never be the live database, however the URL is spelled.
  live="$SERVER_URL&connect_timeout=5"
  rc=0
  err=$(dg diff --from "url:$live" --to "migrations:$work/broken" 2>&1) || rc=$?
  [[ $rc == 1 && $err == *"refusing to use"* ]] || fail "a shadow that is the live database must be refused (exit $rc): $err"
  left=$(as_user mysql mariadb --no-defaults -S "$work/server/mysqld.sock" -uroot -N -e "SHOW DATABASES LIKE 'driftgate%'" || true)
  [[ -z $left ]] || fail "shadow databases left on the --shadow-url server: $left"
fi
exit $failed
