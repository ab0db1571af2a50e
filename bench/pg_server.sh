# Sourced by the bench scripts (shadow.sh, datamodel.sh): a throwaway PostgreSQL server standing
# for a team's CI database, already running when the measured command starts, so its start-up is
# not measured. It is started as the integration tests start theirs (tests/integration/servers.sh).
# shellcheck shell=bash disable=SC2034  # pg_dir and pg_url are read by the scripts that source this
# shellcheck source=../tests/integration/servers.sh
. "$(dirname "${BASH_SOURCE[0]}")/../tests/integration/servers.sh"

pg_root=""  # the server's private temp dir, once started
pg_dir=""   # its socket directory
pg_url=""   # a URL for it, as driftgate and Prisma take it

as_pg() { as_user postgres "$@"; }

# Prints why no server can be started here and succeeds; fails silently when one can.
pg_server_missing() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || { echo "no PostgreSQL server binaries"; return 0; }
  command -v psql >/dev/null || { echo "no psql"; return 0; }
  return 1
}

# Starts the server and sets pg_dir and pg_url. Call pg_server_stop from the caller's EXIT trap.
pg_server_start() {
  pg_root=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-bench-XXXXXX")
  start_postgres "$pg_root/server" >/dev/null
  pg_dir=$pg_root/server
  pg_url=$SERVER_URL
}

pg_server_stop() {
  stop_servers
  [[ -z $pg_root ]] || rm -rf "$pg_root"
  pg_root=""
}
