#!/usr/bin/env bash
# fixtures/datamodel/perpetual-drift: a datamodel and the migration Prisma generates from it, which
# Prisma itself reports as drift every time (prisma-datamodel-mapping.md §8.3). `diff` must report
# exactly those differences, each labelled as Prisma's perpetual drift with its reason, in JSON and
# in text; and not what Prisma finds in sync (§8.2): the dbgenerated default written in upper case,
# which Prisma compares ignoring case, nor what a second migration changes by hand (numeric
# defaults spelled otherwise, now(), a default under dbgenerated() without an expression, an
# Unsupported type, a DEFERRABLE foreign key, a renamed many-to-many foreign key, an extension the
# datamodel does not declare), nor Bytes, big BigInt and DateTime literal defaults, a GIN index's
# default operator class, a name in another script.
# Skips (exit 77) without PostgreSQL server binaries.
set -euo pipefail
driftgate=$1
fixture=$2
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || { echo "SKIP: no PostgreSQL server binaries"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$driftgate" snapshot --from "migrations:$fixture/migrations" -o "$work/history.json" --quiet
rc=0
json=$("$driftgate" diff --from "snapshot:$work/history.json" --to "schema:$fixture/schema.prisma" --exit-code \
       --format json) || rc=$?
text=$("$driftgate" diff --from "snapshot:$work/history.json" --to "schema:$fixture/schema.prisma")

# Each changed column or index and a phrase of the reason its note must give.
expected='[
  ["changed","code","@db.Char without a length"],
  ["changed","createdAt","reads this stored default back as a literal, now()"],
  ["changed","flags","@db.Bit without a length"],
  ["changed","id","re-prints a dbgenerated() expression"],
  ["removed","thisColumnNameIsLongerThanTheSixtyThreeBytesThatPostgreSQLKeeps","cuts names to 63 bytes"],
  ["added","thisColumnNameIsLongerThanTheSixtyThreeBytesThatPostgreSQLKeepsOfIt","cuts names to 63 bytes"],
  ["changed","token","re-prints a dbgenerated() expression"],
  ["changed","Drift_token_idx","operator classes of a B-tree or hash index"]
]'
failed=0
actual=$(jq -c '[.changes[] | [.change, .name, .note]]' <<<"$json")
matches=$(jq -n --argjson want "$expected" --argjson got "$actual" '
  ($want | length) == ($got | length) and
  ([$want, $got] | transpose | all(.[0] as [$change, $name, $reason] | (.[1][2] // "") as $note |
     .[1][0] == $change and .[1][1] == $name and ($note | contains($reason)) and
     ($note | startswith("perpetual drift: Prisma reports this even against a database it migrated"))))')
if [[ $rc != 2 || $matches != true ]]; then
  echo "FAIL: expected exit 2 and the eight labelled differences, got exit $rc:"; jq . <<<"$json"; failed=1
fi
notes=$(grep -c '^      note: perpetual drift: ' <<<"$text" || true)
if [[ $notes != 8 ]]; then
  echo "FAIL: the text report shows $notes perpetual drift notes, not 8:"; echo "$text"; failed=1
fi
[[ $failed == 1 ]] || echo "eight differences, each labelled as Prisma's perpetual drift; Prisma's equivalences are in sync"
exit $failed
