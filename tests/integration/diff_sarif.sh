#!/usr/bin/env bash
# `diff --format sarif`: the demo history against its datamodel with one field added is one DG611
# result that points at that field's line in schema.prisma, and the SARIF passes Microsoft's
# validator. Runs where a repository would (the paths relative to it). Skips (exit 77) when
# ../shared/tools/validate-sarif.sh or the PostgreSQL server binaries (the embedded shadow) are absent.
# Usage: diff_sarif.sh DRIFTGATE DEMO_DIR SHARED_DIR
set -euo pipefail
absolute() { if [[ $1 == */* ]]; then echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; else echo "$1"; fi; }
driftgate=$(absolute "$1")
demo=$2
shared=$3
validate=$shared/tools/validate-sarif.sh
if [[ ! -f $validate ]]; then
  echo "SKIP: $validate is absent (the shared tools sit beside the checkout)"
  exit 77
fi
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || { echo "SKIP: no PostgreSQL server binaries"; exit 77; }
validate=$(absolute "$validate")
command -v jq >/dev/null || { echo "jq is required (make deps installs it)"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-diff-sarif-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/fixtures/demo"
cp -r "$demo/prisma" "$work/fixtures/demo/"
schema=fixtures/demo/prisma/schema.prisma
# One field added after `bio`: the line it lands on is the one the result must name.
awk '{ print } /^  bio / { print "  website     String?" }' "$demo/prisma/schema.prisma" >"$work/$schema"
line=$(grep -n '^  website ' "$work/$schema" | cut -d: -f1)
[[ -n $line ]] || { echo "FAIL: the edit did not apply (no bio field in $demo/prisma/schema.prisma?)"; exit 1; }

cd "$work"
rc=0
"$driftgate" diff --from migrations:fixtures/demo/prisma/migrations --to "schema:$schema" --format sarif --quiet \
  >diff.sarif || rc=$?
[[ $rc == 0 ]] || { echo "FAIL: diff without --exit-code should exit 0, got $rc"; cat diff.sarif; exit 1; }

failed=0
got=$(jq -c '[.runs[0].results[] | {ruleId, message: .message.text,
              uri: .locations[0].physicalLocation.artifactLocation.uri,
              line: .locations[0].physicalLocation.region.startLine,
              column: .locations[0].physicalLocation.region.startColumn}]' diff.sarif)
want=$(jq -cn --arg uri "$schema" --argjson line "$line" \
  '[{ruleId: "DG611", message: "column \"User\".\"website\" added", uri: $uri, line: $line, column: 3}]')
if [[ $got != "$want" ]]; then
  echo "FAIL: expected $want"
  echo "      got      $got"
  failed=1
fi
jq -e '.runs[0].tool.driver.rules | any(.id == "DG611")' diff.sarif >/dev/null ||
  { echo "FAIL: the SARIF does not describe rule DG611"; failed=1; }

# --exit-code still decides diff's exit status, whatever the format.
rc=0
"$driftgate" diff --from migrations:fixtures/demo/prisma/migrations --to "schema:$schema" --format sarif --quiet \
  --exit-code >/dev/null || rc=$?
[[ $rc == 2 ]] || { echo "FAIL: with --exit-code a difference should exit 2, got $rc"; failed=1; }

rc=0
report=$(bash "$validate" diff.sarif 2>&1) || rc=$?
echo "$report"
if [[ $rc != 0 ]] || ! grep -q 'valid SARIF 2.1.0 (no errors, no warnings)' <<<"$report"; then
  echo "FAIL: the SARIF validator reported problems"
  failed=1
fi
exit $failed
