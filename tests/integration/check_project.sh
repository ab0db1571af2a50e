#!/usr/bin/env bash
# `check` in a Prisma project as CI runs it, with no flags: the schema found as the Prisma CLI finds
# it, the history beside it, the live database from the datasource's env("DATABASE_URL") in .env,
# then from driftgate.toml; one report whose SARIF passes the reference validator, with a datamodel
# difference located at its schema.prisma line and the live database's status in JSON.
# Usage: check_project.sh DRIFTGATE DEMO_DIR SHARED_DIR
set -euo pipefail
driftgate=$(realpath "$1")
demo=$(realpath "$2")
shared=$(realpath -m "$3")
here=$(cd "$(dirname "$0")" && pwd)
source "$here/servers.sh"
source "$here/ledger.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-check-XXXXXX")
trap 'stop_servers; rm -rf "$work"' EXIT
start_postgres "$work/srv" || exit $?
failed=0
fail() { echo "FAIL: $*"; failed=1; }

project=$work/project
mkdir -p "$project"
cp -r "$demo/prisma" "$project/"
echo '{"name": "demo", "devDependencies": {"prisma": "^6.0.0"}}' >"$project/package.json"
apply_with_ledger postgresql "$work/srv" live "$project/prisma/migrations" 2
echo "DATABASE_URL=\"postgresql://postgres@localhost/live?host=$work/srv\"" >"$project/.env"
cd "$project"

# The URL from .env (Prisma's env("DATABASE_URL")): the third migration is pending, which passes
# the pre-deploy gate; the lint errors of that migration fail it.
rc=0
"$driftgate" check --quiet --format json --output-sarif "$work/check.sarif" >"$work/check.json" || rc=$?
[[ $rc == 2 ]] || fail "check should fail on the pending migration's lint errors (exit 2), got $rc"
jq -e '.context | any(test("from DATABASE_URL \\(url of datasource db\\)"))' "$work/check.json" >/dev/null ||
  fail "the live database should come from DATABASE_URL: $(jq -c .context "$work/check.json")"
[[ $(jq -r '[.migrations[].state] | join(" ")' "$work/check.json") == "applied applied pending" ]] ||
  fail "status: $(jq -c '[.migrations[].state]' "$work/check.json")"
rules=$(jq -r '[.findings[] | select(.level == "error") | .rule] | sort | unique | join(" ")' "$work/check.json")
[[ $rules == "DG102 DG201" ]] || fail "errors should be the rename's lint findings only, got: $rules"
grep -q "postgres@localhost" "$work/check.json" || fail "the report should name the live database"

# The datamodel one field ahead of the history: DG611 at that field's line.
awk '{ print } /^  bio / { print "  website     String?" }' "$demo/prisma/schema.prisma" >prisma/schema.prisma
line=$(grep -n '^  website ' prisma/schema.prisma | cut -d: -f1)
rc=0
"$driftgate" check --quiet --latest 0 --format sarif >"$work/datamodel.sarif" || rc=$?
[[ $rc == 2 ]] || fail "a datamodel ahead of its history should fail check (exit 2), got $rc"
where=$(jq -r '[.runs[0].results[] | select(.ruleId == "DG611") | "\(.locations[0].physicalLocation.artifactLocation.uri):\(.locations[0].physicalLocation.region.startLine)"] | join(" ")' "$work/datamodel.sarif")
[[ $where == "prisma/schema.prisma:$line" ]] || fail "DG611 should point at prisma/schema.prisma:$line, got: $where"

# driftgate.toml wins over the datasource: a URL variable of its own.
cat >driftgate.toml <<TOML
url = "env(LIVE_DATABASE_URL)"
TOML
rc=0
out=$("$driftgate" status 2>&1) || rc=$?
[[ $rc == 1 && $out == *"driftgate.toml: url names LIVE_DATABASE_URL, which is not set"* ]] ||
  fail "an unset variable in driftgate.toml should be an error (exit 1), got $rc: $out"
rc=0
LIVE_DATABASE_URL="postgresql://postgres@localhost/live?host=$work/srv" "$driftgate" status --format json >"$work/status.json" || rc=$?
[[ $rc == 2 ]] && jq -e '.context | any(test("from driftgate.toml"))' "$work/status.json" >/dev/null ||
  fail "status should read the URL from driftgate.toml (exit 2, one pending), got $rc"
rm driftgate.toml

# Prisma 7: prisma.config.ts says where the schema, the history and the database are.
p7=$work/project7
mkdir -p "$p7/db"
cp -r "$demo/prisma/migrations" "$p7/db/"
cp "$demo/prisma/schema.prisma" "$p7/db/schema.prisma"
cat >"$p7/prisma.config.ts" <<'TS'
import "dotenv/config";
import { defineConfig, env } from "prisma/config";

export default defineConfig({
  schema: "db/schema.prisma",
  migrations: { path: "db/migrations" },
  datasource: { url: env("DATABASE_URL") },
});
TS
rc=0
(cd "$p7" && DATABASE_URL="postgresql://postgres@localhost/live?host=$work/srv" "$driftgate" status --format json) \
  >"$work/status7.json" || rc=$?
[[ $rc == 2 && $(jq -r '[.migrations[].state] | join(" ")' "$work/status7.json") == "applied applied pending" ]] &&
  jq -e '.context | any(test("DATABASE_URL \\(prisma.config.ts\\)"))' "$work/status7.json" >/dev/null ||
  fail "prisma.config.ts: status should find db/migrations and the URL, got $rc: $(head -c 600 "$work/status7.json")"
sed -i 's|migrations: { path: "db/migrations" }|migrations: { path: `${process.cwd()}/db/migrations` }|' "$p7/prisma.config.ts"
rc=0
out=$(cd "$p7" && "$driftgate" status --url "postgresql://postgres@localhost/live?host=$work/srv" --migrations db/migrations 2>&1) || rc=$?
[[ $rc == 2 && $out == *"prisma.config.ts:6:23: migrations.path is computed"* ]] ||
  fail "prisma.config.ts: a computed path should be named with its place, and the flag used, got $rc: $out"

# A URL that does not answer fails in a moment, before any shadow is started, without the password.
rc=0
start=$SECONDS
out=$("$driftgate" check --url "postgresql://app:s3cret@localhost:1/live" 2>&1) || rc=$?
[[ $rc == 1 && $out == *"cannot connect"* && $out != *s3cret* ]] ||
  fail "an unreachable database should be exit 1 naming it without its password, got $rc: $out"
((SECONDS - start < 5)) || fail "an unreachable database took $((SECONDS - start)) s to fail"

# Drift made by hand, in SARIF too.
echo 'ALTER TABLE "User" ADD COLUMN "nickname" TEXT;' | sql_client postgresql "$work/srv" live
rc=0
"$driftgate" drift --quiet --format sarif >"$work/drift.sarif" || rc=$?
[[ $rc == 2 ]] && jq -e '[.runs[0].results[] | select(.ruleId == "DG601")] | length == 1' "$work/drift.sarif" >/dev/null ||
  fail "drift --format sarif should hold the one DG601 (exit 2), got $rc"

validate=$shared/tools/validate-sarif.sh
if [[ -f $validate ]]; then
  for sarif in "$work/check.sarif" "$work/datamodel.sarif" "$work/drift.sarif"; do
    bash "$validate" "$sarif" >"$work/validate.out" 2>&1 || fail "$(basename "$sarif") does not validate: $(tail -20 "$work/validate.out")"
  done
else
  echo "note: $validate is absent, the SARIF was not validated"
fi
exit $failed
