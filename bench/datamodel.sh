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

# The datamodel beside a history, where Prisma's defaults would find it: a prisma/schema folder,
# else the prisma folder itself when it holds more than schema.prisma, else schema.prisma.
datamodel_of() {
  local p; p=$(dirname "$1")
  if [[ -d $p/schema ]]; then echo "$p/schema"
  elif find "$p" -mindepth 2 -name '*.prisma' -not -path "$1/*" | grep -q .; then echo "$p"
  else echo "$p/schema.prisma"
  fi
}

# Tab-separated rows laid out as aligned columns joined by " | ", indented. (column(1) is in
# Debian's optional bsdextrautils package, so it is not relied on.)
table() {
  awk -F'\t' '{ for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) }
                 if (NF > nf) nf = NF }
    END { for (r = 1; r <= NR; r++) {
            line = "  "
            for (i = 1; i <= nf; i++) line = line (i > 1 ? " | " : "") sprintf("%-" w[i] "s", cell[r, i])
            sub(/ +$/, "", line); print line } }'
}

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
rows=()   # tool|shadow|best_ms|median_ms|peak_kb|exit
kv() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }   # kv KEY "k=v k=v ..." (bench-measure's line)
measure_row() {  # measure_row TOOL SHADOW COMMAND...
  local tool=$1 shadow=$2 m; shift 2
  if m=$("$measure" -n "$runs" -o "$work/out.txt" -- "$@"); then
    rows+=("$tool|$shadow|$(kv best_ms "$m")|$(kv median_ms "$m")|$(kv maxrss_kb "$m")|$(kv exit "$m")")
  else
    rows+=("$tool|$shadow|-|-|-|-")
  fi
}
dg_diff=("$driftgate" diff --from "migrations:$history" --to "schema:$datamodel" --exit-code --quiet)
measure_row driftgate "embedded (default)" "${dg_diff[@]}"
prisma_note=""
if why=$(pg_server_missing); then
  prisma_note="running-server rows skipped: $why"
else
  pg_server_start
  measure_row driftgate "--shadow-url, running server" "${dg_diff[@]}" --shadow-url "$pg_url"

  # ------------------------------------------------------------ 3. Prisma 6, same server
  peers_tools="$shared/tools/peers"
  peers=${PEERS_DIR:-${TMPDIR:-/tmp}/sql-peers}
  if [[ ${BENCH_PRISMA:-1} == 0 ]]; then
    prisma_note="Prisma skipped (BENCH_PRISMA=0)"
  elif [[ ! -x $peers_tools/run-prisma.sh ]]; then
    prisma_note="Prisma skipped: $peers_tools/run-prisma.sh not found"
  elif ! command -v node >/dev/null; then
    prisma_note="Prisma skipped: node not found"
  else
    if [[ ! -d $peers/npm/prisma/node_modules/prisma ]]; then
      echo "  installing the peers into $peers (tools/peers/setup.sh install) ..."
      # No apt: only the npm peers are needed here.
      PEERS_DIR=$peers WITH_APT=0 "$peers_tools/setup.sh" install >"$work/setup.log" 2>&1 || true
    fi
    if [[ ! -d $peers/npm/prisma/node_modules/prisma ]]; then
      prisma_note="Prisma skipped: the peer could not be installed ($(tail -n1 "$work/setup.log" 2>/dev/null))"
    else
      # run-prisma.sh takes one schema file whose datasource has a url (Prisma 6 needs one even
      # with a driver adapter): join a folder's files and add url = env("DATABASE_URL").
      if [[ -d $datamodel ]]; then
        find "$datamodel" -name '*.prisma' -not -path '*/migrations/*' | LC_ALL=C sort | xargs cat
      else cat "$datamodel"; fi | awk '
        /^[[:space:]]*datasource[[:space:]]+[A-Za-z0-9_]+[[:space:]]*\{/ { ds = 1; url = 0 }
        ds && /^[[:space:]]*url[[:space:]]*=/ { url = 1 }
        ds && /^[[:space:]]*\}/ { if (!url) print "  url = env(\"DATABASE_URL\")"; ds = 0 }
        { print }' > "$work/schema.prisma"
      # The peers' lib.sh sources $PEERS_DIR/env.sh, whose PG_URL (the peers' own server) would
      # win over ours: give run-prisma.sh a PEERS_DIR with the installed npm dir and no env.sh.
      mkdir -p "$work/peers"
      ln -s "$peers/npm" "$work/peers/npm"
      version=$(node -p 'require(process.argv[1]).version' "$peers/npm/prisma/node_modules/prisma/package.json")
      PEERS_DIR=$work/peers PG_URL=$pg_url measure_row "prisma $version" "adapter shadow DB, running server" \
        "$peers_tools/run-prisma.sh" diff-migrations "$history" "$work/schema.prisma"
    fi
  fi
fi

{
  printf 'tool\tshadow\tbest (ms)\tmedian (ms)\tpeak MiB\texit\n'
  for r in "${rows[@]}"; do
    IFS='|' read -r tool shadow best median kb rc <<<"$r"
    awk -v t="$tool" -v s="$shadow" -v b="$best" -v m="$median" -v kb="$kb" -v rc="$rc" 'BEGIN {
      if (b == "-") { printf "%s\t%s\t-\t-\t-\t%s\n", t, s, rc; exit }
      printf "%s\t%s\t%.0f\t%.0f\t%.1f\t%s\n", t, s, b, m, kb / 1024, rc }'
  done
} | table

# Ratios of the best times, Prisma over each driftgate row. Prisma always needs a running server,
# so the like-for-like row is --shadow-url; the embedded row also pays for its own server.
prisma_ms=$(printf '%s\n' "${rows[@]}" | awk -F'|' '$1 ~ /^prisma/ && $3 != "-" { print $3 }')
if [[ -n $prisma_ms ]]; then
  printf '%s\n' "${rows[@]}" | awk -F'|' -v p="$prisma_ms" '$1 == "driftgate" && $3 != "-" {
    r = p / $3; printf "  prisma / driftgate (%s): %.1fx (target >= 3x: %s)\n", $2, r, r >= 3 ? "met" : "MISSED" }'
fi
[[ -z $prisma_note ]] || echo "  $prisma_note"
