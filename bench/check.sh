#!/usr/bin/env bash
# `check` against a live database (issue #11): HISTORY deployed, with its _prisma_migrations
# ledger, to an already running PostgreSQL server standing for production; then
#   1. `check --url` (lint scoped to nothing, the whole replay, the datamodel, status and drift),
#      best of BENCH_RUNS runs with the embedded shadow and with --shadow-url to the same server,
#      and the share of each phase (one --timings run);
#   2. Prisma 6 on the same server: the live database against the migrations
#      (run-prisma.sh drift-live-migrations: `db pull`, then `migrate diff --to-migrations`, since
#      Prisma refuses --from-url with the driver adapter its offline engine needs).
# Usage: bench/check.sh BUILD_DIR HISTORY_DIR [SHARED_DIR]
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
# shellcheck source=SCRIPTDIR/../tests/integration/ledger.sh
. "$here/../tests/integration/ledger.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-bench-check.XXXXXX")
trap 'pg_server_stop; rm -rf "$work"' EXIT
if why=$(pg_server_missing); then echo "check against a live database: skipped, $why"; exit 0; fi
pg_server_start
apply_with_ledger postgresql "$pg_dir" live "$history" >/dev/null 2>&1
live_url="postgresql://postgres@localhost/live?host=$pg_dir"
datamodel=$(datamodel_of "$history")
count=$(find "$history" -mindepth 2 -name migration.sql | wc -l)

echo "check --url on ${history#"$shared/corpus/"} ($count migrations, deployed with a ledger), datamodel ${datamodel#"$shared/corpus/"}"
echo "  (best of $runs runs, wall time including process start; exit 0 = clean)"
# --no-cache: the whole replay every run (bench/replay_cache.sh measures the cache).
dg_check=("$driftgate" check --url "$live_url" --migrations "$history" --schema "$datamodel" --latest 0 --quiet --no-cache)
measure_row driftgate "embedded (default)" "${dg_check[@]}"
measure_row driftgate "--shadow-url, running server" "${dg_check[@]}" --shadow-url "$pg_url"
if prisma_peer_ready "$work"; then
  prisma_schema_with_url "$datamodel" "$work/schema.prisma"
  PEERS_DIR=$work/peers PG_URL=$pg_url measure_row "prisma $prisma_version (live vs migrations)" \
    "adapter shadow DB, running server" \
    "$peers_tools/run-prisma.sh" drift-live-migrations "$history" "$work/schema.prisma" "$live_url"
fi
print_rows
[[ -z $prisma_note ]] || echo "  $prisma_note"

# The phases of one embedded run, each as a share of their sum.
"${dg_check[@]}" --timings 2>&1 >/dev/null | sed -n 's/^timings: //p' | tr ',' '\n' |
  sed -E 's/^ *(.*) ([0-9]+) ms$/\1\t\2/' |
  awk -F'\t' '{ name[NR] = $1; ms[NR] = $2; total += $2 }
    END { printf "  phases of one run (%d ms):", total
          for (i = 1; i <= NR; i++) printf "%s %s %d ms (%.0f%%)", (i > 1 ? "," : ""), name[i], ms[i], (total ? 100 * ms[i] / total : 0)
          print "" }'
