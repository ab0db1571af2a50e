#!/usr/bin/env bash
# fixtures/datamodel/prisma-versions: one datamodel and the histories Prisma 5 and Prisma 6 wrote
# for its implicit many-to-many table. Each is in sync under its own Prisma and differs under the
# other, with the version taken from package.json, a lock file or driftgate.toml, and the
# difference explained in words (the upgrade migration). Usage: prisma_versions.sh DRIFTGATE FIXTURE
set -euo pipefail
driftgate=$(realpath "$1")
fixture=$(realpath "$2")
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || { echo "SKIP: no PostgreSQL server binaries"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-prisma-versions-XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# project NAME FILE CONTENT: a project folder with the datamodel and one file naming the version.
project() {
  mkdir -p "$work/$1"
  cp "$fixture/schema.prisma" "$work/$1/"
  printf '%s\n' "$3" >"$work/$1/$2"
  [[ $2 == package.json ]] || echo '{"name": "app"}' >"$work/$1/package.json"
}
project pkg5 package.json '{"devDependencies": {"prisma": "^5.4.2"}, "dependencies": {"@prisma/client": "^5.4.2"}}'
project lock6 package-lock.json '{"packages": {"node_modules/prisma": {"version": "6.19.3"}}}'
project pnpm5 pnpm-lock.yaml $'packages:\n  /prisma@5.22.0:\n    resolution: {}'
project setting5 driftgate.toml 'prisma-version = "5"'

# check NAME HISTORY EXPECTED_EXIT EXPECTED_MAJOR
check() {
  local rc=0
  (cd "$work/$1" && "$driftgate" diff --from "migrations:$fixture/$2" --to schema:schema.prisma --exit-code --quiet \
     --format json) >"$work/$1-$2.json" || rc=$?
  local major
  major=$(jq -r '.prisma_version.major' "$work/$1-$2.json")
  [[ $rc == "$3" && $major == "$4" ]] || fail "$1 with $2: expected exit $3 under Prisma $4, got $rc under $major"
  if [[ $3 == 2 ]]; then
    jq -e '[.changes[] | select(.table == "_PostToTag") | .note] | length == 2 and all(test("Prisma 6"))' \
      "$work/$1-$2.json" >/dev/null || fail "$1 with $2: the two join-table changes should explain the Prisma 6 change"
  fi
}
check pkg5 prisma5 0 5
check pkg5 prisma6 2 5
check lock6 prisma6 0 6
check lock6 prisma5 2 6
check pnpm5 prisma5 0 5
check setting5 prisma5 0 5
jq -e '[.changes[].note] | any(test("run the upgrade migration"))' "$work/lock6-prisma5.json" >/dev/null ||
  fail "a Prisma 5 history under Prisma 6 should say to run the upgrade migration"
exit $failed
