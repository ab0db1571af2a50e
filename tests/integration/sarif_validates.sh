#!/usr/bin/env bash
# The SARIF of real runs passes Microsoft's SARIF validator (the SARIF schema and the GitHub code
# scanning rules) with no error and no warning: a real corpus history, and a small history with a
# suppressed finding, findings without a line (a folder without migration.sql, a stray file) and a
# path that needs percent-encoding. Skips (exit 77) when ../shared/tools/validate-sarif.sh is absent.
# Usage: sarif_validates.sh DRIFTGATE SHARED_DIR
set -euo pipefail
driftgate=$1
shared=$2
validate=$shared/tools/validate-sarif.sh
if [[ ! -f $validate ]]; then
  echo "SKIP: $validate is absent (the shared tools sit beside the checkout)"
  exit 77
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# lint NAME ARGS...: writes $out/NAME.sarif; exit 0 or 2 (gate failed) are both fine here.
lint() {
  local name=$1
  shift
  local rc=0
  "$driftgate" lint "$@" --format sarif >"$out/$name.sarif" || rc=$?
  if [[ $rc != 0 && $rc != 2 ]]; then
    echo "FAIL: driftgate lint $* exited $rc"
    exit 1
  fi
}

sarif_files=()

corpus=$shared/corpus/documenso
if [[ -d $corpus ]]; then
  lint documenso --migrations "$corpus/packages/prisma/migrations" --root "$corpus"
  sarif_files+=("$out/documenso.sarif")
else
  echo "note: $corpus is absent; validating the generated history only"
fi

repo=$out/repo
m=$repo/prisma/migrations
mkdir -p "$m/20240101000000_init" "$m/20240102000000_drop old tables" "$m/20240103000000_no_script"
printf 'provider = "postgresql"\n' >"$m/migration_lock.toml"
printf 'CREATE TABLE "a" ("id" INTEGER);\nCREATE TABLE "b" ("id" INTEGER);\n' >"$m/20240101000000_init/migration.sql"
printf -- '-- driftgate-ignore DG101: "a" was never written to\nDROP TABLE "a";\nDROP TABLE "b";\n' \
  >"$m/20240102000000_drop old tables/migration.sql"
printf 'notes\n' >"$m/README.txt"
lint generated --migrations "$m" --root "$repo"
sarif_files+=("$out/generated.sarif")

# The generated history must exercise what it is meant to: otherwise the validation proves little.
command -v jq >/dev/null || { echo "jq is required (make deps installs it)"; exit 1; }
jq -e '[.runs[0].results[] | select(.suppressions)] | length == 1' "$out/generated.sarif" >/dev/null ||
  { echo "FAIL: expected one suppressed result"; exit 1; }
jq -e 'any(.runs[0].results[]; .ruleId == "DG002" and .locations[0].physicalLocation.region == {"startLine": 1})' \
  "$out/generated.sarif" >/dev/null || { echo "FAIL: expected a DG002 result without a line"; exit 1; }
jq -e 'any(.runs[0].results[]; .locations[0].physicalLocation.artifactLocation.uri | test("drop%20old%20tables/"))' \
  "$out/generated.sarif" >/dev/null || { echo "FAIL: expected a percent-encoded URI"; exit 1; }

# validate-sarif.sh prints one line per file and a line per problem; it exits non-zero on any
# error or warning. Check the output too, so that a validator that prints problems but exits 0 fails.
rc=0
report=$(bash "$validate" "${sarif_files[@]}" 2>&1) || rc=$?
echo "$report"
if [[ $rc != 0 ]] || grep -Eq '^[[:space:]]+(error|warning) [A-Z]+[0-9]+:' <<<"$report"; then
  echo "FAIL: the SARIF validator reported problems"
  exit 1
fi
n=$(grep -c 'valid SARIF 2.1.0 (no errors, no warnings)' <<<"$report" || true)
if [[ $n != "${#sarif_files[@]}" ]]; then
  echo "FAIL: expected ${#sarif_files[@]} valid file(s), the validator confirmed $n"
  exit 1
fi
