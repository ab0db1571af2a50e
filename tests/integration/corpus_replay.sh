#!/usr/bin/env bash
# Every PostgreSQL history of ../shared/corpus replays into the embedded shadow and gives the same
# snapshot twice; umami's MySQL history stops on a MariaDB shadow at BIN_TO_UUID, reported as DG001
# with the advice to use a MySQL 8 --shadow-url. Skips (exit 77) when the corpus is absent.
set -euo pipefail
driftgate=$1
corpus=$2/corpus
[[ -d $corpus ]] || { echo "SKIP: $corpus is absent"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

while read -r project dir; do
  for run in 1 2; do
    "$driftgate" snapshot --from "migrations:$corpus/$project/$dir" --quiet -o "$out/$project.$run.json" ||
      { fail "$project: replay failed"; continue 2; }
  done
  cmp -s "$out/$project.1.json" "$out/$project.2.json" || fail "$project: two replays gave different snapshots"
  echo "$project: $(jq '[.namespaces[].tables[]] | length' "$out/$project.1.json") tables, snapshots identical"
done <<'LIST'
documenso packages/prisma/migrations
rallly packages/database/prisma/migrations
papermark prisma/migrations
hoppscotch packages/hoppscotch-backend/prisma/migrations
umami db/postgresql/migrations
LIST

rc=0
json=$("$driftgate" diff --from empty --to "migrations:$corpus/umami/db/mysql/migrations" --provider mysql --quiet --format json) || rc=$?
[[ $rc == 1 ]] || fail "umami mysql on MariaDB should fail to replay (exit 1), got $rc"
jq -e '.findings[0] | .rule == "DG001" and (.migration == "05_add_visit_id") and
       any(.notes[]; test("BIN_TO_UUID is a MySQL 8 function"))' <<<"$json" >/dev/null ||
  fail "umami mysql: expected DG001 at 05_add_visit_id naming BIN_TO_UUID: $json"
exit $failed
