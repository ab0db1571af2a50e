#!/usr/bin/env bash
# `make demo`: runs driftgate on the example project in fixtures/demo, whose latest migration
# renames a column the way Prisma renders it (drop plus add), losing its data: `lint` flags it,
# then `diff` shows that the history still reproduces the datamodel.
set -uo pipefail
driftgate=$(realpath "$1")
cd "$(dirname "$0")/../fixtures/demo"
echo "\$ driftgate lint    (in fixtures/demo, reading prisma/migrations)"
"$driftgate" lint --root .
rc=$?
echo
echo "exit code $rc: 0 clean, 2 gate failed (findings at or above --fail-on), 1 error"
[[ $rc == 0 || $rc == 2 ]] || exit 1

echo
echo "\$ driftgate diff --from migrations:prisma/migrations --to schema:prisma/schema.prisma --exit-code"
echo "  (replays the history into a throwaway PostgreSQL server and compares it with the datamodel)"
"$driftgate" diff --from migrations:prisma/migrations --to schema:prisma/schema.prisma --exit-code --quiet
