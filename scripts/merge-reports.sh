#!/usr/bin/env bash
# Merges driftgate JSON reports (one per database, e.g. from a job matrix) into one Markdown
# summary on stdout: a row per report (its name is the file name without .json), then each failing
# report's unsuppressed findings. Exit 0 when every report passed, 2 when one failed, 1 on bad input.
# Usage: merge-reports.sh REPORT.json... (>> "$GITHUB_STEP_SUMMARY")
set -euo pipefail
[[ $# -ge 1 ]] || { echo "usage: $0 REPORT.json..." >&2; exit 1; }
command -v jq >/dev/null || { echo "merge-reports: needs jq" >&2; exit 1; }
failed=0
rows="" details=""
for f in "$@"; do
  name=$(basename "$f" .json)
  if ! jq -e '.schema_version and .summary' "$f" >/dev/null 2>&1; then
    echo "merge-reports: $f is not a driftgate JSON report" >&2
    exit 1
  fi
  passed=$(jq -r '.passed' "$f")
  [[ $passed == true ]] || failed=1
  rows+=$(jq -r --arg name "$name" '
    def pending: [.migrations[]? | select(.state == "pending")] | length;
    def drift: [.findings[]? | select(.rule == "DG601" and (.suppressed | not))] | length;
    "| \($name) | \(.command) | \(if .passed then ":white_check_mark: passed" else ":x: failed" end) | \(.summary.errors) | \(.summary.warnings) | \(.summary.notices) | \(drift) | \(pending) |"' "$f")$'\n'
  if [[ $passed != true ]]; then
    details+=$'\n'"### $name"$'\n\n'
    details+=$(jq -r '[.findings[]? | select(.suppressed | not)] as $open
      | ($open[:20][] | "- **\(.level)** \(.rule): \(.message | gsub("\n"; " ") | gsub("\\|"; "\\|"))"),
        (if ($open | length) > 20 then "- ... \(($open | length) - 20) more" else empty end)' "$f")$'\n'
  fi
done
echo "## driftgate: $# database(s)"
echo
if [[ $failed == 0 ]]; then echo ":white_check_mark: **Every database passed**"; else echo ":x: **A database failed the gate**"; fi
echo
echo "| Database | Command | Result | Errors | Warnings | Notices | Drift | Pending |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s' "$rows"
printf '%s' "$details"
[[ $failed == 0 ]] || exit 2
