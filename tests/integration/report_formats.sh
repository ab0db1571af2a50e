#!/usr/bin/env bash
# `--format gitlab` and `--format junit` of real runs pass their schemas: GitLab's Code Quality
# report format (schemas/gitlab-codequality.schema.json, with unique fingerprints) and the JUnit
# schema Jenkins reads (schemas/junit.xsd, with xmllint). A generated history has an error, a
# suppressed finding, findings without a line, markup and a control character in file names; lint
# runs at two fail levels, and diff too where the PostgreSQL server binaries are. The validators
# are shown to reject a broken copy of each output, so a passing run means something.
# Skips (exit 77) when xmllint or a JSON Schema validator (python3 jsonschema, or ajv-cli from npm)
# is missing. Usage: report_formats.sh DRIFTGATE SCHEMAS_DIR DEMO_DIR
set -euo pipefail
absolute() { if [[ $1 == */* ]]; then echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; else echo "$1"; fi; }
driftgate=$(absolute "$1")
schemas=$(absolute "$2")
demo=$(absolute "$3")
command -v jq >/dev/null || { echo "jq is required (make deps installs it)"; exit 1; }
command -v xmllint >/dev/null || { echo "SKIP: xmllint is absent (make deps installs libxml2-utils)"; exit 77; }

out=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-report-formats-XXXXXX")
trap 'rm -rf "$out"' EXIT

# validate_json FILE: against the GitLab schema, with whichever validator there is.
if python3 -c 'import jsonschema' 2>/dev/null; then
  validate_json() {
    python3 - "$schemas/gitlab-codequality.schema.json" "$1" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
errors = list(jsonschema.Draft7Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
for e in errors: print("  %s: %s" % ("/".join(map(str, e.absolute_path)), e.message))
sys.exit(1 if errors else 0)
PY
  }
else
  ajv_dir=${XDG_CACHE_HOME:-$HOME/.cache}/driftgate-ajv
  if [[ ! -x $ajv_dir/node_modules/.bin/ajv ]]; then
    mkdir -p "$ajv_dir"
    (cd "$ajv_dir" && npm install --silent --no-audit --no-fund ajv-cli@5.0.0 >/dev/null 2>&1) || true
  fi
  [[ -x $ajv_dir/node_modules/.bin/ajv ]] || { echo "SKIP: no JSON Schema validator (python3 jsonschema or ajv-cli)"; exit 77; }
  validate_json() { "$ajv_dir/node_modules/.bin/ajv" validate --spec=draft7 -s "$schemas/gitlab-codequality.schema.json" -d "$1" 2>&1 | sed 's/^/  /'; return "${PIPESTATUS[0]}"; }
fi
validate_xml() { xmllint --noout --schema "$schemas/junit.xsd" "$1" 2>&1 | grep -v ' validates$' | sed 's/^/  /'; return "${PIPESTATUS[0]}"; }

# run NAME ARGS...: `driftgate ARGS --format gitlab|junit` into $out/NAME.json and $out/NAME.xml;
# exit 0 or 2 (gate failed) are both fine here.
run() {
  local name=$1 format ext rc
  shift
  for format in gitlab junit; do
    ext=json; [[ $format == junit ]] && ext=xml
    rc=0
    "$driftgate" "$@" --format $format >"$out/$name.$ext" || rc=$?
    [[ $rc == 0 || $rc == 2 ]] || { echo "FAIL: driftgate $* --format $format exited $rc"; cat "$out/$name.$ext"; exit 1; }
  done
  names+=("$name")
}
names=()

repo=$out/repo
m=$repo/prisma/migrations
mkdir -p "$m/20240101000000_init" "$m/20240102000000_drop <old> & tables" "$m/20240103000000_no_script"
printf 'provider = "postgresql"\n' >"$m/migration_lock.toml"
printf 'CREATE TABLE "a" ("id" INTEGER);\nCREATE TABLE "b" ("id" INTEGER);\n' >"$m/20240101000000_init/migration.sql"
printf 'x\n' >"$m/20240101000000_init/notes"$'\x01'".txt"
printf -- '-- driftgate-ignore DG101: "a" was never written to\nDROP TABLE "a";\nDROP TABLE "b";\n' \
  >"$m/20240102000000_drop <old> & tables/migration.sql"
printf 'notes\n' >"$m/README.txt"
run lint lint --migrations "$m" --root "$repo"
run lint-notice lint --migrations "$m" --root "$repo" --fail-on notice

if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  mkdir -p "$out/d/fixtures/demo" && cp -r "$demo/prisma" "$out/d/fixtures/demo/"
  awk '{ print } /^  bio / { print "  website     String?" }' "$demo/prisma/schema.prisma" >"$out/d/fixtures/demo/prisma/schema.prisma"
  (cd "$out/d" && run diff diff --from migrations:fixtures/demo/prisma/migrations \
     --to schema:fixtures/demo/prisma/schema.prisma --quiet) && names+=(diff)
else
  echo "note: no PostgreSQL server binaries; diff is not run"
fi

# The generated history must exercise what it is meant to: otherwise the validation proves little.
jq -e '[.[] | select(.check_name == "DG101")] | length == 1 and (.[0].description | test("table \"b\""))' \
  "$out/lint.json" >/dev/null || { echo "FAIL: expected a DG101 issue, the suppressed one left out"; cat "$out/lint.json"; exit 1; }
grep -q $'\xEF\xBF\xBD' "$out/lint.xml" || { echo "FAIL: expected the control character replaced"; exit 1; }
grep -q '&lt;old&gt; &amp; tables' "$out/lint.xml" || { echo "FAIL: expected an escaped migration name"; exit 1; }

failed=0
for name in "${names[@]}"; do
  if validate_json "$out/$name.json"; then echo "$name.json: valid GitLab Code Quality report"; else echo "FAIL: $name.json breaks the schema"; failed=1; fi
  dupes=$(jq -r '[.[].fingerprint] | group_by(.) | map(select(length > 1) | .[0]) | .[]' "$out/$name.json")
  [[ -z $dupes ]] || { echo "FAIL: $name.json repeats fingerprints: $dupes"; failed=1; }
  if validate_xml "$out/$name.xml"; then echo "$name.xml: valid JUnit XML"; else echo "FAIL: $name.xml breaks the schema"; failed=1; fi
  # The counts must be the cases' own.
  cases=$(xmllint --xpath 'count(//testcase)' "$out/$name.xml")
  failing=$(xmllint --xpath 'count(//testcase[failure])' "$out/$name.xml")
  tests=$(xmllint --xpath 'string(/testsuites/testsuite/@tests)' "$out/$name.xml")
  failures=$(xmllint --xpath 'string(/testsuites/testsuite/@failures)' "$out/$name.xml")
  [[ $cases == "$tests" && $failing == "$failures" ]] ||
    { echo "FAIL: $name.xml says $tests test(s), $failures failure(s); it has $cases, $failing"; failed=1; }
done
# lint: the three migrations (the one without a script fails on its DG002) and DG006, the stray
# files, which are about no migration.
[[ $(xmllint --xpath 'count(//testcase)' "$out/lint.xml") == 4 ]] || { echo "FAIL: expected 4 cases in lint.xml"; cat "$out/lint.xml"; failed=1; }
[[ $(xmllint --xpath 'count(//testcase[@name="20240103000000_no_script"]/failure[@type="DG002"])' "$out/lint.xml") == 1 ]] ||
  { echo "FAIL: the migration without a script should fail on DG002"; failed=1; }
(( $(xmllint --xpath 'count(//testcase[failure])' "$out/lint-notice.xml") > $(xmllint --xpath 'count(//testcase[failure])' "$out/lint.xml") )) ||
  { echo "FAIL: --fail-on notice should fail more cases"; failed=1; }

# The validators reject what breaks the schemas.
jq '.[0].severity = "severe" | .[0].location.lines.begin = 0' "$out/lint.json" >"$out/broken.json"
if validate_json "$out/broken.json" >/dev/null 2>&1; then echo "FAIL: the JSON validator accepted a broken report"; failed=1; fi
sed 's/<testcase classname="lint" name="[^"]*"/<testcase classname="lint"/; s/<system-out>/<system-out><b\/>/' \
  "$out/lint.xml" >"$out/broken.xml"
if validate_xml "$out/broken.xml" >/dev/null 2>&1; then echo "FAIL: xmllint accepted a broken report"; failed=1; fi
[[ $failed == 0 ]] || exit 1
echo "report formats: ${#names[@]} run(s) valid against both schemas"
