#!/usr/bin/env bash
# status, drift and check against a live database on a real server: every ledger state Prisma
# and driftgate know, every kind of hand-made drift, pending migrations that are not drift, and the
# [[accept]] allowlist. Usage: live_gate.sh DRIFTGATE FIXTURES_LIVE PROVIDER
set -euo pipefail
driftgate=$(realpath "$1")
fixtures=$(realpath "$2")
provider=$3
here=$(cd "$(dirname "$0")" && pwd)
source "$here/servers.sh"
source "$here/ledger.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-live-XXXXXX")
trap 'stop_servers; rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL [$provider]: $*"; failed=1; }

rc=0
if [[ $provider == postgresql ]]; then start_postgres "$work/srv" || rc=$?; socket=$work/srv
else start_mariadb "$work/srv" || rc=$?; socket=$work/srv/mysqld.sock; fi
[[ $rc == 0 ]] || exit "$rc"
url() { if [[ $provider == postgresql ]]; then echo "postgresql://postgres@localhost/$1?host=$socket"
        else echo "mysql://root@localhost/$1?socket=$socket"; fi; }
sql() { sql_client "$provider" "$socket" "$1"; }
q() { if [[ $provider == postgresql ]]; then echo "\"$1\""; else echo "\`$1\`"; fi; }

migrations=$fixtures/$provider/migrations
m1=20240101000000_init m2=20240201000000_add_post m3=20240301000000_add_timestamps
cd "$work"  # no package.json or schema.prisma here: no datamodel is compared

# run NAME EXPECTED_RC COMMAND ARGS...: runs driftgate with JSON output into $work/NAME.json.
run() {
  local name=$1 want=$2 got=0
  shift 2
  "$driftgate" "$@" --migrations "$migrations" --format json >"$work/$name.json" 2>"$work/$name.err" || got=$?
  [[ $got == "$want" ]] || fail "$name: exit $got, expected $want: $(head -c 2000 "$work/$name.json" "$work/$name.err")"
}
states() { jq -r '[.migrations[] | "\(.migration | split("_")[0])=\(.state)"] | join(" ")' "$work/$1.json"; }
rules() { jq -r '[.findings[] | select(.suppressed | not) | .rule] | sort | join(" ")' "$work/$1.json"; }
messages() { jq -r '.findings[] | select(.suppressed | not) | .message' "$work/$1.json"; }
expect_states() { local got; got=$(states "$1"); [[ $got == "$2" ]] || fail "$1: states $got, expected $2"; }
expect_rules() { local got; got=$(rules "$1"); [[ $got == "$2" ]] || fail "$1: findings [$got], expected [$2]"; }

# --- Ledger states -------------------------------------------------------------------------------
apply_with_ledger "$provider" "$socket" synced "$migrations"
run synced 0 status --url "$(url synced)"
expect_states synced "20240101000000=applied 20240201000000=applied 20240301000000=applied"
expect_rules synced ""
run synced-drift 0 drift --url "$(url synced)"
expect_rules synced-drift ""
run synced-check 0 check --url "$(url synced)" --quiet

# Pending: a pre-deploy state, never drift. status fails on it by default, passes at --fail-on error.
apply_with_ledger "$provider" "$socket" pending "$migrations" 2
run pending 2 status --url "$(url pending)"
expect_states pending "20240101000000=applied 20240201000000=applied 20240301000000=pending"
expect_rules pending "DG501"
run pending-error 0 status --url "$(url pending)" --fail-on error
run pending-drift 0 drift --url "$(url pending)"
expect_rules pending-drift ""
run pending-check 0 check --url "$(url pending)" --quiet

# Failed: started, never finished. PostgreSQL rolled the whole file back, so drift is still judged;
# on MySQL the file may be half-applied, so drift cannot be judged.
apply_with_ledger "$provider" "$socket" failed "$migrations" 2
ledger_row "$provider" "$m3" "$(sha256sum "$migrations/$m3/migration.sql" | cut -d' ' -f1)" failed | sql failed
run failed 2 status --url "$(url failed)"
expect_states failed "20240101000000=applied 20240201000000=applied 20240301000000=failed"
expect_rules failed "DG502"
jq -e '.findings[] | select(.rule == "DG502") | .notes | any(test("logs: Database error code"))' "$work/failed.json" >/dev/null ||
  fail "failed: the finding should quote the ledger's logs"
