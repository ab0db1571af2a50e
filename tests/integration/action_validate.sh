#!/usr/bin/env bash
# action.yml, the project's workflows and the example workflows pass action-validator (the JSON
# schemas of GitHub Actions metadata and workflow files, and its checks of globs and `uses:`), and
# a broken copy of each kind is rejected. The validator is installed with npm once into TOOLS_DIR.
# Skips (77) without npm, or when the package cannot be installed (no registry).
# Usage: action_validate.sh SOURCE_DIR TOOLS_DIR
set -euo pipefail
src=$(realpath "$1")
tools=$2
version=0.6.0
command -v npm >/dev/null || { echo "SKIP: npm is absent"; exit 77; }
bin=$tools/node_modules/.bin/action-validator
if [[ ! -x $bin ]]; then
  mkdir -p "$tools"
  (cd "$tools" && npm install --silent --no-audit --no-fund "@action-validator/cli@$version" "@action-validator/core@$version" \
     >/dev/null 2>&1) || { echo "SKIP: could not install @action-validator/cli@$version with npm"; exit 77; }
fi
failed=0
files=("$src/action.yml" "$src"/.github/workflows/*.yml "$src"/examples/workflows/*.yml)
for f in "${files[@]}"; do
  # Globs (paths:) are checked against the repository they are in: the examples' are a user's.
  if (cd "$src" && "$bin" "$f"); then echo "valid: ${f#"$src"/}"; else echo "FAIL: ${f#"$src"/}"; failed=1; fi
done

# It does reject: an action step without `shell`, a workflow job without `runs-on`.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed 's/^      shell: bash$//' "$src/action.yml" >"$work/action.yml"
(cd "$work" && "$bin" action.yml >/dev/null 2>&1) && { echo "FAIL: a step without shell passed"; failed=1; }
mkdir -p "$work/.github/workflows"
sed 's/^    runs-on: .*$//' "$src/.github/workflows/ci.yml" >"$work/.github/workflows/ci.yml"
(cd "$work" && "$bin" .github/workflows/ci.yml >/dev/null 2>&1) && { echo "FAIL: a job without runs-on passed"; failed=1; }
exit $failed
