#!/usr/bin/env bash
# A MySQL 8 history on a MariaDB shadow (db/mysql8_emulation.h):
#   - umami's MySQL history, which calls BIN_TO_UUID, replays on the embedded shadow with the function
#     emulated (said on stderr and in the JSON), and `diff --from migrations --to schema` against its
#     own datamodel exits 0; one optional field added to the datamodel is exactly that column (exit 2);
#   - UUID_TO_BIN / BIN_TO_UUID give MySQL's values (swap flag included), checked by a history whose
#     CHECK constraints reject any other value, on the embedded shadow and on a --shadow-url MariaDB,
#     where nothing is left behind;
#   - a history that defines its own BIN_TO_UUID gets no emulation, and keeps its function.
# Skips (exit 77) when the corpus or the MariaDB binaries are absent.
set -euo pipefail
driftgate=$1
corpus=$2/corpus
here=$(cd "$(dirname "$0")" && pwd)
[[ -d $corpus/umami/db/mysql ]] || { echo "SKIP: $corpus/umami/db/mysql is absent"; exit 77; }
command -v mariadbd >/dev/null || [[ -x /usr/sbin/mariadbd ]] || { echo "SKIP: no MariaDB server binaries"; exit 77; }
out=$(mktemp -d)
source "$here/servers.sh"
trap 'stop_servers; rm -rf "$out"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }
umami=$corpus/umami/db/mysql

# 1. umami against its own datamodel.
rc=0
"$driftgate" diff --from "migrations:$umami/migrations" --to "schema:$umami/schema.prisma" --exit-code \
  >"$out/diff.txt" 2>"$out/diff.err" || rc=$?
[[ $rc == 0 ]] || fail "umami mysql vs its datamodel: exit $rc, expected 0: $(cat "$out/diff.txt" "$out/diff.err")"
grep -q "emulated the MySQL 8 function BIN_TO_UUID" "$out/diff.err" || fail "no emulation note on stderr: $(cat "$out/diff.err")"
grep -q "emulated the MySQL 8 function BIN_TO_UUID" "$out/diff.txt" || fail "no emulation note in the text output"

# 2. One optional field more in the datamodel: exactly that column.
sed '/^model User {/,/^}/ s/^\(  displayName String?.*\)$/\1\n  nickname    String?   @db.VarChar(80)/' \
  "$umami/schema.prisma" >"$out/schema.prisma"
grep -q nickname "$out/schema.prisma" || fail "the datamodel edit did not apply"
rc=0
json=$("$driftgate" diff --from "migrations:$umami/migrations" --to "schema:$out/schema.prisma" --exit-code --quiet \
  --format json) || rc=$?
[[ $rc == 2 ]] || fail "umami mysql with a field added: exit $rc, expected 2: $json"
jq -e '.changes == [{kind: "column", change: "added", schema: "", table: "user", name: "nickname", details: []}]
       and any(.notes[]; test("emulated the MySQL 8 function BIN_TO_UUID"))' <<<"$json" >/dev/null ||
  fail "umami mysql with a field added: expected exactly column user.nickname added, and the note: $json"