jq -e '.migrations[2].logs | test("42P01")' "$work/failed.json" >/dev/null || fail "failed: JSON should carry the logs"
if [[ $provider == postgresql ]]; then
  run failed-drift 0 drift --url "$(url failed)"
else
  run failed-drift 2 drift --url "$(url failed)"
  expect_rules failed-drift "DG604"
fi

# Rolled back: resolved with --rolled-back, so deploy applies it again.
apply_with_ledger "$provider" "$socket" rolledback "$migrations" 2
ledger_row "$provider" "$m3" "$(sha256sum "$migrations/$m3/migration.sql" | cut -d' ' -f1)" rolled-back | sql rolledback
run rolledback 2 status --url "$(url rolledback)"
expect_states rolledback "20240101000000=applied 20240201000000=applied 20240301000000=rolled-back"
expect_rules rolledback "DG506"

# Modified after it was applied, and changed in line endings only (Prisma accepts that).
apply_with_ledger "$provider" "$socket" modified "$migrations"
echo "UPDATE _prisma_migrations SET checksum = '$(echo edited | sha256sum | cut -d' ' -f1)' WHERE migration_name = '$m1';" | sql modified
run modified 2 status --url "$(url modified)"
expect_states modified "20240101000000=modified 20240201000000=applied 20240301000000=applied"
expect_rules modified "DG503"
crlf=$(sed 's/$/\r/' "$migrations/$m2/migration.sql" | sha256sum | cut -d' ' -f1)
echo "UPDATE _prisma_migrations SET checksum = '$(sha256sum "$migrations/$m1/migration.sql" | cut -d' ' -f1)' WHERE migration_name = '$m1';
      UPDATE _prisma_migrations SET checksum = '$crlf' WHERE migration_name = '$m2';" | sql modified
run line-endings 0 status --url "$(url modified)"
expect_states line-endings "20240101000000=applied 20240201000000=applied 20240301000000=applied"
jq -e '.migrations[1].line_endings_only and ([.findings[] | select(.rule == "DG503" and .level == "notice")] | length == 1)' \
  "$work/line-endings.json" >/dev/null || fail "line-endings: an edit of line endings only should be a DG503 notice"

# Applied in the database but missing from the directory.
apply_with_ledger "$provider" "$socket" missing "$migrations"
ledger_row "$provider" 20240115000000_hotfix "$(echo hotfix | sha256sum | cut -d' ' -f1)" applied | sql missing
run missing 2 status --url "$(url missing)"
expect_states missing "20240101000000=applied 20240201000000=applied 20240301000000=applied 20240115000000=missing-locally"
expect_rules missing "DG504"
run missing-drift 2 drift --url "$(url missing)"
expect_rules missing-drift "DG604"

# Out of order: the second migration arrives after the third was applied.
create_database "$provider" "$socket" outoforder
ledger_ddl "$provider" | sql outoforder
apply_migration "$provider" "$socket" outoforder "$migrations/$m1"
apply_migration "$provider" "$socket" outoforder "$migrations/$m2"
echo "DELETE FROM _prisma_migrations WHERE migration_name = '$m2';" | sql outoforder
apply_migration "$provider" "$socket" outoforder "$migrations/$m3"
run outoforder 2 status --url "$(url outoforder)"
expect_states outoforder "20240101000000=applied 20240201000000=pending 20240301000000=applied"
expect_rules outoforder "DG501 DG505"
jq -e '.migrations[1].out_of_order' "$work/outoforder.json" >/dev/null || fail "outoforder: out_of_order should be true"

# migration_lock.toml names the other provider.
cp -r "$migrations" "$work/other-lock"
other=$([[ $provider == postgresql ]] && echo mysql || echo postgresql)
printf 'provider = "%s"\n' "$other" >"$work/other-lock/migration_lock.toml"
got=0
"$driftgate" status --url "$(url synced)" --migrations "$work/other-lock" --format json >"$work/lock.json" || got=$?
[[ $got == 2 ]] && [[ $(rules lock) == "DG005" ]] || fail "lock: a lock file for $other should be DG005 (exit 2), got $got: $(rules lock)"

# A migration running right now: Prisma's lock is held by another session; status never waits for it.
if [[ $provider == postgresql ]]; then
  sql synced <<<"SELECT pg_advisory_lock(72707369); SELECT pg_sleep(4);" >/dev/null 2>&1 &
