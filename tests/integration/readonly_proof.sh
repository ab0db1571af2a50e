#!/usr/bin/env bash
# driftgate reads a live database and writes nothing: with the minimal-privilege role of README.md
# (its GRANT statements, taken from README.md itself), status, drift and check pass on an in-sync
# database, and afterwards a full dump of the database is identical and the server's write counters
# have not moved. The role really is minimal (it cannot write), and a server that accepts a
# connection and never answers is given up on within --connect-timeout.
# Usage: readonly_proof.sh DRIFTGATE PROJECT_SOURCE_DIR postgresql|mysql
set -euo pipefail
driftgate=$(realpath "$1")
source_dir=$(realpath "$2")
provider=$3
here=$(cd "$(dirname "$0")" && pwd)
source "$here/servers.sh"
source "$here/ledger.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-readonly-XXXXXX")
listener=
trap '[[ -z $listener ]] || kill "$listener" 2>/dev/null; stop_servers; rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL [$provider]: $*"; failed=1; }

rc=0
if [[ $provider == postgresql ]]; then start_postgres "$work/srv" || rc=$?; socket=$work/srv
else start_mariadb "$work/srv" || rc=$?; socket=$work/srv/mysqld.sock; fi
[[ $rc == 0 ]] || exit "$rc"
command -v python3 >/dev/null || { echo "SKIP: no python3 (for the black-hole listener)"; exit 77; }

# The README's statements for this provider: the ```sql block after <!-- readonly-grants:PROVIDER -->.
grants=$(awk -v marker="<!-- readonly-grants:$provider -->" '
  $0 == marker { armed = 1; next }
  armed && /^```sql$/ { inside = 1; next }
  inside && /^```$/ { exit }
  inside { print }' "$source_dir/README.md")
[[ $grants == *GRANT* ]] || { echo "FAIL: no GRANT statements for $provider in README.md"; exit 1; }

# --- A history, deployed with its ledger, with data -----------------------------------------------
# The live fixture history plus views, checks, a trigger (PostgreSQL), a procedure (MySQL) and a
# sequence: objects whose catalogue entries a role might not see.
project=$work/project
mkdir -p "$project"
cp -r "$source_dir/fixtures/live/$provider/migrations" "$project/migrations"
extra=$project/migrations/20240401000000_readonly_objects
mkdir "$extra"
if [[ $provider == postgresql ]]; then cat >"$extra/migration.sql" <<'SQL'
CREATE VIEW "PublishedPost" AS SELECT "id", "title" FROM "Post" WHERE "published";
CREATE TRIGGER "Post_touch" BEFORE UPDATE ON "Post" FOR EACH ROW EXECUTE FUNCTION "touch_updated_at"();
CREATE SEQUENCE "invoice_no";
ALTER TABLE "User" ADD CONSTRAINT "User_email_check" CHECK (position('@' in "email") > 0);
SQL
else cat >"$extra/migration.sql" <<'SQL'
CREATE VIEW `PublishedPost` AS SELECT `id`, `title` FROM `Post` WHERE `published`;
CREATE PROCEDURE `post_count`() SELECT COUNT(*) FROM `Post`;
ALTER TABLE `User` ADD CONSTRAINT `User_email_check` CHECK (`email` LIKE '%@%');
SQL
fi
apply_with_ledger "$provider" "$socket" app "$project/migrations"
sql() { sql_client "$provider" "$socket" app "$@"; }
if [[ $provider == postgresql ]]; then
  sql >/dev/null <<'SQL'
INSERT INTO "User" ("email", "name") SELECT 'user' || i || '@example.com', 'User ' || i FROM generate_series(1, 50) i;
INSERT INTO "Post" ("title", "published", "authorId") SELECT 'Post ' || i, i % 2 = 0, 1 + i % 50 FROM generate_series(1, 200) i;
SELECT nextval('invoice_no');
SQL
  # Only the README's grants: no CONNECT or USAGE from PUBLIC's defaults.
  sql >/dev/null <<'SQL'
REVOKE ALL ON DATABASE app FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
ALTER SYSTEM SET autovacuum = off;
SELECT pg_reload_conf();
SQL
  sql -c 'VACUUM ANALYZE'
  sql <<<"$grants"
  url="postgresql://driftgate_ro:change-me@localhost/app?host=$socket"
  as_role() { PGPASSWORD=change-me psql -X -q -v ON_ERROR_STOP=1 -h "$socket" -U driftgate_ro -d app "$@"; }
  # Without the \restrict lines, whose key pg_dump draws at random on every run.
  dump() { pg_dump -h "$socket" -U postgres app | grep -v '^\\\(un\)\?restrict '; }
  # Rows written to the live database's tables (pg_stat_user_tables; a backend's counts reach it when
  # it exits, hence the sleep), and the WAL insert position (the write position trails it with
  # synchronous_commit off).
  counters() {
    sleep 1.5
    sql -At -c 'SELECT sum(n_tup_ins + n_tup_upd + n_tup_del) FROM pg_stat_user_tables'
  }
  wal() { sql -At -c 'SELECT pg_current_wal_insert_lsn()'; }
else
  sql >/dev/null <<'SQL'
INSERT INTO `User` (`email`, `name`) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
  SELECT CONCAT('user', i, '@example.com'), CONCAT('User ', i) FROM n;
INSERT INTO `Post` (`title`, `published`, `authorId`) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
  SELECT CONCAT('Post ', i), i % 2 = 0, 1 + i % 50 FROM n;
ANALYZE TABLE `User`, `Post`, `_prisma_migrations`;
SQL
  sql <<<"$grants"
  url="mysql://driftgate_ro:change-me@localhost/app?socket=$socket"
  as_role() { mariadb --no-defaults -S "$socket" -u driftgate_ro -pchange-me app "$@"; }
  dump() { mariadb-dump --no-defaults -S "$socket" -u root --skip-dump-date --routines --triggers --events app; }
  # InnoDB row writes and write statements, server-wide. The SHOW itself writes nothing.
  counters() {
    sql -N -e "SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_rows_inserted', 'Innodb_rows_updated',
      'Innodb_rows_deleted', 'Com_insert', 'Com_update', 'Com_delete', 'Com_replace', 'Com_insert_select',
      'Com_update_multi', 'Com_delete_multi', 'Com_create_table', 'Com_alter_table', 'Com_drop_table')" | tr '\t' '=' | tr '\n' ' '
  }
  wal() { sql -N -e "SHOW ENGINE INNODB STATUS" | grep -o 'Log sequence number [0-9]*' || true; }
