#!/usr/bin/env bash
# The README's commands do what it says, run as written: every `driftgate ...` line of its sh
# blocks, in a Prisma project (fixtures/demo in a git repository with an origin/main) whose live
# database is DATABASE_URL, must give a verdict (exit 0 or 2), never an error (1); the files they
# write must be there; and `make demo`'s step (scripts/demo.sh) must run. The quick start's `make`
# lines are what CI itself runs.
# Usage: readme_commands.sh DRIFTGATE REPO_DIR
set -euo pipefail
driftgate=$(realpath "$1")
repo=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
source "$here/servers.sh"
source "$here/ledger.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-readme-XXXXXX")
trap 'stop_servers; rm -rf "$work"' EXIT
start_postgres "$work/srv" || exit $?
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# The project: the demo, committed as origin/main, with the folder names the README's examples use.
project=$work/project
mkdir -p "$project"
cp -r "$repo/fixtures/demo/prisma" "$project/"
mkdir -p "$project/db" && ln -s ../prisma/migrations "$project/db/migrations"
git -C "$project" init -q
git -C "$project" -c user.name=t -c user.email=t@example.com add -A
git -C "$project" -c user.name=t -c user.email=t@example.com commit -qm init
git -C "$project" update-ref refs/remotes/origin/main HEAD
apply_with_ledger postgresql "$work/srv" live "$project/prisma/migrations" 2
export DATABASE_URL="postgresql://postgres@localhost/live?host=$work/srv"
mkdir -p "$work/bin" && ln -s "$driftgate" "$work/bin/driftgate"
export PATH="$work/bin:$PATH"

# Every driftgate line of the sh blocks, its trailing comment dropped.
mapfile -t commands < <(awk '/^```sh/ { f = 1; next } /^```/ { f = 0 } f && /^driftgate / { sub(/[ \t]+#.*$/, ""); print }' "$repo/README.md")
((${#commands[@]} >= 10)) || fail "expected the README's usage commands, found ${#commands[@]}"
for command in "${commands[@]}"; do
  rc=0
  (cd "$project" && bash -c "$command" >"$work/out" 2>"$work/err") || rc=$?
  if [[ $rc != 0 && $rc != 2 ]]; then fail "\`$command\` exited $rc: $(head -c 400 "$work/err")"
  else echo "ok ($rc): $command"; fi
done
jq -e '.version == "2.1.0"' "$project/driftgate.sarif" >/dev/null || fail "driftgate.sarif is not SARIF 2.1.0"
jq -e '.namespaces' "$project/schema.json" >/dev/null || fail "schema.json is not a snapshot"

# What `make demo` runs once the binary is built.
rc=0
"$repo/scripts/demo.sh" "$driftgate" >"$work/demo.out" 2>&1 || rc=$?
[[ $rc == 0 ]] && grep -q "exit code 2" "$work/demo.out" || fail "scripts/demo.sh: exit $rc: $(tail -5 "$work/demo.out")"
exit $failed