else
  sql synced <<<"SELECT GET_LOCK('prisma_migrate', 10); SELECT SLEEP(4);" >/dev/null 2>&1 &
fi
holder=$!
sleep 1
start=$SECONDS
run running 2 status --url "$(url synced)"
((SECONDS - start < 10)) || fail "running: status waited for Prisma's lock"
expect_rules running "DG507"
wait "$holder" || fail "running: the session holding the lock failed"  # the lock is released with it

# No ledger: an empty database is all pending; one with tables needs a baseline, ledger or not.
create_database "$provider" "$socket" fresh
run fresh 2 status --url "$(url fresh)"
expect_states fresh "20240101000000=pending 20240201000000=pending 20240301000000=pending"
expect_rules fresh "DG501 DG501 DG501"
create_database "$provider" "$socket" unmanaged
sql unmanaged <"$migrations/$m1/migration.sql"
run unmanaged 2 status --url "$(url unmanaged)"
expect_rules unmanaged "DG501 DG501 DG501 DG508"
grep -q "migrate resolve --applied $m1" "$work/unmanaged.json" || fail "unmanaged: the baseline command should name $m1"
ledger_ddl "$provider" | sql unmanaged
run empty-ledger 2 status --url "$(url unmanaged)"
expect_rules empty-ledger "DG501 DG501 DG501 DG508"
run unmanaged-drift 2 drift --url "$(url unmanaged)"
expect_rules unmanaged-drift "DG604"

# --- Drift made by hand ----------------------------------------------------------------------------
# drift_case NAME EXPECTED_MESSAGE SQL: a synced database changed by SQL drifts by exactly that.
drift_case() {
  local name=$1 want=$2 change=$3
  apply_with_ledger "$provider" "$socket" "$name" "$migrations"
  sql "$name" <<<"$change"
  run "drift-$name" 2 drift --url "$(url "$name")"
  local got
  got=$(messages "drift-$name")
  [[ $got == "drift: $want" ]] || fail "drift-$name: expected exactly \"drift: $want\", got: $got"
  jq -e '.scripts.revert.sql != "" and .scripts.record.sql != ""' "$work/drift-$name.json" >/dev/null ||
    fail "drift-$name: the report should carry the revert and record scripts"
}
if [[ $provider == postgresql ]]; then
  drift_case column 'column "User"."nickname" added' 'ALTER TABLE "User" ADD COLUMN "nickname" TEXT;'
  drift_case dropindex 'index "Post_authorId_idx" on "Post" removed' 'DROP INDEX "Post_authorId_idx";'
  drift_case default 'column "Post"."published" changed (default: false -> true)' \
    'ALTER TABLE "Post" ALTER COLUMN "published" SET DEFAULT true;'
  drift_case table 'table "Hotfix" added' 'CREATE TABLE "Hotfix" ("id" INTEGER PRIMARY KEY);'
  drift_case enum "enum \"Role\" changed (values: (USER, ADMIN) -> (USER, ADMIN, GUEST))" "ALTER TYPE \"Role\" ADD VALUE 'GUEST';"
  drift_case function 'routine "display_name("User")" changed (definition)' \
    "CREATE OR REPLACE FUNCTION \"display_name\"(u \"User\") RETURNS TEXT LANGUAGE sql STABLE AS \$\$ SELECT coalesce(u.\"name\", 'anonymous') \$\$;"
  drift_case trigger 'trigger "Post_touch" on "Post" added' \
    'CREATE TRIGGER "Post_touch" BEFORE UPDATE ON "Post" FOR EACH ROW EXECUTE FUNCTION "touch_updated_at"();'
