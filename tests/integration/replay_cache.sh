#!/usr/bin/env bash
# The replay cache (db/data_dir_cache.h, db/replay_key.h) on PROVIDER's embedded shadow, through
# the CLI: a warm run resumes from the kept state and gives the snapshot of an uncached run; one
# added migration is replayed alone; an edited early migration replays the whole history, with
# the changed result; a damaged entry is discarded, never trusted; two runs at once share the
# cache; `driftgate cache` shows and clears it.
# Usage: replay_cache.sh DRIFTGATE postgresql|mysql
set -euo pipefail
driftgate=$1
provider=$2
case $provider in
  postgresql) command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 ||
                { echo "SKIP: no PostgreSQL server"; exit 77; } ;;
  mysql) command -v mariadbd >/dev/null || [[ -x /usr/sbin/mariadbd ]] || { echo "SKIP: no MariaDB server"; exit 77; } ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DRIFTGATE_CACHE_DIR=$work/cache DRIFTGATE_CACHE_KEEP=always
failed=0
fail() { echo "FAIL: $*"; failed=1; }

q() { [[ $provider == mysql ]] && printf '`%s`' "$1" || printf '"%s"' "$1"; }
history=$work/migrations
migration() {  # migration NAME SQL
  mkdir -p "$history/$1"
  printf '%s\n' "$2" >"$history/$1/migration.sql"
}
mkdir -p "$history"
printf 'provider = "%s"\n' "$provider" >"$history/migration_lock.toml"
migration 20240101000000_init "CREATE TABLE $(q User) ($(q id) INTEGER NOT NULL, $(q email) VARCHAR(191) NOT NULL, PRIMARY KEY ($(q id)));"
migration 20240102000000_post "CREATE TABLE $(q Post) ($(q id) INTEGER NOT NULL, $(q title) TEXT, PRIMARY KEY ($(q id)));"
migration 20240103000000_index "CREATE INDEX $(q Post_title_idx) ON $(q Post) ($(q id));"

# snapshot NAME [FLAGS]: the history's snapshot in $work/NAME.json, stderr in $work/NAME.err.
snapshot() {
  local name=$1
  shift
  "$driftgate" snapshot --from "migrations:$history" -o "$work/$name.json" "$@" 2>"$work/$name.err" ||
    fail "$name: snapshot failed: $(cat "$work/$name.err")"
}
restored() { grep -o '([0-9]* restored from the replay cache)' "$work/$1.err" | tr -dc '0-9'; }
entries() { find "$DRIFTGATE_CACHE_DIR" -maxdepth 1 -type f -name '*-replay-*' | wc -l; }

snapshot cold
[[ -z $(restored cold) ]] || fail "cold: restored from an empty cache: $(cat "$work/cold.err")"
[[ $(entries) == 1 ]] || fail "cold: expected one kept state, found $(entries)"
snapshot warm
[[ $(restored warm) == 3 ]] || fail "warm: expected 3 migrations restored: $(cat "$work/warm.err")"
snapshot uncached --no-cache
[[ -z $(restored uncached) ]] || fail "--no-cache restored from the cache"
cmp -s "$work/cold.json" "$work/warm.json" || fail "the warm snapshot differs from the cold one"
cmp -s "$work/cold.json" "$work/uncached.json" || fail "the cached snapshot differs from the uncached one"

# One migration more: the three before come from the cache; the result is the uncached one.
migration 20240104000000_column "ALTER TABLE $(q Post) ADD COLUMN $(q body) TEXT;"
snapshot added
[[ $(restored added) == 3 ]] || fail "added: expected 3 migrations restored: $(cat "$work/added.err")"
grep -q "replayed 4 of 4 migrations" "$work/added.err" || fail "added: not all four replayed: $(cat "$work/added.err")"
snapshot added_uncached --no-cache
cmp -s "$work/added.json" "$work/added_uncached.json" || fail "added: cached and uncached snapshots differ"
jq -e '[.namespaces[].tables[] | select(.name == "Post") | .columns[].name] | index("body")' "$work/added.json" >/dev/null ||
  fail "added: the new column is missing"

