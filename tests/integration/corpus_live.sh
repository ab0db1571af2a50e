#!/usr/bin/env bash
# Each PostgreSQL history of ../shared/corpus deployed to a real server as `prisma migrate deploy`
# does (with its _prisma_migrations ledger), then gated as production would be:
#   - `check --url` exits 0 (lint scoped to nothing with --latest 0: every migration is deployed;
#     hoppscotch exits 2 with exactly its four hand-written indexes, real drift by Prisma's rules);
#   - with the last ledger row deleted, `status` reports that migration pending and `drift` no drift
#     (but DG509: its changes are in the database without a ledger row);
#   - after one hand-made change, `drift` exits 2 with exactly that change, named.
# Skips (exit 77) when the corpus or the server binaries are absent.
set -euo pipefail
driftgate=$(realpath "$1")
corpus=$2/corpus
[[ -d $corpus ]] || { echo "SKIP: $corpus is absent"; exit 77; }
corpus=$(realpath "$corpus")
here=$(cd "$(dirname "$0")" && pwd)
source "$here/servers.sh"
source "$here/ledger.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-corpus-live-XXXXXX")
trap 'stop_servers; rm -rf "$work"' EXIT
start_postgres "$work/srv" || exit $?
socket=$work/srv
failed=0
fail() { echo "FAIL: $*"; failed=1; }
cd "$work"

while read -r project dir datamodel; do
  db=$project
  history=$corpus/$project/$dir
  url="postgresql://postgres@localhost/$db?host=$socket"
  apply_with_ledger postgresql "$socket" "$db" "$history"
  last=$(ls -d "$history"/*/ | tail -n1 | xargs basename)

  rc=0
  "$driftgate" check --url "$url" --migrations "$history" --schema "$corpus/$project/$datamodel" --latest 0 --quiet \
    --format json >"$work/$project-check.json" 2>"$work/$project-check.err" || rc=$?
  rules=$(jq -r '[.findings[] | select(.suppressed | not) | select(.level == "error") | .rule] | join(" ")' "$work/$project-check.json" 2>/dev/null || true)
  if [[ $project == hoppscotch ]]; then
    [[ $rc == 2 && $rules == "DG611 DG611 DG611 DG611" ]] ||
      fail "$project: check should fail on the four hand-written indexes only, got exit $rc: $rules $(cat "$work/$project-check.err")"
  else
    [[ $rc == 0 ]] || fail "$project: check --url exit $rc: $rules $(head -c 3000 "$work/$project-check.json" "$work/$project-check.err")"
  fi

  echo "DELETE FROM _prisma_migrations WHERE migration_name = '$last';" | sql_client postgresql "$socket" "$db"
  rc=0
  "$driftgate" status --url "$url" --migrations "$history" --format json >"$work/$project-status.json" || rc=$?
  pending=$(jq -r '[.migrations[] | select(.state != "applied") | "\(.migration)=\(.state)"] | join(" ")' "$work/$project-status.json")
  [[ $rc == 2 && $pending == "$last=pending" ]] || fail "$project: status should report only $last pending (exit 2), got exit $rc: $pending"
  rc=0
  "$driftgate" drift --url "$url" --migrations "$history" --quiet --format json >"$work/$project-drift.json" || rc=$?
  [[ $rc == 0 ]] || fail "$project: a pending migration is not drift, got exit $rc: $(jq -c '[.findings[].message]' "$work/$project-drift.json")"
  # Its changes are in the database all the same (only the row is gone): applied without its ledger row.
  unrecorded=$(jq -r '[.findings[] | "\(.rule) \(.migration)"] | join(", ")' "$work/$project-drift.json")
  [[ $unrecorded == "DG509 $last" ]] || fail "$project: drift should name $last as applied without its ledger row, got: $unrecorded"
  ledger_row postgresql "$last" "$(sha256sum "$history/$last/migration.sql" | cut -d' ' -f1)" applied | sql_client postgresql "$socket" "$db"

  table=$(echo "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename LIMIT 1;" |
          sql_client postgresql "$socket" "$db" -At)
  echo "ALTER TABLE \"$table\" ADD COLUMN \"driftgate_hand_change\" INTEGER;" | sql_client postgresql "$socket" "$db"
  rc=0
  "$driftgate" drift --url "$url" --migrations "$history" --quiet --format json >"$work/$project-hand.json" || rc=$?
  messages=$(jq -r '[.findings[] | .message] | join(" | ")' "$work/$project-hand.json")
  [[ $rc == 2 && $messages == "drift: column \"$table\".\"driftgate_hand_change\" added" ]] ||
    fail "$project: the hand-made column should be the only drift (exit 2), got exit $rc: $messages"
  echo "$project: check, pending and hand-made drift as expected"
done < <(grep -v '^#' "$here/corpus_projects.txt")
exit $failed
