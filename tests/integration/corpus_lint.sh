#!/usr/bin/env bash
# Lints every history of ../shared/corpus, PostgreSQL and MySQL: no statement of these real, valid
# histories may fail to parse (DG000), every migration is linted, and a few real findings are
# pinned with their exact locations. Skips (exit 77) when the corpus is absent.
set -euo pipefail
driftgate=$1
corpus=$2/corpus
if [[ ! -d $corpus ]]; then
  echo "SKIP: $corpus is absent (the shared corpus sits beside the checkout)"
  exit 77
fi
command -v jq >/dev/null || { echo "jq is required (make deps installs it)"; exit 1; }

failed=0
fail() { echo "FAIL: $*"; failed=1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# project  migrations-dir  migration-count
while read -r project dir count; do
  json=$out/$project.json
  source_project=${project%-mysql}  # umami-mysql: umami's MySQL history
  rc=0
  "$driftgate" lint --migrations "$corpus/$source_project/$dir" --root "$corpus/$source_project" --format json >"$json" || rc=$?
  [[ $rc == 0 || $rc == 2 ]] || { fail "$project: exit code $rc"; continue; }
  linted=$(jq '.summary.migrations' "$json")
  [[ $linted == "$count" ]] || fail "$project: linted $linted migrations, expected $count"
  parse_errors=$(jq '[.findings[] | select(.rule == "DG000")] | length' "$json")
  [[ $parse_errors == 0 ]] || fail "$project: $parse_errors DG000 parse failures: $(jq -c '[.findings[] | select(.rule == "DG000")][0]' "$json")"
  echo "$project: $(jq -c '.summary' "$json")"
done <<'LIST'
documenso packages/prisma/migrations 163
rallly packages/database/prisma/migrations 145
papermark prisma/migrations 107
hoppscotch packages/hoppscotch-backend/prisma/migrations 21
umami db/postgresql/migrations 13
umami-mysql db/mysql/migrations 13
LIST

# project  file:line:column  rule  the statement found there
while read -r project where rule _statement; do
  json=$out/$project.json
  [[ -f $json ]] || continue
  jq -e --arg w "$where" --arg r "$rule" \
    'any(.findings[]; "\(.file):\(.line):\(.column)" == $w and .rule == $r)' "$json" >/dev/null ||
    fail "$project: expected $rule at $where"
done <<'PINNED'
documenso packages/prisma/migrations/20230829180915_recipient_id_for_user_id/migration.sql:12:21 DG102 ALTER TABLE "Share" DROP COLUMN "userId",
rallly packages/database/prisma/migrations/20220623175037_remove_links_model/migration.sql:17:1 DG101 DROP TABLE "links";
umami db/postgresql/migrations/04_team_redesign/migration.sql:23:1 DG101 DROP TABLE "team_website";
hoppscotch packages/hoppscotch-backend/prisma/migrations/20241118054346_infra_config_sync_with_env_file/migration.sql:2:27 DG102 ALTER TABLE "InfraConfig" DROP COLUMN "active",
umami-mysql db/mysql/migrations/04_team_redesign/migration.sql:23:12 DG101 DROP TABLE `team_website`;
umami-mysql db/mysql/migrations/09_update_hostname_region/migration.sql:17:23 DG102 ALTER TABLE `session` DROP COLUMN `subdivision2`;
umami-mysql db/mysql/migrations/09_update_hostname_region/migration.sql:16:23 DG305 ALTER TABLE `session` RENAME COLUMN `subdivision1` TO `region`;
umami-mysql db/mysql/migrations/12_update_report_parameter/migration.sql:2:22 DG203 ALTER TABLE `report` MODIFY `parameters` JSON NOT NULL;
PINNED

exit $failed