# Without DRIFTGATE_CACHE_KEEP=always, a state that one cheap migration adds is not worth keeping.
before=$(entries)
migration 20240105000000_cheap "ALTER TABLE $(q User) ADD COLUMN $(q name) TEXT;"
DRIFTGATE_CACHE_KEEP=auto snapshot cheap
[[ $(restored cheap) == 4 ]] || fail "cheap: expected 4 migrations restored: $(cat "$work/cheap.err")"
[[ $(entries) == "$before" ]] || fail "cheap: a state one quick migration adds was kept"
rm -r "$history/20240105000000_cheap"

# An edited early migration changes the key of every later prefix: the whole history replays,
# and the result shows the edit.
sed -i "s/VARCHAR(191)/VARCHAR(100)/" "$history/20240101000000_init/migration.sql"
snapshot edited
[[ -z $(restored edited) ]] || fail "edited: restored a state made before the edit: $(cat "$work/edited.err")"
cmp -s "$work/added.json" "$work/edited.json" && fail "edited: the snapshot does not show the edit"
snapshot edited_uncached --no-cache
cmp -s "$work/edited.json" "$work/edited_uncached.json" || fail "edited: cached and uncached snapshots differ"

# A damaged entry is discarded with a warning and made again; the result is still the uncached one.
for entry in "$DRIFTGATE_CACHE_DIR"/*-replay-4-*; do
  size=$(stat -c %s "$entry")
  printf 'X' | dd of="$entry" bs=1 seek=$((size / 2)) conv=notrunc status=none
done
snapshot damaged
grep -q "is damaged: discarded" "$work/damaged.err" || fail "damaged: no warning: $(cat "$work/damaged.err")"
cmp -s "$work/edited.json" "$work/damaged.json" || fail "damaged: the snapshot differs from the uncached one"
snapshot rebuilt
[[ $(restored rebuilt) == 4 ]] || fail "rebuilt: the discarded state was not made again: $(cat "$work/rebuilt.err")"
cmp -s "$work/edited.json" "$work/rebuilt.json" || fail "rebuilt: the snapshot differs"

# Two runs at once, on an empty cache: both store the same states; both give the uncached result.
"$driftgate" cache clear >/dev/null
"$driftgate" snapshot --from "migrations:$history" -o "$work/a.json" 2>"$work/a.err" & a=$!
"$driftgate" snapshot --from "migrations:$history" -o "$work/b.json" 2>"$work/b.err" & b=$!
wait $a || fail "concurrent run a failed: $(cat "$work/a.err")"
wait $b || fail "concurrent run b failed: $(cat "$work/b.err")"
cmp -s "$work/a.json" "$work/edited.json" && cmp -s "$work/b.json" "$work/edited.json" ||
  fail "concurrent runs gave another snapshot"
[[ -z $(find "$DRIFTGATE_CACHE_DIR" -name '.partial-*') ]] || fail "concurrent runs left partial entries"
snapshot after_concurrent
[[ $(restored after_concurrent) == 4 ]] || fail "after the concurrent runs, no usable state: $(cat "$work/after_concurrent.err")"

# `driftgate cache` lists the entries; `cache clear` removes them.
listing=$("$driftgate" cache)
grep -q "state after 4 migrations" <<<"$listing" || fail "cache: no state listed: $listing"
grep -q "pristine data directory" <<<"$listing" || fail "cache: no pristine entry listed: $listing"
"$driftgate" cache clear | grep -q "^removed [1-9]" || fail "cache clear removed nothing"
[[ $(find "$DRIFTGATE_CACHE_DIR" -maxdepth 1 -type f ! -name .lock | wc -l) == 0 ]] || fail "cache clear left entries"

(( failed == 0 )) && echo "replay cache on $provider: warm, added, edited, damaged, concurrent and cleared runs all give the uncached snapshot"
exit $failed
