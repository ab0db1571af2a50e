# Sourced by the bench scripts (shadow.sh, datamodel.sh): a throwaway PostgreSQL server in a
# private temp dir, listening only on a unix socket there, fsync off. It stands for a team's CI
# database: already running when the measured command starts, so its start-up is not measured.
# shellcheck shell=bash disable=SC2034  # pg_dir and pg_url are read by the scripts that source this

pg_bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
pg_dir=""   # the server's data dir parent and socket directory, once started
pg_url=""   # a URL for it, as driftgate and Prisma take it

# PostgreSQL refuses to run as root; then the server runs as the postgres system user.
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Prints why no server can be started here and succeeds; fails silently when one can.
pg_server_missing() {
  [[ -x $pg_bindir/initdb ]] || { echo "no PostgreSQL server binaries"; return 0; }
  command -v psql >/dev/null || { echo "no psql"; return 0; }
  return 1
}

# Starts the server and sets pg_dir and pg_url. Call pg_server_stop from the caller's EXIT trap.
pg_server_start() {
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-bench-XXXXXX")
  [[ $(id -u) == 0 ]] && chown postgres "$pg_dir"
  as_pg "$pg_bindir/initdb" -D "$pg_dir/data" -A trust --no-sync -U postgres >/dev/null
  as_pg "$pg_bindir/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w start \
    -o "-k $pg_dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
  pg_url="postgresql://postgres@localhost/postgres?host=$pg_dir"
}

pg_server_stop() {
  [[ -n $pg_dir ]] || return 0
  as_pg "$pg_bindir/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
  pg_dir=""
}
