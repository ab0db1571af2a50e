#!/usr/bin/env bash
# Lint throughput and peak memory of driftgate and squawk, side by side.
#
# Usage: bench/run.sh [BUILD_DIR=build]        (normally via `make bench BUILD=...`)
#
# Inputs:
#   corpus     the PostgreSQL history in ../shared/corpus with the most bytes of SQL
#              (skipped with a message when ../shared/corpus is absent)
#   generated  bench/gen_history.sh: 200 migrations x 50 statements, deterministic
# Each tool lints the whole history in one invocation: driftgate gets the directory
# (`lint --migrations DIR --root DIR --format json`; --root only spares the `git rev-parse`
# that looks for the report root), squawk gets every migration.sql (`--reporter json`).
# Times are the best of BENCH_RUNS runs (default 5) of each tool, run in turns so that both see
# the same load, wall clock including process start; peak MiB is the largest ru_maxrss over those
# runs (bench-measure). statements is driftgate's summary.statements; MiB = 2^20 bytes.
#
# Env: BENCH_RUNS (5), SQUAWK (path of a squawk binary to use as is),
#      SQUAWK_VERSION (2.66.0, the version ../shared/tools/peers verified offline),
#      SQUAWK_ARGS (extra squawk flags, e.g. --assume-in-transaction), PEERS_DIR (a
#      ../shared/tools/peers/setup.sh install dir whose squawk is reused if present),
#      BENCH_SHARED (the shared dir, default ../shared next to the repo).
# Writes each run's JSON reports and results.tsv to BUILD_DIR/bench-results/.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-build}
[ -d "$build" ] || build="$root/$build"
[ -d "$build" ] || { echo "bench: build dir ${1:-build} not found" >&2; exit 1; }
build=$(cd "$build" && pwd)
runs=${BENCH_RUNS:-5}

driftgate="$build/src/driftgate"
measure="$build/bench/bench-measure"
for f in "$driftgate" "$measure"; do
  [ -x "$f" ] || { echo "bench: $f missing; build the bench-tools target first" >&2; exit 1; }
done

results="$build/bench-results"
mkdir -p "$results"
work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# ---------------------------------------------------------------- JSON helpers (jq, else node)
json() {  # json FILE JQ_EXPR NODE_EXPR(d = parsed document)
  if command -v jq >/dev/null; then
    jq -r "$2" "$1"
  elif command -v node >/dev/null; then
    node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
             console.log(eval(process.argv[2]))' "$1" "$3"
  else
    echo "?"
  fi
}

