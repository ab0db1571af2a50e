#!/usr/bin/env bash
# Runs action.yml's steps as GitHub would: each `run:` script with its `env:` (the `${{ }}`
# expressions of inputs, github, runner and earlier steps' outputs substituted), its shell and
# working directory, its `if:`; GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_BASE_REF set. The
# `uses:` steps (actions/cache, upload-sarif) are stood in for: a cache hit, an upload recorded.
# The workspace is fixtures/demo in a git repository whose pull request adds a migration (one drop
# suppressed, one not), against a live PostgreSQL database with the base's migrations applied and
# a column added by hand. Checks the annotations, the outputs, the job summary (findings, ledger,
# drift, Mermaid ER diagrams), the SARIF and its upload copy, and that the database password
# reaches no output (masked with ::add-mask::). Skips (77) without python3's yaml module, jq, git
# or a PostgreSQL server.
# Usage: action_steps.sh DRIFTGATE SOURCE_DIR
set -euo pipefail
driftgate=$(realpath "$1")
src=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
for tool in python3 jq git; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is absent"; exit 77; }
done
python3 -c 'import yaml' 2>/dev/null || { echo "SKIP: python3 has no yaml module (apt install python3-yaml)"; exit 77; }
source "$here/servers.sh"
source "$here/ledger.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-action-XXXXXX")
trap 'stop_servers; rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

rc=0
start_postgres "$work/srv" || rc=$?
[[ $rc == 0 ]] || exit "$rc"
socket=$work/srv
password='S3cr@t-pw'
encoded='S3cr%40t-pw'
url="postgresql://postgres:$encoded@localhost/app?host=$socket"

# The action as GitHub downloads it, with the binary already built (a cache hit).
action=$work/action
mkdir -p "$action/build-action/src"
cp "$src/action.yml" "$action/"
ln -s "$src/scripts" "$action/scripts"
ln -s "$src/src" "$action/src"
ln -s "$src/CMakeLists.txt" "$action/CMakeLists.txt"
ln -s "$src/rules" "$action/rules"
ln -s "$driftgate" "$action/build-action/src/driftgate"

# The workspace: main has the demo's history; the pull request adds a migration.
ws=$work/ws
cp -r "$src/fixtures/demo" "$ws"
git -C "$ws" init -q -b main
git -C "$ws" -c user.email=t@example.com -c user.name=t add -A
git -C "$ws" -c user.email=t@example.com -c user.name=t commit -qm base
git init -q --bare "$work/origin.git"
git -C "$ws" remote add origin "$work/origin.git"
git -C "$ws" push -q origin main
git -C "$ws" update-ref -d refs/remotes/origin/main  # actions/checkout fetches the PR's head only
apply_with_ledger postgresql "$socket" app "$ws/prisma/migrations"
sql_client postgresql "$socket" app -c 'ALTER TABLE "User" ADD COLUMN "nickname" text' >/dev/null
git -C "$ws" checkout -q -b feature
new=$ws/prisma/migrations/20240401000000_drop_columns
mkdir -p "$new"
cat >"$new/migration.sql" <<'EOF'
-- driftgate-ignore DG102: the bio was never shown anywhere
ALTER TABLE "User" DROP COLUMN "bio";

ALTER TABLE "Post" DROP COLUMN "title";
EOF
git -C "$ws" -c user.email=t@example.com -c user.name=t add -A
git -C "$ws" -c user.email=t@example.com -c user.name=t commit -qm "drop columns"

mkdir -p "$work/runner"
export GITHUB_WORKSPACE=$ws GITHUB_BASE_REF=main GITHUB_EVENT_NAME=pull_request RUNNER_TEMP=$work/runner
export GITHUB_STEP_SUMMARY=$work/summary.md DRIFTGATE_ACTION_SKIP_INSTALL=1 HOME=$work/home
export XDG_CACHE_HOME=$work/home/.cache
: >"$GITHUB_STEP_SUMMARY"

# The runner: prints every step's output to $work/log, the action's outputs to $work/outputs.json.
cat >"$work/run_action.py" <<'EOF'
import json, os, re, subprocess, sys, tempfile, yaml

action_path, workspace, inputs_json, log_path, outputs_path = sys.argv[1:6]
action = yaml.safe_load(open(os.path.join(action_path, "action.yml")))
inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
given = json.loads(inputs_json)
unknown = set(given) - set(inputs)
if unknown:
    sys.exit(f"unknown inputs {unknown}")
