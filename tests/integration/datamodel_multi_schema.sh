#!/usr/bin/env bash
# fixtures/datamodel/multi-schema: a datamodel with `schemas = ["auth", "base"]` and @@schema, and
# the history Prisma writes for it (plus a table in "public", outside those schemas). The history
# reproduces the datamodel (exit 0) because both sides compare exactly the listed schemas; a model
# moved to the other schema is one table removed and one added (exit 2).
set -euo pipefail
driftgate=$1
fixture=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-multischema-XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

rc=0
out=$("$driftgate" diff --from "migrations:$fixture/migrations" --to "schema:$fixture/schema.prisma" --exit-code --quiet) || rc=$?
[[ $rc == 0 ]] || fail "the history should reproduce the datamodel (exit 0), got $rc:"$'\n'"$out"

sed '/^model Post/,/^}/ s/@@schema("base")/@@schema("auth")/' "$fixture/schema.prisma" >"$work/schema.prisma"
rc=0
json=$("$driftgate" diff --from "migrations:$fixture/migrations" --to "schema:$work/schema.prisma" --exit-code --quiet \
       --format json) || rc=$?
tables=$(jq -c '[.changes[] | select(.kind == "table") | "\(.change) \(.schema).\(.table)"] | sort' <<<"$json")
[[ $rc == 2 && $tables == '["added auth.Post","removed base.Post"]' ]] ||
  fail "moving Post to \"auth\" should add auth.Post and remove base.Post (exit 2), got $rc: $tables"
exit $failed
