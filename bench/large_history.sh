#!/usr/bin/env bash
# A generated history of 20,000 statements (1,000 migrations x 20, bench/gen_history.sh): lint,
# the whole `diff --from migrations --to empty` (replay on the embedded shadow, introspection and
# diff), with wall time and peak memory of each (best of BENCH_RUNS runs, bench-measure).
# Target: diff's peak memory under 100 MB.
# Usage: bench/large_history.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$1
runs=${BENCH_RUNS:-3}
driftgate="$build/src/driftgate"
measure="$build/bench/bench-measure"
work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-bench-large.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$here/gen_history.sh" "$work/history" 1000 20
bytes=$(cat "$work"/history/*/migration.sql | wc -c)
echo "generated history: 1000 migrations x 20 = 20000 statements, $((bytes / 1024)) KiB"
kv() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }
row() {  # row LABEL COMMAND...
  local label=$1 m; shift
  m=$("$measure" -n "$runs" -- "$@") || { echo "  $label: could not be measured"; return; }
  awk -v l="$label" -v ms="$(kv best_ms "$m")" -v kb="$(kv maxrss_kb "$m")" -v rc="$(kv exit "$m")" \
    'BEGIN { printf "  %-52s %8.0f ms  %7.1f MiB peak  exit %s\n", l, ms, kb / 1024, rc }'
}
row "lint" "$driftgate" lint --migrations "$work/history" --root "$work/history" --format json
row "diff --from migrations --to empty (replay, introspect)" "$driftgate" diff --from "migrations:$work/history" --to empty --quiet --no-cache
m=$("$measure" -n 1 -- "$driftgate" diff --from "migrations:$work/history" --to empty --quiet --no-cache) || m=""
kb=$(kv maxrss_kb "$m")
[[ -z $kb ]] || awk -v kb="$kb" 'BEGIN { mb = kb * 1024 / 1e6; printf "  diff peak %.0f MB: target < 100 MB %s\n", mb, mb < 100 ? "met" : "MISSED" }'
"$driftgate" diff --from "migrations:$work/history" --to empty --quiet --no-cache --timings 2>&1 >/dev/null | sed -n 's/^timings: /  phases: /p'