inputs.update(given)
ctx = {
    "inputs": inputs,
    "github": {"action_path": action_path, "action_repository": "", "action_ref": "", "token": "t0ken",
               "workspace": workspace},
    "runner": {"os": "Linux", "arch": "X64", "temp": os.environ["RUNNER_TEMP"]},
    "steps": {},
}
log = open(log_path, "w")

def lookup(path):
    node = ctx
    for part in path.split("."):
        if not isinstance(node, dict):
            return ""
        node = node.get(part, "")
    return node if isinstance(node, str) else ""

ref = re.compile(r"\b(inputs|github|runner|steps)((?:\.[A-Za-z0-9_-]+)+)")

def evaluate(expr):
    # Enough of GitHub's expression language for action.yml: references, string literals, ==, !=, &&, ||.
    py = ref.sub(lambda m: repr(lookup(m.group(1) + m.group(2))), expr)
    py = py.replace("&&", " and ").replace("||", " or ")
    return eval(py, {"__builtins__": {}}, {})

def substitute(text):
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: str(evaluate(m.group(1).strip())), str(text))

failed_step = None
for step in action["runs"]["steps"]:
    name = substitute(step.get("name", ""))
    cond = step.get("if")
    if cond is not None and not evaluate(cond.replace("${{", "").replace("}}", "")):
        log.write(f"## skipped: {name}\n")
        continue
    if failed_step:
        break
    sid = step.get("id")
    if "uses" in step:
        uses = step["uses"]
        with_ = {k: substitute(v) for k, v in step.get("with", {}).items()}
        log.write(f"## {name}: stood in for {uses} {json.dumps(with_)}\n")
        outputs = {"cache-hit": "true"} if uses.startswith("actions/cache") else {}
        if "upload-sarif" in uses:
            outputs = {"uploaded": with_["sarif_file"]}
        if sid:
            ctx["steps"][sid] = {"outputs": outputs}
        continue
    env = dict(os.environ)
    env.update({k: substitute(v) for k, v in step.get("env", {}).items()})
    out = tempfile.NamedTemporaryFile(delete=False, dir=os.environ["RUNNER_TEMP"])
    out.close()
    env.update({"GITHUB_OUTPUT": out.name, "GITHUB_ACTION_PATH": action_path})
    cwd = os.path.join(workspace, substitute(step.get("working-directory", ".")))
    assert step["shell"] == "bash"
    log.write(f"## {name}\n")
    log.flush()
    p = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", substitute(step["run"])],
                       cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    outputs = {}
    for line in open(out.name):
        if "=" in line:
            k, v = line.rstrip("\n").split("=", 1)
            outputs[k] = v
    os.unlink(out.name)
    if sid:
        ctx["steps"][sid] = {"outputs": outputs}
    log.write(f"## exit {p.returncode}\n")
    if p.returncode:
        failed_step = (name, p.returncode)
result = {k: substitute(v["value"]) for k, v in action["outputs"].items()}
result["failed_step"] = failed_step[0] if failed_step else ""
result["failed_rc"] = failed_step[1] if failed_step else 0
json.dump(result, open(outputs_path, "w"), indent=1)
EOF

inputs=$(jq -n --arg url "$url" '{"database-url": $url, "upload-sarif": "true"}')
python3 "$work/run_action.py" "$action" "$ws" "$inputs" "$work/log" "$work/outputs.json"
out() { jq -r --arg k "$1" '.[$k] | tostring' "$work/outputs.json"; }
expect_output() { local got; got=$(out "$1"); [[ $got == "$2" ]] || fail "output $1 is '$got', expected '$2'"; }

# The job failed at the last step, with driftgate's exit code; the outputs.
expect_output failed_step "Gate"
expect_output failed_rc 2
expect_output exit-code 2
expect_output drift 1
expect_output pending 1
expect_output sarif driftgate.sarif
(( $(out errors) >= 2 )) || fail "errors: $(out errors), expected the drop of Post.title and the drift at least"
expect_output suppressed 1
grep -q '^## skipped: Build driftgate' "$work/log" || fail "the build ran despite the cache hit"
grep -q '^## Upload SARIF to code scanning: stood in for github/codeql-action/upload-sarif' "$work/log" ||
  fail "the SARIF upload step did not run"

# Annotations on the changed line; the base was fetched, so the base's migrations are not linted.
grep -Eq '^::error file=prisma/migrations/20240401000000_drop_columns/migration.sql,line=4,.*title=DG102' "$work/log" ||
  fail "no DG102 annotation on line 4 of the new migration: $(grep '^::' "$work/log" | head -5)"
