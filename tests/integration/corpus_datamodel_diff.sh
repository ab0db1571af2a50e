#!/usr/bin/env bash
# Each PostgreSQL history of ../shared/corpus against its own datamodel, as a pull-request gate runs
# it: `diff --from migrations: --to schema: --exit-code` must exit 0. hoppscotch is not in sync by
# Prisma's own rules: four hand-written indexes (pg_trgm GIN on titles, GIN on mockExamples) exist
# only in its history, and Prisma's differ would drop them; the test asserts exactly those four.
# Skips (exit 77) when the corpus is absent.
set -euo pipefail
driftgate=$1
corpus=$2/corpus
[[ -d $corpus ]] || { echo "SKIP: $corpus is absent"; exit 77; }
failed=0
fail() { echo "FAIL: $*"; failed=1; }

while read -r project dir datamodel; do
  rc=0
  out=$("$driftgate" diff --from "migrations:$corpus/$project/$dir" --to "schema:$corpus/$project/$datamodel" \
        --exit-code --quiet) || rc=$?
  if [[ $project == hoppscotch ]]; then
    json=$("$driftgate" diff --from "migrations:$corpus/$project/$dir" --to "schema:$corpus/$project/$datamodel" \
           --quiet --format json)
    expected='["TeamCollection.TeamCollection_title_trgm_idx","TeamRequest.TeamRequest_title_trgm_idx","TeamRequest.idx_mock_examples_team_requests_gin","UserRequest.idx_mock_examples_user_requests_gin"]'
    actual=$(jq -c '[.changes[] | select(.kind == "index" and .change == "removed") | .table + "." + .name] | sort' <<<"$json")
    count=$(jq '.changes | length' <<<"$json")
    [[ $rc == 2 && $actual == "$expected" && $count == 4 ]] ||
      fail "$project: expected exit 2 with only the four hand-written indexes, got exit $rc:"$'\n'"$out"
    echo "$project: exit $rc, the four hand-written indexes only (real drift by Prisma's rules)"
  else
    [[ $rc == 0 ]] || fail "$project: exit $rc, remaining differences:"$'\n'"$out"
    echo "$project: exit $rc"
  fi
done < <(grep -v '^#' "$(dirname "${BASH_SOURCE[0]}")/corpus_projects.txt")
exit $failed