# 3. MySQL's values. Each INSERT fails its CHECK unless the expression is true.
mkdir -p "$out/uuid/migrations/01_uuid"
printf 'provider = "mysql"\n' >"$out/uuid/migrations/migration_lock.toml"
cat >"$out/uuid/migrations/01_uuid/migration.sql" <<'SQL'
CREATE TABLE `probe` (`ok` TINYINT NOT NULL CHECK (`ok` = 1), `what` VARCHAR(100) NOT NULL);
-- known MySQL 8 values (MySQL reference manual, UUID_TO_BIN)
INSERT INTO `probe` VALUES (HEX(UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db')) <=> '6CCD780CBABA102695645B8C656024DB', 'no swap');
INSERT INTO `probe` VALUES (HEX(UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db', 1)) <=> '1026BABA6CCD780C95645B8C656024DB', 'swap');
INSERT INTO `probe` VALUES (HEX(UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db', 0)) <=> '6CCD780CBABA102695645B8C656024DB', 'swap 0');
INSERT INTO `probe` VALUES (BIN_TO_UUID(UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db', 1), 1) <=> '6ccd780c-baba-1026-9564-5b8c656024db', 'round trip swap');
INSERT INTO `probe` VALUES (BIN_TO_UUID(UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db', 1)) <=> '1026baba-6ccd-780c-9564-5b8c656024db', 'swapped read unswapped');
INSERT INTO `probe` VALUES (BIN_TO_UUID(UUID_TO_BIN('6CCD780C-BABA-1026-9564-5B8C656024DB')) <=> '6ccd780c-baba-1026-9564-5b8c656024db', 'lower case');
INSERT INTO `probe` VALUES (BIN_TO_UUID(UNHEX('6CCD780CBABA102695645B8C656024DB')) <=> '6ccd780c-baba-1026-9564-5b8c656024db', 'bin to uuid');
INSERT INTO `probe` VALUES (HEX(UUID_TO_BIN('6ccd780cbaba102695645b8c656024db')) <=> '6CCD780CBABA102695645B8C656024DB', 'no dashes');
INSERT INTO `probe` VALUES (HEX(UUID_TO_BIN('{6ccd780c-baba-1026-9564-5b8c656024db}')) <=> '6CCD780CBABA102695645B8C656024DB', 'braces');
INSERT INTO `probe` VALUES (UUID_TO_BIN(NULL) IS NULL AND BIN_TO_UUID(NULL) IS NULL AND BIN_TO_UUID(NULL, 1) IS NULL, 'null');
INSERT INTO `probe` VALUES (LENGTH(UUID_TO_BIN(UUID())) = 16 AND LENGTH(BIN_TO_UUID(UUID_TO_BIN(UUID(), 1), 1)) = 36, 'uuid()')
  /* in a comment, not a call: UUID_TO_BIN(x, 1) */;
CREATE TABLE `rows` (`id` BINARY(16) NOT NULL, PRIMARY KEY (`id`));
INSERT INTO `rows` VALUES (UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db', 1));
INSERT INTO `probe` SELECT BIN_TO_UUID(`id`, 1) <=> '6ccd780c-baba-1026-9564-5b8c656024db', 'a column' FROM `rows`;
SQL
check_uuid_history() {  # $1: label, rest: extra options
  local label=$1 rc=0
  shift
  "$driftgate" snapshot --from "migrations:$out/uuid/migrations" -o "$out/uuid.json" "$@" >"$out/uuid.out" 2>&1 || rc=$?
  [[ $rc == 0 ]] || { fail "$label: MySQL's UUID values: exit $rc: $(cat "$out/uuid.out")"; return; }
  grep -q "emulated the MySQL 8 functions UUID_TO_BIN, BIN_TO_UUID" "$out/uuid.out" ||
    fail "$label: no emulation note: $(cat "$out/uuid.out")"
  jq -e '[.namespaces[].routines[]?] == []' "$out/uuid.json" >/dev/null ||
    fail "$label: the emulated functions show in the schema: $(jq -c '[.namespaces[].routines]' "$out/uuid.json")"
}
check_uuid_history "embedded shadow"

# A wrong value is MySQL's error 1411, a DG001.
mkdir -p "$out/bad/migrations/01_bad"
cp "$out/uuid/migrations/migration_lock.toml" "$out/bad/migrations/"
printf "CREATE TABLE \`t\` (\`u\` VARCHAR(36) NOT NULL);\nINSERT INTO \`t\` VALUES (BIN_TO_UUID(UNHEX('00')));\n" \
  >"$out/bad/migrations/01_bad/migration.sql"
rc=0
json=$("$driftgate" diff --from empty --to "migrations:$out/bad/migrations" --provider mysql --quiet --format json) || rc=$?
[[ $rc == 1 ]] || fail "BIN_TO_UUID of one byte: exit $rc, expected 1"
jq -e '.findings[0] | .rule == "DG001" and (.message | test("1411.*bin_to_uuid"))' <<<"$json" >/dev/null ||
  fail "BIN_TO_UUID of one byte: expected DG001 with error 1411: $json"

# MariaDB allows no stored function in a DEFAULT expression, as MySQL 8 does its own: DG001 naming the
# function, with the advice to use a MySQL 8 --shadow-url.
printf "CREATE TABLE \`t\` (\`id\` BINARY(16) NOT NULL DEFAULT (UUID_TO_BIN(UUID(), 1)), PRIMARY KEY (\`id\`));\n" \
  >"$out/bad/migrations/01_bad/migration.sql"
rc=0
json=$("$driftgate" diff --from empty --to "migrations:$out/bad/migrations" --provider mysql --quiet --format json) || rc=$?
[[ $rc == 1 ]] || fail "UUID_TO_BIN in a DEFAULT: exit $rc, expected 1"
jq -e '.findings[0] | .rule == "DG001" and any(.notes[]; test("UUID_TO_BIN is a MySQL 8 function.*DEFAULT.*--shadow-url"))' \
  <<<"$json" >/dev/null || fail "UUID_TO_BIN in a DEFAULT: expected DG001 naming UUID_TO_BIN and --shadow-url: $json"

# 4. A history with its own BIN_TO_UUID: not emulated, its function kept.
mkdir -p "$out/own/migrations/01_own"
cp "$out/uuid/migrations/migration_lock.toml" "$out/own/migrations/"
cat >"$out/own/migrations/01_own/migration.sql" <<'SQL'
CREATE FUNCTION BIN_TO_UUID(b BINARY(16)) RETURNS CHAR(36) DETERMINISTIC RETURN LOWER(HEX(b));
CREATE TABLE `t` (`id` BINARY(16) NOT NULL, PRIMARY KEY (`id`));
CREATE VIEW `v` AS SELECT BIN_TO_UUID(`id`) AS `u` FROM `t`;
SQL
rc=0
"$driftgate" snapshot --from "migrations:$out/own/migrations" -o "$out/own.json" >"$out/own.out" 2>&1 || rc=$?
[[ $rc == 0 ]] || fail "own BIN_TO_UUID: exit $rc: $(cat "$out/own.out")"
! grep -q "emulated" "$out/own.out" || fail "own BIN_TO_UUID: emulated anyway"
jq -e '[.namespaces[].routines[]?.name] == ["BIN_TO_UUID"]' "$out/own.json" >/dev/null ||
  fail "own BIN_TO_UUID: its function is not in the schema: $(jq -c '[.namespaces[].routines]' "$out/own.json")"

# 5. --shadow-url on a MariaDB server: emulated in the database driftgate creates, gone with it.
rc=0
start_mariadb "$out/server" || rc=$?
if [[ $rc == 0 ]]; then
  check_uuid_history "--shadow-url MariaDB" --shadow-url "$SERVER_URL"
  left=$(mariadb --no-defaults -uroot --socket="$out/server/mysqld.sock" -N -e \
    "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA NOT IN ('sys', 'mysql');
     SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'driftgate_shadow%'" | tr '\n' ' ')
  [[ $left == "0 0 " ]] || fail "--shadow-url MariaDB: routines or shadow databases left behind: $left"
elif [[ $rc != 77 ]]; then
  fail "could not start a MariaDB server for --shadow-url"
fi

[[ $failed == 0 ]] && echo "umami mysql: no difference with BIN_TO_UUID emulated, one field edit found; UUID functions as MySQL's"
exit $failed