else
  drift_case column 'column "User"."nickname" added' 'ALTER TABLE `User` ADD COLUMN `nickname` VARCHAR(191) NULL;'
  drift_case dropindex 'index "User_email_key" on "User" removed' 'DROP INDEX `User_email_key` ON `User`;'
  drift_case default 'column "Post"."published" changed (default: 0 -> 1)' \
    'ALTER TABLE `Post` ALTER COLUMN `published` SET DEFAULT true;'
  drift_case table 'table "Hotfix" added' 'CREATE TABLE `Hotfix` (`id` INTEGER PRIMARY KEY);'
  drift_case enum "column \"User\".\"role\" changed (type: enum('USER','ADMIN') -> enum('USER','ADMIN','GUEST'))" \
    "ALTER TABLE \`User\` MODIFY \`role\` ENUM('USER', 'ADMIN', 'GUEST') NOT NULL DEFAULT 'USER';"
  drift_case function 'routine "display_name(varchar(191), varchar(191))" changed (definition)' \
    "DROP FUNCTION \`display_name\`; CREATE FUNCTION \`display_name\`(n VARCHAR(191), e VARCHAR(191)) RETURNS VARCHAR(191) DETERMINISTIC RETURN COALESCE(n, e, 'anonymous');"
  drift_case trigger 'trigger "Post_touch" on "Post" added' \
    'CREATE TRIGGER `Post_touch` BEFORE UPDATE ON `Post` FOR EACH ROW SET NEW.`updatedAt` = NOW(3);'
fi

# The two scripts do what they say: the revert script brings the database back (no drift), and the
# recorded migration, added to the history, makes the drift part of it.
"$driftgate" drift --url "$(url column)" --migrations "$migrations" --revert-script "$work/revert.sql" \
  --format json >/dev/null || true
sql column <"$work/revert.sql"
run reverted 0 drift --url "$(url column)"
cp -r "$migrations" "$work/recorded"
apply_with_ledger "$provider" "$socket" recorded "$migrations"
sql recorded <<<"ALTER TABLE $(q User) ADD COLUMN $(q nickname) $([[ $provider == postgresql ]] && echo TEXT || echo 'VARCHAR(191) NULL');"
got=0
"$driftgate" drift --url "$(url recorded)" --migrations "$work/recorded" --record-migration record_nickname \
  --format json >"$work/record.json" || got=$?
[[ $got == 2 ]] || fail "record: drift should exit 2, got $got"
folder=$(ls -d "$work"/recorded/*_record_nickname 2>/dev/null | head -n1)
[[ -n $folder && -f $folder/migration.sql ]] || fail "record: no migration folder written"
if [[ -n $folder ]]; then
  grep -q nickname "$folder/migration.sql" || fail "record: the migration should add nickname"
  ledger_row "$provider" "$(basename "$folder")" "$(sha256sum "$folder/migration.sql" | cut -d' ' -f1)" applied | sql recorded
  got=0
  "$driftgate" drift --url "$(url recorded)" --migrations "$work/recorded" --format json >"$work/recorded.json" || got=$?
  [[ $got == 0 ]] || fail "record: with the recorded migration marked applied there is no drift, got exit $got"
fi

# --- The allowlist ---------------------------------------------------------------------------------
apply_with_ledger "$provider" "$socket" accepted "$migrations"
sql accepted <<<"CREATE INDEX $(q User_name_idx) ON $(q User)($(q name));"
cat >"$work/driftgate.toml" <<'TOML'
[[accept]]
kind = "index"
name = "User_name_idx"
reason = "created by hand for the support console's search"

[[accept]]
kind = "table"
name = "Gone*"
reason = "an old experiment"
TOML
run accepted 0 drift --url "$(url accepted)"
jq -e '[.findings[] | select(.rule == "DG601" and .suppressed and .suppression_reason == "created by hand for the support console'"'"'s search")] | length == 1' \
  "$work/accepted.json" >/dev/null || fail "accepted: the accepted index should be a suppressed DG601 with its reason"
expect_rules accepted "DG603"
run accepted-strict 2 drift --url "$(url accepted)" --fail-on warning
printf '[[accept]]\nkind = "index"\nname = "User_name_idx"\n' >"$work/driftgate.toml"
got=0
"$driftgate" drift --url "$(url accepted)" --migrations "$migrations" >"$work/noreason.out" 2>&1 || got=$?
[[ $got == 1 ]] && grep -q 'driftgate.toml:1:1: an \[\[accept\]\] entry needs a reason' "$work/noreason.out" ||
  fail "noreason: an entry without a reason should be a located error (exit 1), got $got: $(cat "$work/noreason.out")"
rm "$work/driftgate.toml"
printf '[[accept]]\nkind = "index"\ntable = "User"\nreason = "any index on User is fine"\n' >"$work/allow.toml"
run accept-file 0 drift --url "$(url accepted)" --accept "$work/allow.toml"
expect_rules accept-file ""

exit $failed
