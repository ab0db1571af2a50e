#!/usr/bin/env bash
# Datamodel figures (issue #4's targets):
#   1. parse + translate of every PostgreSQL corpus datamodel, in process (bench-datamodel):
#      target under 20 ms for the largest
#   2. the whole `diff --from migrations:HISTORY --to schema:<its datamodel> --exit-code`, wall
#      time with the embedded shadow and with --shadow-url to an already running server
#   3. Prisma 6's `migrate diff --from-migrations --to-schema-datamodel --exit-code` on the same
#      inputs and the same running server, and the ratio: target driftgate at least 3x faster
# Times in 2 and 3 are the best of BENCH_RUNS runs (default 5) of the whole process (bench-measure).
#
# Usage: bench/datamodel.sh BUILD_DIR HISTORY_DIR [SHARED_DIR]
#   SHARED_DIR holds corpus/ and tools/peers/ (default: ../shared next to the repo).
# Env: BENCH_RUNS (5), BENCH_DATAMODEL_RUNS (in-process runs, 50), PEERS_DIR (where
#      tools/peers/setup.sh installed Prisma; default ${TMPDIR:-/tmp}/sql-peers; installed there
#      when missing), BENCH_PRISMA=0 (skip Prisma).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$1
history=$(cd "$2" && pwd)
shared=$(cd "${3:-$here/../../shared}" 2>/dev/null && pwd || echo "${3:-$here/../../shared}")
runs=${BENCH_RUNS:-5}
driftgate="$build/src/driftgate"
measure="$build/bench/bench-measure"
# shellcheck source=SCRIPTDIR/pg_server.sh
. "$here/pg_server.sh"
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-bench-dm.XXXXXX")
trap 'pg_server_stop; rm -rf "$work"' EXIT

# ---------------------------------------------------------------- 1. parse + translate
datamodels=()
while IFS= read -r lock; do
  grep -Eq '^[[:space:]]*provider[[:space:]]*=[[:space:]]*"postgres(ql)?"' "$lock" || continue
  datamodels+=("$(datamodel_of "$(dirname "$lock")")")
done < <(find "$shared/corpus" -name migration_lock.toml 2>/dev/null | sort)
[[ ${#datamodels[@]} -gt 0 ]] || datamodels=("$(datamodel_of "$history")")

echo "datamodel parse + translate, in process (best and median of ${BENCH_DATAMODEL_RUNS:-50} runs; target < 20 ms for the largest)"
"$build/bench/bench-datamodel" -n "${BENCH_DATAMODEL_RUNS:-50}" "${datamodels[@]}" > "$work/datamodel.tsv"
awk -F'\t' -v corpus="$shared/corpus/" 'BEGIN { OFS = "\t" }
  NR == 1 { print "datamodel", "files", "bytes", "tables", "total best (ms)", "median (ms)", "parse best", "translate best"; next }
  { sub(corpus, "", $1); print $1, $2, $3, $4, $5, $6, $7, $9 }' "$work/datamodel.tsv" |
  table
# The target is on the datamodel with the most bytes.
awk -F'\t' -v corpus="$shared/corpus/" 'NR > 1 && $3 + 0 > bytes { bytes = $3 + 0; name = $1; ms = $5 }
  END { sub(corpus, "", name)
        printf "  largest: %s (%d bytes) %.2f ms: target < 20 ms %s\n", name, bytes, ms, ms < 20 ? "met" : "MISSED" }' \
  "$work/datamodel.tsv"

# ---------------------------------------------------------------- 2. driftgate diff
echo
datamodel=$(datamodel_of "$history")
echo "diff --from migrations:${history#"$shared/corpus/"} --to schema:${datamodel#"$shared/corpus/"} --exit-code"
echo "  (best of $runs runs, wall time including process start; exit 0 = in sync, 2 = differences)"
dg_diff=("$driftgate" diff --from "migrations:$history" --to "schema:$datamodel" --exit-code --quiet --no-cache)
measure_row driftgate "embedded (default)" "${dg_diff[@]}"
if why=$(pg_server_missing); then
  prisma_note="running-server rows skipped: $why"
else
  pg_server_start
  measure_row driftgate "--shadow-url, running server" "${dg_diff[@]}" --shadow-url "$pg_url"

  # ------------------------------------------------------------ 3. Prisma 6, same server
  if prisma_peer_ready "$work"; then
    prisma_schema_with_url "$datamodel" "$work/schema.prisma"
    PEERS_DIR=$work/peers PG_URL=$pg_url measure_row "prisma $prisma_version" "adapter shadow DB, running server" \
      "$peers_tools/run-prisma.sh" diff-migrations "$history" "$work/schema.prisma"
  fi
fi

print_rows

# Ratios of the best times, Prisma over each driftgate row. Prisma always needs a running server,
# so the like-for-like row is --shadow-url; the embedded row also pays for its own server.
prisma_ms=$(printf '%s\n' "${rows[@]}" | awk -F'|' '$1 ~ /^prisma/ && $3 != "-" { print $3 }')
if [[ -n $prisma_ms ]]; then
  printf '%s\n' "${rows[@]}" | awk -F'|' -v p="$prisma_ms" '$1 == "driftgate" && $3 != "-" {
    r = p / $3; printf "  prisma / driftgate (%s): %.1fx (target >= 3x: %s)\n", $2, r, r >= 3 ? "met" : "MISSED" }'
fi
[[ -z $prisma_note ]] || echo "  $prisma_note"
