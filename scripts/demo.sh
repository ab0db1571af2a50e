#!/usr/bin/env bash
# `make demo`: runs driftgate's gate on the example project in fixtures/demo, whose latest
# migration renames a column the way Prisma renders it (drop plus add), losing its data.
set -uo pipefail
driftgate=$(realpath "$1")
cd "$(dirname "$0")/../fixtures/demo"
echo "\$ driftgate lint    (in fixtures/demo, reading prisma/migrations)"
"$driftgate" lint --root .
rc=$?
echo
echo "exit code $rc: 0 clean, 2 gate failed (findings at or above --fail-on), 1 error"
[[ $rc == 0 || $rc == 2 ]]
