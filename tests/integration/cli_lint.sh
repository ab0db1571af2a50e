#!/usr/bin/env bash
# The lint command as CI uses it: exit codes, --base against a git revision (only new or edited
# migrations reported, an edited one is DG008), Prisma's warnings as notes, GitHub annotations.
set -euo pipefail
driftgate=$(realpath "$1")
demo=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }
expect_rc() {  # expect_rc CODE command...
  local want=$1 rc=0
  shift
  "$@" >"$work/out" 2>&1 || rc=$?
  [[ $rc == "$want" ]] || { fail "'$*' exited $rc, expected $want:"; sed 's/^/    /' "$work/out"; }
}

expect_rc 0 "$driftgate" --version
expect_rc 1 "$driftgate" lint --no-such-flag          # CLI11's own codes are mapped to 1
expect_rc 1 "$driftgate" lint --migrations "$work/absent"
expect_rc 2 "$driftgate" lint --migrations "$demo/prisma/migrations" --root "$demo"
expect_rc 0 "$driftgate" lint --migrations "$demo/prisma/migrations" --root "$demo" --latest 1 --disable DG102 --disable DG201

# Prisma's Warnings: block is quoted as a note on the findings it is about.
"$driftgate" lint --migrations "$demo/prisma/migrations" --root "$demo" --format json >"$work/demo.json" || true
jq -e '.findings[] | select(.rule == "DG102") | .notes[0] | test("You are about to drop the column `name`")' \
  "$work/demo.json" >/dev/null || fail "DG102 should carry Prisma's warning as a note"

# GitHub annotations: errors first, properties escaped.
"$driftgate" lint --migrations "$demo/prisma/migrations" --root "$demo" --format github >"$work/gh" || true
head -1 "$work/gh" | grep -q '^::error file=prisma/migrations/20240320000000_rename_display_name/migration.sql,line=' ||
  fail "the first annotation should be an error with its file and line: $(head -1 "$work/gh")"

# --base: a repository whose main has two migrations; the branch edits one and adds one.
repo=$work/repo
mkdir -p "$repo/prisma/migrations"
cp -r "$demo/prisma/migrations/20240101000000_init" "$demo/prisma/migrations/20240215000000_add_profile" \
  "$demo/prisma/migrations/migration_lock.toml" "$repo/prisma/migrations/"
git -C "$repo" init -q -b main
git -C "$repo" -c user.name=t -c user.email=t@example.com add -A
git -C "$repo" -c user.name=t -c user.email=t@example.com commit -qm base
printf '\nALTER TABLE "User" ADD COLUMN "edited" TEXT;\n' >>"$repo/prisma/migrations/20240215000000_add_profile/migration.sql"
cp -r "$demo/prisma/migrations/20240320000000_rename_display_name" "$repo/prisma/migrations/"
(cd "$repo" && "$driftgate" lint --base main --format json >"$work/base.json") || true
[[ -s $work/base.json ]] || fail "lint --base main printed no report"
jq -e '[.findings[] | select(.rule == "DG008")] | length == 1' "$work/base.json" >/dev/null ||
  fail "the edited migration should be one DG008: $(jq -c '[.findings[] | .rule]' "$work/base.json")"
jq -e '.summary.migrations == 2 and all(.findings[]; .migration != "20240101000000_init")' "$work/base.json" >/dev/null ||
  fail "--base should lint only the edited and the new migration: $(jq -c '.summary' "$work/base.json")"
exit $failed
