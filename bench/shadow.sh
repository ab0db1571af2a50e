#!/usr/bin/env bash
# Shadow replay figures for the largest PostgreSQL corpus history (issue #3's targets):
#   - embedded shadow: time until the server is ready, replay time, introspection time
#     (driftgate's own --timings, best of BENCH_RUNS runs), from the data directory cache (the
#     usual case) and, once, with the cache off (a machine's first run: initdb)
#   - the whole `diff --from migrations:DIR --to empty` with --shadow-url to an already running
#     server, against a plain psql replay (one session, one transaction per file, as Prisma) of
#     the same files into the same server: the ratio
#   - introspection of a generated 1,000-table schema (bench-introspect)
# Usage: bench/shadow.sh BUILD_DIR HISTORY_DIR
set -euo pipefail
build=$1
history=$2
runs=${BENCH_RUNS:-5}
driftgate="$build/src/driftgate"
# shellcheck source=SCRIPTDIR/pg_server.sh
. "$(dirname "${BASH_SOURCE[0]}")/pg_server.sh"
if why=$(pg_server_missing); then echo "shadow bench: $why; skipped"; exit 0; fi

echo "shadow replay of $history"
best() { sort -n | head -1; }
timings() { "$driftgate" diff --from "migrations:$history" --to empty --quiet --no-cache --timings 2>&1 >/dev/null | grep '^timings:'; }
cold=$(DRIFTGATE_CACHE_DIR= timings | awk '{ print $4 }')
echo "  embedded shadow without the data directory cache (initdb): ready ${cold%.*} ms"
timings >/dev/null  # fills the cache if this is its first use
for _ in $(seq "$runs"); do timings; done | awk '{ gsub(/,/, ""); if (NR == 1 || $4 < s) s = $4; if (NR == 1 || $7 < r) r = $7; if (NR == 1 || $10 < i) i = $10 }
  END { printf "  embedded shadow from the cache (best of %d): ready %.0f ms, replay %.0f ms, introspection %.0f ms\n", NR, s, r, i }'

# A running server, as a team's CI database would be.
trap pg_server_stop EXIT
pg_server_start

now_ms() { date +%s%3N; }
psql_ms=() dg_ms=()
for n in $(seq "$runs"); do
  as_pg psql -h "$pg_dir" -U postgres -qc "CREATE DATABASE psql_$n" >/dev/null
  t0=$(now_ms)
  for f in "$history"/*/migration.sql; do printf 'BEGIN;\n'; cat "$f"; printf '\n;COMMIT;\n'; done |
    psql -h "$pg_dir" -U postgres -q -v ON_ERROR_STOP=1 "psql_$n" >/dev/null 2>&1
  psql_ms+=($(($(now_ms) - t0)))
  t0=$(now_ms)
  "$driftgate" diff --from "migrations:$history" --to empty --quiet --no-cache \
    --shadow-url "$pg_url" >/dev/null
  dg_ms+=($(($(now_ms) - t0)))
done
p=$(printf '%s\n' "${psql_ms[@]}" | best)
d=$(printf '%s\n' "${dg_ms[@]}" | best)
awk -v p="$p" -v d="$d" 'BEGIN { printf "  running server (best of %d): psql replay %d ms, driftgate diff --shadow-url %d ms, ratio %.2f (target < 1.3)\n", '"$runs"', p, d, d / p }'

"$build/bench/bench-introspect" 1000 postgresql | sed 's/^/  /'
