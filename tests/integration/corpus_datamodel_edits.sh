#!/usr/bin/env bash
# Each PostgreSQL history of ../shared/corpus against edited copies of its own datamodel: after
# each scripted edit (prisma_edit.pl: drop a field, change a field's type, make a required field
# optional, add an @@index, rename a model keeping its table with @@map, add an enum value, add a
# relation), `diff --from <history> --to schema:<copy> --exit-code` must exit 2 and report exactly
# the changes Prisma Migrate would generate for that edit, beyond those of the unedited datamodel
# (hoppscotch's four hand-written indexes, see corpus_datamodel_diff.sh). The rename must report
# nothing: tables, constraint and index names derive from database names, which @@map keeps.
# Adding an optional relation is one logical change but two schema changes on PostgreSQL, the
# column and its foreign key (ON DELETE SET NULL ON UPDATE CASCADE), and no index: Prisma creates
# none for a foreign key (mapping doc §5.1); with relationMode = "prisma" (umami) only the column.
# Each history is replayed once, into a snapshot that every diff reads.
# Skips (exit 77) when the corpus is absent.
set -euo pipefail
driftgate=$1
corpus=$2/corpus
editor=$(dirname "$0")/prisma_edit.pl
[[ -d $corpus ]] || { echo "SKIP: $corpus is absent"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# A copy of a datamodel (a file, or a folder whose .prisma files keep their relative paths) in $2.
copy_datamodel() {
  mkdir -p "$2"
  if [[ -f $1 ]]; then cp "$1" "$2/"; else (cd "$1" && find . -name '*.prisma' -exec cp --parents {} "$2/" \;); fi
}

# diff's JSON and exit code against a datamodel: sets $json and $rc.
diff_against() {
  rc=0
  json=$("$driftgate" diff --from "snapshot:$1" --to "schema:$2" --exit-code --format json) || rc=$?
}

# The changes of the JSON in $1 that the JSON in $2 does not have, sorted.
changes_beyond() {
  jq -cS --argjson base "$2" '[.changes[] | . as $c | select($base.changes | any(. == $c) | not)] | sort' <<<"$1"
}

while read -r project dir datamodel; do
  snapshot=$work/$project.json
  "$driftgate" snapshot --from "migrations:$corpus/$project/$dir" -o "$snapshot" --quiet
  copy_datamodel "$corpus/$project/$datamodel" "$work/$project/unedited"
  diff_against "$snapshot" "$work/$project/unedited"
  baseline=$json baseline_rc=$rc
  for edit in drop-field change-type make-optional add-index rename-model add-enum-value add-relation; do
    copy=$work/$project/$edit
    copy_datamodel "$corpus/$project/$datamodel" "$copy"
    plan=$(perl "$editor" "$edit" "$copy" "$snapshot")
    if skip=$(jq -er '.skip' <<<"$plan"); then
      echo "$project $edit: skipped: $skip"
      continue
    fi
    diff_against "$snapshot" "$copy"
    expected=$(jq -cS '.expect | sort' <<<"$plan")
    added=$(changes_beyond "$json" "$baseline")
    lost=$(changes_beyond "$baseline" "$json")
    want_rc=$([[ $expected == '[]' ]] && echo "$baseline_rc" || echo 2)
    what="$project $edit ($(jq -r .target <<<"$plan"))"
    if [[ $rc != "$want_rc" || $added != "$expected" || $lost != '[]' ]]; then
      fail "$what: exit $rc (expected $want_rc)"$'\n'"  expected: $expected"$'\n'"  reported: $added"$'\n'\
"  no longer reported: $lost"
      continue
    fi
    # The relation's foreign key and column as the edited datamodel defines them.
    if [[ $edit == add-relation ]]; then
      expected_schema=$("$driftgate" snapshot --from "schema:$copy")
      table=$(jq -r '.expect[0].table' <<<"$plan")
      actual=$(jq -cS --arg t "$table" --arg c "$(jq -r .column.name <<<"$plan")" '.namespaces[]
                 | select(.name == "public") | .tables[] | select(.name == $t)
                 | {column: (.columns[] | select(.name == $c)),
                    foreign_key: ([.foreign_keys[] | select(any(.columns[]; . == $c))] | first),
                    indexed: any(.indexes[].columns[]; .name == $c)}' <<<"$expected_schema")
      want=$(jq -cS '{column, foreign_key, indexed: false}' <<<"$plan")
      [[ $actual == "$want" ]] || { fail "$what: expected $want, the datamodel gives $actual"; continue; }
    fi
    summary=$(jq -r 'map(.change + " " + .kind + " " + .table + "." + .name) | join(", ")' <<<"$expected")
    echo "$what: exit $rc, ${summary:-no change}"
  done
done < <(grep -v '^#' "$(dirname "${BASH_SOURCE[0]}")/corpus_projects.txt")
exit $failed
