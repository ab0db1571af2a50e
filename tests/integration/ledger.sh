# Sourced by integration scripts: a migration history applied to a server the way `prisma migrate
# deploy` applies it, with Prisma's `_prisma_migrations` ledger, using only the server's own
# client (psql / mariadb). Needs servers.sh's SERVER_URL-style sockets.

# sql_client PROVIDER SOCKET_OR_DIR DATABASE [ARGS...]: runs SQL (stdin, or ARGS such as -f FILE)
# with the server's client, as its superuser.
sql_client() {
  local provider=$1 socket=$2 db=$3
  shift 3
  if [[ $provider == postgresql ]]; then
    psql -X -q -v ON_ERROR_STOP=1 -h "$socket" -U postgres -d "$db" "$@"
  else
    mariadb --no-defaults -S "$socket" -u root "$db" "$@"
  fi
}

ledger_ddl() {
  if [[ $1 == postgresql ]]; then cat <<'SQL'
CREATE TABLE IF NOT EXISTS _prisma_migrations (
  id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ,
  migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ,
  started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0);
SQL
  else cat <<'SQL'
CREATE TABLE IF NOT EXISTS _prisma_migrations (
  id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at DATETIME(3),
  migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at DATETIME(3),
  started_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), applied_steps_count INTEGER UNSIGNED NOT NULL DEFAULT 0
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
SQL
  fi
}

# ledger_row PROVIDER NAME CHECKSUM STATE: the INSERT for one row; STATE is applied, failed or rolled-back.
# Each row is started one second after the previous one, so that the ledger's order is the call order.
ledger_seq=0
ledger_row() {
  local provider=$1 name=$2 sum=$3 state=$4 now finished=NULL rolled=NULL steps=1 logs=NULL
  ledger_seq=$((ledger_seq + 1))
  if [[ $provider == postgresql ]]; then now="(TIMESTAMPTZ '2024-01-01 00:00:00+00' + interval '$ledger_seq seconds')"
  else now="(TIMESTAMP '2024-01-01 00:00:00' + INTERVAL $ledger_seq SECOND)"; fi
  case $state in
    applied) finished=$now ;;
    failed) steps=0; logs="'Database error code: 42P01 relation does not exist'" ;;
    rolled-back) steps=0; rolled=$now ;;
  esac
  echo "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)" \
       "VALUES ('$(cat /proc/sys/kernel/random/uuid)', '$sum', $finished, '$name', $logs, $rolled, $now, $steps);"
}

# create_database PROVIDER SOCKET DATABASE
create_database() {
  if [[ $1 == postgresql ]]; then echo "CREATE DATABASE \"$3\";" | sql_client "$1" "$2" postgres
  else echo "CREATE DATABASE \`$3\`;" | sql_client "$1" "$2" mysql; fi
}

# apply_migration PROVIDER SOCKET DATABASE FOLDER [STATE]: runs FOLDER/migration.sql as Prisma does
# (PostgreSQL: one transaction) and records it with STATE (applied by default) and its checksum.
apply_migration() {
  local provider=$1 socket=$2 db=$3 folder=$4 state=${5:-applied}
  if [[ $provider == postgresql ]]; then sql_client "$provider" "$socket" "$db" -1 -f "$folder/migration.sql" >/dev/null
  else sql_client "$provider" "$socket" "$db" <"$folder/migration.sql"; fi
  ledger_row "$provider" "$(basename "$folder")" "$(sha256sum "$folder/migration.sql" | cut -d' ' -f1)" "$state" |
    sql_client "$provider" "$socket" "$db"
}

# apply_with_ledger PROVIDER SOCKET DATABASE MIGRATIONS_DIR [COUNT]: creates DATABASE with a ledger,
# applies the first COUNT migrations (all by default) and records each as applied.
apply_with_ledger() {
  local provider=$1 socket=$2 db=$3 dir=$4 count=${5:-1000000} i=0 m
  create_database "$provider" "$socket" "$db"
  ledger_ddl "$provider" | sql_client "$provider" "$socket" "$db"
  for m in "$dir"/*/; do
    [[ -f $m/migration.sql ]] || continue
    ((i < count)) || break
    i=$((i + 1))
    apply_migration "$provider" "$socket" "$db" "${m%/}"
  done
}
