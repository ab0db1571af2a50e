#!/usr/bin/env bash
# Every PostgreSQL history of ../shared/corpus replays into the embedded shadow and gives the same
# snapshot without the replay cache, filling it, and resuming from it; so does umami's MySQL history, whose BIN_TO_UUID the MariaDB shadow emulates; another
# MySQL-8-only function is DG001 with the advice to use a MySQL 8 --shadow-url. Skips (exit 77) when
# the corpus is absent.
set -euo pipefail
driftgate=$1
corpus=$2/corpus
[[ -d $corpus ]] || { echo "SKIP: $corpus is absent"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# Run 1 without the replay cache; run 2 fills an empty one; run 3 resumes from the state run 2
# kept, and must say so. All three snapshots are identical.
export DRIFTGATE_CACHE_DIR=$out/cache DRIFTGATE_CACHE_KEEP=always
while read -r project dir; do
  for run in 1 2 3; do
    flags=()
    [[ $run == 1 ]] && flags=(--no-cache)
    "$driftgate" snapshot --from "migrations:$corpus/$project/$dir" "${flags[@]}" -o "$out/$project.$run.json" \
      2>"$out/$project.$run.err" || { fail "$project: replay failed: $(cat "$out/$project.$run.err")"; continue 2; }
  done
  count=$(find "$corpus/$project/$dir" -name migration.sql | wc -l)
  grep -q "($count restored from the replay cache)" "$out/$project.3.err" ||
    fail "$project: the warm run did not resume from the cache: $(cat "$out/$project.3.err")"
  cmp -s "$out/$project.1.json" "$out/$project.2.json" || fail "$project: two replays gave different snapshots"
  cmp -s "$out/$project.1.json" "$out/$project.3.json" || fail "$project: the cached replay differs from the uncached one"
  echo "$project: $(jq '[.namespaces[].tables[]] | length' "$out/$project.1.json") tables, uncached, cold and warm snapshots identical"
done <<'LIST'
documenso packages/prisma/migrations
rallly packages/database/prisma/migrations
papermark prisma/migrations
hoppscotch packages/hoppscotch-backend/prisma/migrations
umami db/postgresql/migrations
LIST

# umami's MySQL history calls MySQL 8's BIN_TO_UUID, which a MariaDB shadow emulates
# (db/mysql8_emulation.h): it replays, says so, and gives the same snapshot twice.
for run in 1 2; do
  "$driftgate" snapshot --from "migrations:$corpus/umami/db/mysql/migrations" -o "$out/umami-mysql.$run.json" \
    2>"$out/umami-mysql.err" || { fail "umami mysql: replay failed: $(cat "$out/umami-mysql.err")"; break; }
done
grep -q "emulated the MySQL 8 function BIN_TO_UUID" "$out/umami-mysql.err" ||
  fail "umami mysql: no note that the shadow emulated BIN_TO_UUID: $(cat "$out/umami-mysql.err")"
cmp -s "$out/umami-mysql.1.json" "$out/umami-mysql.2.json" || fail "umami mysql: two replays gave different snapshots"
[[ -s $out/umami-mysql.1.json ]] &&
  echo "umami mysql: $(jq '[.namespaces[].tables[]] | length' "$out/umami-mysql.1.json") tables, BIN_TO_UUID emulated"

# Any other MySQL-8-only function is still DG001, naming it and suggesting a MySQL 8 --shadow-url.
mkdir -p "$out/is_uuid/01_is_uuid"
printf 'provider = "mysql"\n' >"$out/is_uuid/migration_lock.toml"
printf 'CREATE TABLE `t` (`a` INT NOT NULL);\nSELECT IS_UUID(`a`) FROM `t`;\n' >"$out/is_uuid/01_is_uuid/migration.sql"
rc=0
json=$("$driftgate" diff --from empty --to "migrations:$out/is_uuid" --provider mysql --quiet --format json) || rc=$?
[[ $rc == 1 ]] || fail "IS_UUID on MariaDB should fail to replay (exit 1), got $rc"
jq -e '.findings[0] | .rule == "DG001" and (.migration == "01_is_uuid") and
       any(.notes[]; test("IS_UUID is a MySQL 8 function.*--shadow-url"))' <<<"$json" >/dev/null ||
  fail "IS_UUID: expected DG001 naming IS_UUID and --shadow-url: $json"
exit $failed
