#!/usr/bin/env bash
# The replay cache (issue #14), end to end: `diff --from migrations:HISTORY --to schema:DATAMODEL
# --exit-code` on
#   cold        an empty cache (a first CI run: initdb, the whole replay, and keeping the state)
#   no cache    --no-cache (the whole replay, nothing kept)
#   warm        the cache a run of the same history left
#   warm +1     that cache, and the history with one migration added (a pull request)
# beside Prisma 6's `migrate diff --from-migrations --to-schema-datamodel --exit-code` on the
# same inputs, for two histories: the largest PostgreSQL corpus history and its datamodel, and a
# generated 1,000-migration history (bench/gen_history.sh) and an empty datamodel.
# Target: warm +1 under 0.5 s and at least 10x faster than cold.
# Each figure is the best of BENCH_RUNS runs (default 3) with bench-measure; Prisma runs once.
# Usage: bench/replay_cache.sh BUILD_DIR CORPUS_HISTORY|- [SHARED_DIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$1
corpus_history=$2
shared=$(cd "${3:-$here/../../shared}" 2>/dev/null && pwd || echo "${3:-$here/../../shared}")
runs=${BENCH_RUNS:-3}
driftgate="$build/src/driftgate"
measure="$build/bench/bench-measure"
# shellcheck source=SCRIPTDIR/pg_server.sh
. "$here/pg_server.sh"
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-bench-cache.XXXXXX")
trap 'pg_server_stop; rm -rf "$work"' EXIT
prisma=0
if ! why=$(pg_server_missing) && prisma_peer_ready "$work"; then
  pg_server_start
  prisma=1
else
  prisma_note=${prisma_note:-"Prisma skipped: ${why:-}"}
fi

ms_of() { kv best_ms "$1"; }
# bench HISTORY DATAMODEL LABEL: the four driftgate rows and Prisma's.
bench() {
  local history=$1 datamodel=$2 label=$3 cache=$work/cache m count
  count=$(find "$history" -mindepth 2 -name migration.sql | wc -l)
  local diff=("$driftgate" diff --from "migrations:$history" --to "schema:$datamodel" --exit-code --quiet)
  echo "$label: $count migrations, diff --from migrations --to schema --exit-code (best of $runs, wall time)"
  rows=()
  m=$("$measure" -n "$runs" -- sh -c 'rm -rf "$0"; DRIFTGATE_CACHE_DIR="$0" exec "$@"' "$cache" "${diff[@]}")
  local cold; cold=$(ms_of "$m")
  rows+=("driftgate|cold (empty cache)|$cold|$(kv median_ms "$m")|$(kv maxrss_kb "$m")|$(kv exit "$m")")
  DRIFTGATE_CACHE_DIR=$cache measure_row driftgate "no cache (--no-cache)" "${diff[@]}" --no-cache
  DRIFTGATE_CACHE_DIR=$cache measure_row driftgate "warm, unchanged history" "${diff[@]}"
  # The same history and one migration more, in a copy; its cache holds the unchanged history's state.
  local grown=$work/grown
  rm -rf "$grown"
  cp -r "$history" "$grown"
  mkdir "$grown/99991231000000_one_more"
  printf 'CREATE TABLE "OneMore" ("id" TEXT NOT NULL, CONSTRAINT "OneMore_pkey" PRIMARY KEY ("id"));\n' \
    >"$grown/99991231000000_one_more/migration.sql"
  DRIFTGATE_CACHE_DIR=$cache measure_row driftgate "warm, one migration added" \
    "$driftgate" diff --from "migrations:$grown" --to "schema:$datamodel" --exit-code --quiet
  local added; added=$(IFS='|' read -r _ _ best _ <<<"${rows[-1]}"; echo "$best")
  if (( prisma )); then
    prisma_schema_with_url "$datamodel" "$work/prisma.schema.prisma"
    local saved=$runs; runs=1
    PEERS_DIR=$work/peers PG_URL=$pg_url measure_row "prisma $prisma_version" "migrate diff, no cache" \
      "$peers_tools/run-prisma.sh" diff-migrations "$history" "$work/prisma.schema.prisma"
    PEERS_DIR=$work/peers PG_URL=$pg_url measure_row "prisma $prisma_version" "migrate diff, one migration added" \
      "$peers_tools/run-prisma.sh" diff-migrations "$grown" "$work/prisma.schema.prisma"
    runs=$saved
  fi
  print_rows
  DRIFTGATE_CACHE_DIR=$cache "$driftgate" diff --from "migrations:$grown" --to "schema:$datamodel" --timings 2>&1 >/dev/null |
    sed -n 's/^timings: /  phases of warm +1: /p'
  awk -v c="$cold" -v a="$added" 'BEGIN { if (a > 0) printf "  warm +1: %.0f ms, %.1fx faster than cold; target < 500 ms and >= 10x: %s\n",
    a, c / a, (a < 500 && c / a >= 10) ? "met" : "MISSED" }'
  [[ $prisma == 1 || -z $prisma_note ]] || echo "  $prisma_note"
}

if [[ $corpus_history != - ]]; then
  bench "$corpus_history" "$(datamodel_of "$corpus_history")" "corpus ${corpus_history#"$shared/corpus/"}"
fi

# The generated history's datamodel is empty: Prisma's `db pull`, which would read one from the
# deployed history, needs a query engine the offline peers do not have. Both tools still replay all
# of it, introspect, and diff (exit 2).
"$here/gen_history.sh" "$work/generated" 1000 20 >/dev/null
# A generator block, or the Prisma CLI tries to download its query engine.
printf 'generator client {\n  provider = "prisma-client-js"\n}\ndatasource db {\n  provider = "postgresql"\n}\n' >"$work/generated.prisma"
bench "$work/generated" "$work/generated.prisma" "generated (bench/gen_history.sh 1000 x 20)"