grep -q 'file=prisma/migrations/20240320000000' "$work/log" && fail "a base migration was annotated: --base not applied"
grep -q '^::add-mask::' "$work/log" || fail "no ::add-mask:: line"

# The SARIF: every finding; the upload copy without the suppressed one.
sarif=$ws/driftgate.sarif
upload=$(out sarif-upload)
[[ -f $sarif && -f $upload ]] || fail "SARIF $sarif or its upload copy $upload missing"
if [[ -f $sarif && -f $upload ]]; then
  [[ $(jq '[.runs[].results[] | select(.suppressions // [] | length > 0)] | length' "$sarif") == 1 ]] ||
    fail "the SARIF lacks the suppressed result"
  [[ $(jq '[.runs[].results[] | select(.suppressions // [] | length > 0)] | length' "$upload") == 0 ]] ||
    fail "the upload copy has suppressed results"
  [[ $(jq '[.runs[].results[]] | length' "$upload") == $(( $(jq '[.runs[].results[]] | length' "$sarif") - 1 )) ]] ||
    fail "the upload copy lost more than the suppressed result"
fi

# The job summary.
summary=$GITHUB_STEP_SUMMARY
for want in '## driftgate check' '| Level | Rule | Location | Message |' '### Migrations' \
            '| 20240401000000\_drop\_columns | pending |' '### Drift (1)' '```mermaid' 'erDiagram' \
            'Drift: the live database' 'Datamodel: the history'; do
  grep -qF -- "$want" "$summary" || fail "the summary lacks: $want"
done
# The drift diagram: User with the hand-made column, Post joined to it by its foreign key.
awk '/^### Drift: /{on=1} on&&/^```$/{exit} on' "$summary" >"$work/drift.mmd"
grep -q 'User\["User (changed)"\] {' "$work/drift.mmd" || fail "drift diagram: no changed User table: $(cat "$work/drift.mmd")"
grep -Eq '^    text nickname "added"' "$work/drift.mmd" || fail "drift diagram: no added nickname column"
grep -Eq '^  Post }\|--\|\| User : "Post_authorId_fkey"' "$work/drift.mmd" || fail "drift diagram: no Post -> User relation"
grep -Eq ' (bio|title) ' "$work/drift.mmd" && fail "drift diagram: the pending migration's columns are drawn as drift"
# The datamodel diagram: the columns the new migration drops and schema.prisma still has.
awk '/^### Datamodel: /{on=1} on&&/^```$/{exit} on' "$summary" >"$work/datamodel.mmd"
grep -Eq '^    text bio "added"' "$work/datamodel.mmd" || fail "datamodel diagram: no bio column: $(cat "$work/datamodel.mmd")"
grep -Eq '^    text title "added"' "$work/datamodel.mmd" || fail "datamodel diagram: no title column"

# The password reaches no output but the mask commands themselves (which the runner swallows).
for f in "$work/log" "$summary" "$work/outputs.json" "$sarif" "$(out json)"; do
  grep -v '^::add-mask::' "$f" | grep -qF -e "$password" -e "$encoded" && fail "the password appears in $f"
done
grep -qxF "::add-mask::$url" "$work/log" || fail "the URL is not masked"
grep -qxF "::add-mask::$encoded" "$work/log" || fail "the password (as written) is not masked"
grep -qxF "::add-mask::$password" "$work/log" || fail "the password (decoded) is not masked"

cp "$summary" "$work/summary-check.md"
# command: lint, with the base given: no database, no server, annotations only for the new migration.
: >"$summary"
python3 "$work/run_action.py" "$action" "$ws" '{"command": "lint", "base": "origin/main", "sarif": ""}' \
  "$work/lint.log" "$work/lint-outputs.json"
[[ $(jq -r '.["exit-code"]' "$work/lint-outputs.json") == 2 ]] || fail "lint: exit $(jq -r '.["exit-code"]' "$work/lint-outputs.json")"
grep -q '^## skipped: Restore the shadow database cache' "$work/lint.log" || fail "lint: the shadow cache was restored"
grep -q '^## skipped: Upload SARIF' "$work/lint.log" || fail "lint: SARIF uploaded without a SARIF"
grep -qF '## driftgate lint' "$summary" || fail "lint: no summary"

if [[ $failed != 0 ]]; then
  echo "--- log"; cat "$work/log"; echo "--- summary"; cat "$work/summary-check.md"; echo "--- outputs"; cat "$work/outputs.json"
  exit 1
fi
echo "action steps: outputs, annotations, summary with Mermaid diagrams, SARIF and masking as expected"