fi

# --- The role is minimal: it cannot write, even when it asks for a read-write transaction ---------
cannot() {
  local what=$1 statement=$2 out
  if [[ $provider == postgresql ]]; then
    # Two -c: one simple query is one transaction, read-only from its start.
    out=$(as_role -c "SET default_transaction_read_only = off" -c "$statement" 2>&1) && fail "the role could $what: $out"
    [[ $out == *"permission denied"* || $out == *"must be owner"* ]] || fail "$what: not refused for want of privilege: $out"
  else
    out=$(as_role -e "$statement" 2>&1) && fail "the role could $what: $out"
    [[ $out == *denied* ]] || fail "$what: not refused for want of privilege: $out"
  fi
  return 0
}
q() { if [[ $provider == postgresql ]]; then echo "\"$1\""; else echo "\`$1\`"; fi; }
cannot "insert a row" "INSERT INTO $(q User) ($(q email)) VALUES ('intruder@example.com')"
cannot "update the ledger" "UPDATE $(q _prisma_migrations) SET logs = 'x'"
cannot "delete rows" "DELETE FROM $(q Post)"
cannot "create a table" "CREATE TABLE $(q intruder) (id INTEGER)"
cannot "alter a table" "ALTER TABLE $(q Post) ADD COLUMN $(q intruder) INTEGER"
cannot "drop a view" "DROP VIEW $(q PublishedPost)"
if [[ $provider == mysql ]]; then
  cannot "create a trigger" "CREATE TRIGGER $(q intruder) BEFORE INSERT ON $(q Post) FOR EACH ROW SET NEW.title = 'x'"
fi

# --- status, drift and check with the role leave the database exactly as it was ------------------
dump >"$work/before.sql"
[[ -s $work/before.sql ]] || fail "empty dump"
# The server settles after the inserts (InnoDB purges, flushes); an idle server that still writes
# its log after 10 s leaves the log comparison out.
wal_before=$(wal) wal_settled=0
for _ in $(seq 10); do
  sleep 1
  wal_idle=$(wal)
  [[ $wal_idle == "$wal_before" ]] && { wal_settled=1; break; }
  wal_before=$wal_idle
done
counters_before=$(counters)

cd "$project"  # the migrations folder and nothing else: no datamodel is compared
run() {
  local want=$1 got=0
  shift
  "$driftgate" "$@" --url "$url" --migrations migrations >"$work/$1.out" 2>&1 || got=$?
  [[ $got == "$want" ]] || fail "$1: exit $got, expected $want: $(head -c 3000 "$work/$1.out")"
  grep -q change-me "$work/$1.out" && fail "$1: the password is in the output"
  return 0
}
run 0 status
run 0 drift
run 0 check --quiet
cd "$work"

counters_after=$(counters)
wal_after=$(wal)
dump >"$work/after.sql"
diff -u "$work/before.sql" "$work/after.sql" >"$work/dump.diff" || fail "the dump changed: $(head -c 3000 "$work/dump.diff")"
[[ $counters_after == "$counters_before" ]] ||
  fail "write counters moved: before [$counters_before], after [$counters_after]"
if ((wal_settled)); then
  [[ $wal_after == "$wal_before" ]] || fail "the server wrote its log: $wal_before before, $wal_after after"
else
  echo "note: the log position moves on an idle server ($wal_before, then $wal_idle): not compared"
fi

# --- A connection that is accepted and never answered gives up within --connect-timeout -----------
python3 -c '
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
print(s.getsockname()[1], flush=True)
time.sleep(120)' >"$work/port" &
listener=$!
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.05; done
port=$(cat "$work/port")
[[ -n $port ]] || fail "the black-hole listener did not start"
hole="$provider://someone:s3cret@127.0.0.1:$port/app"
redacted="$provider://someone:***@127.0.0.1:$port/app"
black_hole() {
  local name=$1 start elapsed got=0
  shift
  start=$(date +%s%N)
  timeout 30 "$driftgate" "$@" --connect-timeout 1 >"$work/$name.out" 2>&1 || got=$?
  elapsed=$((($(date +%s%N) - start) / 1000000))
  [[ $got == 1 ]] || fail "$name: exit $got, expected 1: $(head -c 2000 "$work/$name.out")"
  ((elapsed < 3500)) || fail "$name: took $elapsed ms to give up with --connect-timeout 1"
  grep -qF "$redacted" "$work/$name.out" || fail "$name: the message does not name $redacted: $(cat "$work/$name.out")"
  grep -q s3cret "$work/$name.out" && fail "$name: the password is in the output"
  echo "$name: gave up after $elapsed ms"
}
black_hole status-black-hole status --url "$hole" --migrations "$project/migrations"
black_hole diff-black-hole diff --from "url:$hole" --to empty

((failed == 0)) && echo "PASS [$provider]: read-only with the README's role, and a silent server given up on in time"
exit "$failed"
