#!/usr/bin/env bash
# The action's gate step: runs driftgate COMMAND once for the annotations (--format github, the
# JSON report and the SARIF alongside) and once for the job summary (--format markdown), then
# writes the step outputs from the JSON report. Always exits 0: the exit code is the output
# `exit-code`, which the action's last step turns into the job's result (so the SARIF upload
# between them still runs).
# Run in the working directory. Env: DRIFTGATE (the binary), INPUT_COMMAND (check, lint, drift,
# status), INPUT_MIGRATIONS, INPUT_SCHEMA, INPUT_DATABASE_URL, INPUT_SHADOW_URL, INPUT_BASE
# ("" = the pull request's base when there is one, "none" = every migration), INPUT_FAIL_ON,
# INPUT_ACCEPT, INPUT_SARIF, INPUT_ARGS (more flags, split on spaces), GITHUB_BASE_REF,
# GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP.
set -uo pipefail
driftgate=${DRIFTGATE:?}
command=${INPUT_COMMAND:-check}
out=${GITHUB_OUTPUT:-/dev/null}
summary=${GITHUB_STEP_SUMMARY:-/dev/null}
tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
json=$tmp/driftgate-$command.json
sarif=${INPUT_SARIF:-}

case $command in
  check | lint | drift | status) ;;
  *) echo "::error title=driftgate::unknown command '$command' (check, lint, drift or status)"
     echo "exit-code=1" >>"$out"; exit 0 ;;
esac

# The base revision: the input, else the pull request's base branch (fetched when the checkout
# lacks it, as actions/checkout's default depth does).
base=${INPUT_BASE:-}
if [[ -z $base && -n ${GITHUB_BASE_REF:-} ]]; then
  base=origin/$GITHUB_BASE_REF
  if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null 2>&1; then
    git fetch --no-tags --quiet origin "+refs/heads/$GITHUB_BASE_REF:refs/remotes/origin/$GITHUB_BASE_REF" ||
      echo "::warning title=driftgate::could not fetch the base branch $GITHUB_BASE_REF; linting every migration"
    git rev-parse --verify --quiet "$base^{commit}" >/dev/null 2>&1 || base=""
  fi
fi
[[ $base == none ]] && base=""

args=("$command")
[[ -n ${INPUT_MIGRATIONS:-} ]] && args+=(--migrations "$INPUT_MIGRATIONS")
[[ -n ${INPUT_FAIL_ON:-} ]] && args+=(--fail-on "$INPUT_FAIL_ON")
if [[ $command != lint ]]; then
  [[ -n ${INPUT_SCHEMA:-} && $command == check ]] && args+=(--schema "$INPUT_SCHEMA")
  [[ -n ${INPUT_DATABASE_URL:-} ]] && args+=(--url "$INPUT_DATABASE_URL")
  [[ -n ${INPUT_SHADOW_URL:-} && $command != status ]] && args+=(--shadow-url "$INPUT_SHADOW_URL")
  [[ -n ${INPUT_ACCEPT:-} && $command != status ]] && args+=(--accept "$INPUT_ACCEPT")
  [[ $command != status ]] && args+=(--quiet)
fi
[[ -n $base && ( $command == check || $command == lint ) ]] && args+=(--base "$base")
# shellcheck disable=SC2206 # extra flags are split on spaces on purpose
[[ -n ${INPUT_ARGS:-} ]] && args+=(${INPUT_ARGS})

rc=0
"$driftgate" "${args[@]}" --format github --output-json "$json" ${sarif:+--output-sarif "$sarif"} || rc=$?
# The same report as Markdown for the job summary; a failure there was reported by the run above.
"$driftgate" "${args[@]}" --format markdown >>"$summary" 2>/dev/null || true

{
  echo "exit-code=$rc"
  echo "json=$json"
  if [[ -f $json ]]; then
    jq -r '"errors=\(.summary.errors // 0)",
           "warnings=\(.summary.warnings // 0)",
           "notices=\(.summary.notices // 0)",
           "suppressed=\(.summary.suppressed // 0)",
           "drift=\([.findings[]? | select(.rule == "DG601" and (.suppressed | not))] | length)",
           "pending=\([.migrations[]? | select(.state == "pending")] | length)"' "$json"
  else
    printf '%s\n' errors=0 warnings=0 notices=0 suppressed=0 drift=0 pending=0
  fi
} >>"$out"

if [[ -n $sarif && -f $sarif ]]; then
  # Code scanning ignores SARIF `suppressions` and would open an alert for every finding suppressed
  # in the SQL or accepted in the allowlist: the copy for the upload keeps only the others (the
  # file itself, the JSON and the summary still list them).
  upload=$tmp/driftgate-$command.upload.sarif
  jq '.runs[].results |= map(select((.suppressions // []) | length == 0))' "$sarif" >"$upload"
  echo "sarif=$sarif" >>"$out"
  echo "sarif-upload=$upload" >>"$out"
else
  echo "sarif=" >>"$out"
  echo "sarif-upload=" >>"$out"
fi
exit 0