# ---------------------------------------------------------------- squawk
squawk_version=${SQUAWK_VERSION:-2.66.0}
squawk_bin=""
squawk_note=""
squawk_in() {  # first squawk binary under an npm dir: the platform package's, else the JS shim
  local b
  for b in "$1"/node_modules/@squawk-cli/*/bin/squawk "$1/node_modules/.bin/squawk"; do
    [ -x "$b" ] && { printf '%s\n' "$b"; return 0; }
  done
  return 1
}
installed_version() {  # version of squawk-cli in an npm dir
  local p="$1/node_modules/squawk-cli/package.json"
  [ -f "$p" ] && sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$p" | head -n1
}
find_squawk() {
  local d b peers=${PEERS_DIR:-${TMPDIR:-/tmp}/sql-peers}
  if [ -n "${SQUAWK:-}" ]; then
    [ -x "$SQUAWK" ] && { squawk_bin=$SQUAWK; return; }
    squawk_note="SQUAWK=$SQUAWK is not executable"; return
  fi
  for d in "$build/bench-tools" "$peers/npm/squawk"; do
    if b=$(squawk_in "$d") && [ "$(installed_version "$d")" = "$squawk_version" ]; then
      squawk_bin=$b; return
    fi
  done
  if ! command -v npm >/dev/null; then squawk_note="npm not found"; return; fi
  d="$build/bench-tools"
  mkdir -p "$d"
  [ -f "$d/package.json" ] || echo '{"name":"driftgate-bench-tools","private":true}' > "$d/package.json"
  echo "installing squawk-cli@$squawk_version into $d ..." >&2
  # --ignore-scripts as in ../shared/tools/peers/setup.sh: the binary comes in the optional
  # platform package (@squawk-cli/linux-x64), no install script needs to run.
  if ! (cd "$d" && npm install --ignore-scripts --no-audit --no-fund --save-exact \
          "squawk-cli@$squawk_version") >"$d/npm-install.log" 2>&1; then
    squawk_note="npm install squawk-cli@$squawk_version failed: $(grep -m1 -i 'err' "$d/npm-install.log" || tail -n1 "$d/npm-install.log")"
    return
  fi
  if b=$(squawk_in "$d"); then squawk_bin=$b; else squawk_note="no squawk binary after npm install (see $d/npm-install.log)"; fi
}
find_squawk
if [ -n "$squawk_bin" ] && ! "$squawk_bin" --version >/dev/null 2>&1; then
  squawk_note="$squawk_bin does not run"; squawk_bin=""
fi

# ---------------------------------------------------------------- inputs
inputs=()   # "label|dir"
shared=${BENCH_SHARED:-$root/../shared}
# The corpus history of a provider (a migration_lock.toml provider matching the regex) with the
# most bytes of SQL, as an absolute path; nothing when there is none.
largest_history() {
  local best="" best_bytes=0 lock d b
  while IFS= read -r lock; do
    grep -Eq "^[[:space:]]*provider[[:space:]]*=[[:space:]]*\"($1)\"" "$lock" || continue
    d=$(dirname "$lock")
    b=$(cat "$d"/*/migration.sql 2>/dev/null | wc -c)
    if [ "$b" -gt "$best_bytes" ]; then best=$d best_bytes=$b; fi
  done < <(find "$shared/corpus" -name migration_lock.toml | sort)
  [ -z "$best" ] || (cd "$best" && pwd)
}
project_of() { local p=${1#"$(cd "$shared/corpus" && pwd)/"}; echo "${p%%/*}"; }
if [ -d "$shared/corpus" ]; then
  best=$(largest_history 'postgres(ql)?')
  if [ -n "$best" ]; then inputs+=("corpus:$(project_of "$best")|$best")
  else echo "corpus: no PostgreSQL history under $shared/corpus; corpus part skipped"; fi
else
  echo "corpus: $shared/corpus not found; corpus part skipped"
fi
"$here/gen_history.sh" "$work/generated" 200 50
inputs+=("generated:200x50|$work/generated")
# MySQL (no peer lints MySQL offline here, so driftgate's figures stand alone): the largest MySQL
# history of the corpus, and a generated one of 10,000 statements.
if [ -d "$shared/corpus" ]; then
  mysql_best=$(largest_history mysql)
  [ -z "$mysql_best" ] || inputs+=("mysql corpus:$(project_of "$mysql_best")|$mysql_best")
fi
"$here/gen_mysql_history.sh" "$work/generated-mysql" 200 50
inputs+=("mysql generated:200x50|$work/generated-mysql")

# ---------------------------------------------------------------- measure
kv() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }   # kv KEY "k=v k=v ..."

# Runs the two commands in turns, one run each per round, so that both see the same machine load
# (a build or a test starting in the background skews whichever tool runs then). Prints two
# bench-measure lines, driftgate's then squawk's, with the best time and largest peak over all
# rounds. Usage: alternate DG_OUT SQ_OUT DG_CMD... -- SQ_CMD...   (an empty SQ_CMD skips squawk)
alternate() {
  local dg_out=$1 sq_out=$2; shift 2
  local dg=() sq=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do dg+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  sq=("$@")
  local dg_best="" sq_best="" dg_rss=0 sq_rss=0 dg_exit="" sq_exit="" m round
  for round in $(seq "$runs"); do
    m=$("$measure" -n 1 -o "$dg_out" -C "$work" -- "${dg[@]}") || return 1
    dg_exit=$(kv exit "$m")
    dg_best=$(awk -v a="$dg_best" -v b="$(kv best_ms "$m")" 'BEGIN { print (a == "" || b < a) ? b : a }')
    dg_rss=$(( $(kv maxrss_kb "$m") > dg_rss ? $(kv maxrss_kb "$m") : dg_rss ))
    [ ${#sq[@]} -gt 0 ] || continue
    m=$("$measure" -n 1 -o "$sq_out" -C "$work" -- "${sq[@]}") || return 1
    sq_exit=$(kv exit "$m")
    sq_best=$(awk -v a="$sq_best" -v b="$(kv best_ms "$m")" 'BEGIN { print (a == "" || b < a) ? b : a }')
    sq_rss=$(( $(kv maxrss_kb "$m") > sq_rss ? $(kv maxrss_kb "$m") : sq_rss ))
  done
  echo "runs=$runs exit=$dg_exit best_ms=$dg_best maxrss_kb=$dg_rss"
  echo "runs=$runs exit=$sq_exit best_ms=$sq_best maxrss_kb=$sq_rss"
}

rows=()    # label|tool|stmts|bytes|ms|rss_kb|findings|exit
notes=()
for entry in "${inputs[@]}"; do
  label=${entry%%|*} dir=${entry#*|}
  mapfile -t files < <(printf '%s\n' "$dir"/*/migration.sql)
  bytes=$(cat "${files[@]}" | wc -c)
  tag=${label//[^A-Za-z0-9]/_}

  dg_json="$results/driftgate-$tag.json"
  sq_json="$results/squawk-$tag.json"
  squawk_cmd=()
  # shellcheck disable=SC2206  # SQUAWK_ARGS is a list of flags
  [ -n "$squawk_bin" ] && [[ $label != mysql* ]] && squawk_cmd=("$squawk_bin" --reporter json ${SQUAWK_ARGS:-} "${files[@]}")
  measured=$(alternate "$dg_json" "$sq_json" "$driftgate" lint --migrations "$dir" --root "$dir" --format json \
             -- "${squawk_cmd[@]}") || measured=""
  if m=$(sed -n 1p <<<"$measured") && [ -n "$m" ]; then
    rc=$(kv exit "$m")
    if [ "$rc" = 0 ] || [ "$rc" = 2 ]; then
      stmts=$(json "$dg_json" '.summary.statements' 'd.summary.statements')
      found=$(json "$dg_json" '[.findings[] | select(.suppressed | not)] | length' \
                              'd.findings.filter(f => !f.suppressed).length')
      # shellcheck disable=SC2016  # a JavaScript template literal, not shell
      levels=$(json "$dg_json" '.summary | "\(.errors) errors, \(.warnings) warnings, \(.notices) notices"' \
                               '`${d.summary.errors} errors, ${d.summary.warnings} warnings, ${d.summary.notices} notices`')
      notes+=("$label: driftgate $levels (exit $rc)")
      rows+=("$label|driftgate|$stmts|$bytes|$(kv best_ms "$m")|$(kv maxrss_kb "$m")|$found|$rc")
    else
      notes+=("$label: driftgate failed (exit $rc), see $dg_json")
      stmts="?"
      rows+=("$label|driftgate|?|$bytes|-|-|-|$rc")
    fi
  else
    notes+=("$label: driftgate could not be measured"); stmts="?"
    rows+=("$label|driftgate|?|$bytes|-|-|-|-")
  fi

  if [ -z "$squawk_bin" ] || [[ $label == mysql* ]]; then
    rows+=("$label|squawk|$stmts|$bytes|-|-|-|-")
    continue
  fi
  if m=$(sed -n 2p <<<"$measured") && [ -n "$m" ]; then
    rc=$(kv exit "$m")    # 0 clean, 1 violations (or syntax errors)
    found=$(json "$sq_json" 'length' 'd.length')
    syntax=$(json "$sq_json" '[.[] | select(.rule_name == "syntax-error")] | length' \
                             'd.filter(f => f.rule_name === "syntax-error").length')
    notes+=("$label: squawk $syntax syntax errors among its findings (exit $rc)")
    rows+=("$label|squawk|$stmts|$bytes|$(kv best_ms "$m")|$(kv maxrss_kb "$m")|$found|$rc")
  else
    notes+=("$label: squawk could not be measured")
    rows+=("$label|squawk|$stmts|$bytes|-|-|-|-")
  fi
done

# ---------------------------------------------------------------- report
echo
echo "driftgate: $("$driftgate" --version 2>/dev/null | head -n1) ($driftgate)"
if [ -n "$squawk_bin" ]; then
  echo "squawk:    $("$squawk_bin" --version 2>/dev/null | head -n1) ($squawk_bin)${SQUAWK_ARGS:+ args: $SQUAWK_ARGS}"
else
  echo "squawk: unavailable ($squawk_note)"
fi
echo "best of $runs runs, the two tools in turns; wall time includes process start; MiB = 2^20 bytes"
echo
{
  printf 'input\ttool\tstatements\tbytes\ttime_ms\tstmts_per_s\tmib_per_s\tpeak_mib\tfindings\texit\n'
  for r in "${rows[@]}"; do
    IFS='|' read -r label tool stmts bytes ms rss found rc <<<"$r"
    awk -v l="$label" -v t="$tool" -v s="$stmts" -v b="$bytes" -v ms="$ms" -v rss="$rss" -v f="$found" -v rc="$rc" 'BEGIN {
      if (ms == "-" || ms + 0 <= 0) { printf "%s\t%s\t%s\t%s\t-\t-\t-\t-\t%s\t%s\n", l, t, s, b, f, rc; exit }
      sec = ms / 1000
      sps = (s ~ /^[0-9]+$/) ? sprintf("%.0f", s / sec) : "?"
      printf "%s\t%s\t%s\t%s\t%.1f\t%s\t%.2f\t%.1f\t%s\t%s\n", l, t, s, b, ms, sps, b / 1048576 / sec, rss / 1024, f, rc
    }'
  done
} > "$results/results.tsv"

awk -F'\t' '
  NR == 1 { $0 = "input\ttool\tstatements\tbytes\ttime (ms)\tstmts/s\tMiB/s\tpeak MiB\tfindings\texit" }
  { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } n = NR; nf = NF }
  END {
    for (r = 1; r <= n; r++) {
      line = ""
      for (i = 1; i <= nf; i++) {
        fmt = (i <= 2) ? "%-" w[i] "s" : "%" w[i] "s"
        line = line (i > 1 ? " | " : "") sprintf(fmt, cell[r, i])
      }
      print line
      if (r == 1) { gsub(/[^|]/, "-", line); gsub(/\|/, "+", line); print line }
    }
  }' "$results/results.tsv"
# The two tools' figures of each input come from the same alternating rounds: their ratio is the
# comparison that a machine's load during the run skews least.
awk -F'\t' '
  NR > 1 && $5 != "-" { ms[$1, $2] = $5; mib[$1, $2] = $8; if (!($1 in seen)) { seen[$1]; order[++n] = $1 } }
  END {
    for (i = 1; i <= n; i++) {
      l = order[i]
      if (!((l, "driftgate") in ms) || !((l, "squawk") in ms) || ms[l, "squawk"] + 0 <= 0) continue
      printf "lint ratio driftgate/squawk (%s): %.2f (wall), memory %.1f vs %.1f MiB\n",
             l, ms[l, "driftgate"] / ms[l, "squawk"], mib[l, "driftgate"], mib[l, "squawk"]
    }
  }' "$results/results.tsv"
echo
printf '%s\n' "${notes[@]}"
echo "reports: $results/ (results.tsv, driftgate-*.json, squawk-*.json)"

# Shadow replay, diff and introspection (issue #3) on the largest corpus history.
if [ -n "${best:-}" ]; then
  echo
  "$here/shadow.sh" "$build" "$best"
  # Datamodel parse + translate, and diff against its datamodel beside Prisma's (issue #4).
  echo
  "$here/datamodel.sh" "$build" "$best" "$shared"
  # check against a live database with its ledger, beside Prisma's own drift check (issue #11).
  echo
  "$here/check.sh" "$build" "$best" "$shared"
fi
# A 20,000-statement history: lint, replay and introspection, peak memory (issue #15).
echo
"$here/large_history.sh" "$build"
# The replay cache: cold, warm and warm +1 runs, beside Prisma's migrate diff (issue #14).
echo
"$here/replay_cache.sh" "$build" "${best:--}" "$shared"
