#!/usr/bin/env bash
# `make demo`: runs driftgate's CI gate on the example project in fixtures/demo, whose latest
# migration renames a column the way Prisma renders it (drop plus add), losing its data. `check`
# lints the history, replays it into a throwaway PostgreSQL server it starts itself, and compares
# the result with prisma/schema.prisma. With DATABASE_URL set (the datasource's env()), it would
# also read that database's migration ledger and drift, read-only.
set -uo pipefail
driftgate=$(realpath "$1")
cd "$(dirname "$0")/../fixtures/demo"
echo "\$ driftgate check    (in fixtures/demo: prisma/schema.prisma and prisma/migrations)"
env -u DATABASE_URL "$driftgate" check --root . --quiet
rc=$?
echo
echo "exit code $rc: 0 clean, 2 gate failed (findings at or above --fail-on), 1 error"
[[ $rc == 0 || $rc == 2 ]] || exit 1
