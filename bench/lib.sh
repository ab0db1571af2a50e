# Sourced by the bench scripts (datamodel.sh, check.sh): tables, timed rows and Prisma 6 as a peer.
# The caller sets build, runs, measure (bench-measure), shared and work (its temp dir).
# shellcheck shell=bash disable=SC2034  # rows, prisma_note, prisma_version are read by the callers

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

# Timed rows, each tool|shadow|best_ms|median_ms|peak_kb|exit; measure_row TOOL SHADOW COMMAND...
rows=()
kv() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }   # kv KEY "k=v k=v ..." (bench-measure's line)
measure_row() {  # measure_row TOOL SHADOW COMMAND...
  local tool=$1 shadow=$2 m; shift 2
  if m=$("$measure" -n "$runs" -o "$work/out.txt" -- "$@"); then
    rows+=("$tool|$shadow|$(kv best_ms "$m")|$(kv median_ms "$m")|$(kv maxrss_kb "$m")|$(kv exit "$m")")
  else
    rows+=("$tool|$shadow|-|-|-|-")
  fi
}

# The rows as a table, in ms and MiB.
print_rows() {
  {
    printf 'tool\tshadow\tbest (ms)\tmedian (ms)\tpeak MiB\texit\n'
    for r in "${rows[@]}"; do
      IFS='|' read -r tool shadow best median kb rc <<<"$r"
      awk -v t="$tool" -v s="$shadow" -v b="$best" -v m="$median" -v kb="$kb" -v rc="$rc" 'BEGIN {
        if (b == "-") { printf "%s\t%s\t-\t-\t-\t%s\n", t, s, rc; exit }
        printf "%s\t%s\t%.0f\t%.0f\t%.1f\t%s\n", t, s, b, m, kb / 1024, rc }'
    done
  } | table
}

# Prisma 6 from ../shared/tools/peers, installed into PEERS_DIR when missing. Succeeds when it can be
# run (then peers_tools, prisma_version and DIR/peers, a PEERS_DIR for run-prisma.sh, are set);
# otherwise sets prisma_note to why not. prisma_peer_ready DIR
prisma_note=""
prisma_peer_ready() {
  local dir=$1 peers=${PEERS_DIR:-${TMPDIR:-/tmp}/sql-peers}
  peers_tools="$shared/tools/peers"
  if [[ ${BENCH_PRISMA:-1} == 0 ]]; then prisma_note="Prisma skipped (BENCH_PRISMA=0)"; return 1; fi
  if [[ ! -x $peers_tools/run-prisma.sh ]]; then prisma_note="Prisma skipped: $peers_tools/run-prisma.sh not found"; return 1; fi
  if ! command -v node >/dev/null; then prisma_note="Prisma skipped: node not found"; return 1; fi
  if [[ ! -d $peers/npm/prisma/node_modules/prisma ]]; then
    echo "  installing the peers into $peers (tools/peers/setup.sh install) ..."
    # No apt: only the npm peers are needed here.
    PEERS_DIR=$peers WITH_APT=0 "$peers_tools/setup.sh" install >"$dir/setup.log" 2>&1 || true
  fi
  if [[ ! -d $peers/npm/prisma/node_modules/prisma ]]; then
    prisma_note="Prisma skipped: the peer could not be installed ($(tail -n1 "$dir/setup.log" 2>/dev/null))"
    return 1
  fi
  # The peers' lib.sh sources $PEERS_DIR/env.sh, whose PG_URL (the peers' own server) would win over
  # ours: run-prisma.sh gets a PEERS_DIR with the installed npm dir and no env.sh.
  mkdir -p "$dir/peers"
  [[ -e $dir/peers/npm ]] || ln -s "$peers/npm" "$dir/peers/npm"
  prisma_version=$(node -p 'require(process.argv[1]).version' "$peers/npm/prisma/node_modules/prisma/package.json")
}

# run-prisma.sh takes one schema file whose datasource has a url (Prisma 6 needs one even with a
# driver adapter): a folder's files joined, and url = env("DATABASE_URL") added.
# prisma_schema_with_url DATAMODEL OUT
prisma_schema_with_url() {
  if [[ -d $1 ]]; then
    find "$1" -name '*.prisma' -not -path '*/migrations/*' | LC_ALL=C sort | xargs cat
  else cat "$1"; fi | awk '
    /^[[:space:]]*datasource[[:space:]]+[A-Za-z0-9_]+[[:space:]]*\{/ { ds = 1; url = 0 }
    ds && /^[[:space:]]*url[[:space:]]*=/ { url = 1 }
    ds && /^[[:space:]]*\}/ { if (!url) print "  url = env(\"DATABASE_URL\")"; ds = 0 }
    { print }' > "$2"
}
