#!/usr/bin/env bash
# A datamodel's from-empty script, applied to a real server, must give back the datamodel: for
# each datamodel below, `diff --from empty --to schema:X --script` becomes the only migration of
# a history, and `diff --from migrations:<it> --to schema:X --exit-code` must exit 0. This checks
# the translation, the script writer and introspection against each other on PostgreSQL and on
# MariaDB (umami's MySQL datamodel: its own history needs MySQL 8, this does not).
# Not here: documenso and rallly use extension types and operator classes (citext, gin_trgm_ops)
# that their histories create by hand and their datamodels do not declare, so their from-empty
# scripts fail on any server, Prisma's included.
set -euo pipefail
driftgate=$1
root=$2        # the repository
shared=$3      # ../shared
work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-dm-roundtrip-XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

datamodels=("$root/fixtures/demo/prisma/schema.prisma" "$root/fixtures/datamodel/multi-schema/schema.prisma"
            "$root/fixtures/datamodel/multi-file" "$root/fixtures/datamodel/literal-defaults/schema.prisma")
corpus=$shared/corpus
if [[ -d $corpus ]]; then
  datamodels+=("$corpus/papermark/prisma/schema" "$corpus/hoppscotch/packages/hoppscotch-backend/prisma/schema.prisma"
               "$corpus/umami/db/postgresql/schema.prisma" "$corpus/umami/db/mysql/schema.prisma")
else
  echo "note: $corpus is absent; only the fixtures are checked"
fi

n=0
for datamodel in "${datamodels[@]}"; do
  n=$((n + 1))
  history=$work/$n
  mkdir -p "$history/20240101000000_init"
  provider=$("$driftgate" snapshot --from "schema:$datamodel" -o - | jq -r .provider)
  printf 'provider = "%s"\n' "$provider" >"$history/migration_lock.toml"  # as Prisma writes it
  if ! "$driftgate" diff --from empty --to "schema:$datamodel" --script >"$history/20240101000000_init/migration.sql"; then
    fail "$datamodel: no from-empty script"
    continue
  fi
  rc=0
  out=$("$driftgate" diff --from "migrations:$history" --to "schema:$datamodel" --exit-code --quiet 2>&1) || rc=$?
  if [[ $rc == 0 ]]; then echo "$datamodel: its script gives it back"
  else fail "$datamodel: exit $rc after applying its own script:"$'\n'"$out"; fi
done
exit $failed
